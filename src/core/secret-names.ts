/**
 * The one policy of which parameter, header and field names hold credentials: a generic list every vendor shares,
 * plus the names vendors declare. The vendors' names come in as data from whoever loads the vendors (the vendor
 * registry calls `provideSecretNames`), so redaction never loads a vendor folder to learn them.
 */

/** Names whose values are credentials, whatever the vendor. */
const GENERIC_SECRET_NAME =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|app[-_]?key|secret[-_]?key|client[-_]?secret|access[-_]?token|refresh[-_]?token|id[-_]?token|token|password|code|secret)$/i;

/** `request_key`, `Request-Key` and `requestkey` are one name. */
const normalised = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');

let provider: (() => readonly string[]) | undefined;
let cached: { from: readonly string[]; names: ReadonlySet<string> } | undefined;

/**
 * Where the vendors' secret names come from; the provider returns the same array until the vendors change, so the
 * normalised set is rebuilt only then.
 */
export function provideSecretNames(names: () => readonly string[]): void {
  provider = names;
  cached = undefined;
}

function declaredNames(): ReadonlySet<string> {
  // Redacting without the vendors' names would let a vendor's own credential field through: fail loudly instead.
  if (!provider) throw new Error("VENDORS_NOT_LOADED: the vendors' secret names are unknown; import src/vendors/registry.ts first");
  const from = provider();
  if (cached?.from !== from) cached = { from, names: new Set(from.map(normalised)) };
  return cached.names;
}

export const isSecretName = (name: string): boolean => GENERIC_SECRET_NAME.test(name) || declaredNames().has(normalised(name));
