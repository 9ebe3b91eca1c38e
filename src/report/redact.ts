import { referenceSandboxVariables } from '../targets/run-state.ts';
import { sessionSecrets } from '../targets/session.ts';
import { vendorDescriptors } from '../vendors/registry.ts';

/** Parameter, header and field names whose values are credentials, whatever the vendor; vendors add theirs in their descriptors. */
const SECRET_NAME =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|app[-_]?key|secret[-_]?key|client[-_]?secret|access[-_]?token|refresh[-_]?token|id[-_]?token|token|password|code|secret)$/i;

/** Environment variables that hold credentials: their values are scrubbed wherever they appear. */
const SECRET_ENV = /(KEY|SECRET|TOKEN|PASSWORD|CODE)$/;

export const REDACTED = '[REDACTED]';

/** `request_key`, `Request-Key` and `requestkey` are one name. */
const normalised = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');

let vendorNames: { from: readonly unknown[]; names: ReadonlySet<string> } | undefined;

/** The secret names the vendors' descriptors declare, normalised; rebuilt only when a vendor is added. */
function vendorSecretNames(): ReadonlySet<string> {
  const vendors = vendorDescriptors();
  if (vendorNames?.from !== vendors)
    vendorNames = { from: vendors, names: new Set(vendors.flatMap((vendor) => (vendor.secretNames ?? []).map(normalised))) };
  return vendorNames.names;
}

export const isSecretName = (name: string): boolean => SECRET_NAME.test(name) || vendorSecretNames().has(normalised(name));

/** Credential values from the environment, longest first so that a value containing another is scrubbed whole. */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromVariables = Object.entries({ ...env, ...referenceSandboxVariables(env) })
    .filter(([name, value]) => SECRET_ENV.test(name) && typeof value === 'string')
    .map(([, value]) => value as string);
  return [...new Set([...fromVariables, ...sessionSecrets(env)])].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length);
}

/** Replaces every known credential value in free text (titles, log lines, bodies). */
export function scrubText(text: string, secrets: string[] = secretValues()): string {
  let out = text;
  for (const secret of secrets) {
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  return out;
}

/** A URL with credential query parameters replaced. */
export function redactUrl(url: string, secrets: string[] = secretValues()): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) if (isSecretName(key)) parsed.searchParams.set(key, REDACTED);
    if (parsed.password) parsed.password = REDACTED;
    return scrubText(decodeURI(parsed.toString()), secrets);
  } catch {
    return scrubText(url, secrets);
  }
}

/**
 * Headers with credential values replaced. Names are scrubbed too: a target may echo a token as a header name,
 * and a report must not carry it in either place.
 */
export function redactHeaders(headers: Record<string, string>, secrets: string[] = secretValues()): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [scrubText(k, secrets), isSecretName(k) ? REDACTED : scrubText(v, secrets)]),
  );
}

/** A JSON value with credential fields replaced, at any depth; keys that hold a known credential are scrubbed too. */
export function redactValue(value: unknown, secrets: string[] = secretValues()): unknown {
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        scrubText(k, secrets),
        isSecretName(k) && v !== null && typeof v !== 'object' ? REDACTED : redactValue(v, secrets),
      ]),
    );
  }
  return typeof value === 'string' ? scrubText(value, secrets) : value;
}

/** A body as text, redacted as JSON or as a form when it parses as one. */
export function redactBody(text: string | undefined, secrets: string[] = secretValues()): string | undefined {
  if (text === undefined || text === '') return text;
  try {
    return JSON.stringify(redactValue(JSON.parse(text), secrets), null, 2);
  } catch {
    if (/^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/.test(text)) {
      const form = new URLSearchParams(text);
      for (const key of [...form.keys()]) if (isSecretName(key)) form.set(key, REDACTED);
      return scrubText(form.toString(), secrets);
    }
    return scrubText(text, secrets);
  }
}
