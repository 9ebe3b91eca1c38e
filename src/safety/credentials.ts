/**
 * The run's own credentials, by value, and where a request may carry them. A held credential travels only in its
 * credential position: the `Authorization` header, the header/query/cookie an apiKey scheme names, or a parameter or
 * body field of the name it is held under (`request_key`, `client_secret`, `refresh_token`). Anywhere else (in a
 * path, or under another name) the request would hand the credential to an operation as data, which is how a run
 * revokes its own refresh token; the guard refuses such a request.
 */
import type { RecordedRequest } from '../core/wire.ts';
import type { Contract } from '../contract/types.ts';
import type { Session } from '../core/session.ts';
import { decodeComponent } from '../core/url.ts';
import { isCredentialName, snakeName } from './classify.ts';

export interface HeldCredential {
  value: string;
  /** Every name it is held under, snake case: `app_key`, `client_secret`. */
  names: Set<string>;
}

/** Values shorter than this are not credentials anyone could recognise (an office id, a page number). */
const MIN_LENGTH = 8;

/**
 * Every credential the run holds for a project: the session's scheme values (and the bare token inside
 * `Bearer …`/`Token token=…`), its values with credential names, and the vendor's credential variables.
 */
export function heldCredentials(session: Session, env: NodeJS.ProcessEnv, variables: string[], prefix: string): HeldCredential[] {
  const byValue = new Map<string, Set<string>>();
  const hold = (value: string | undefined, name: string) => {
    if (!value || value.length < MIN_LENGTH) return;
    const names = byValue.get(value) ?? new Set<string>();
    if (name) names.add(snakeName(name));
    byValue.set(value, names);
  };
  for (const value of Object.values(session.schemes)) {
    hold(value, '');
    // `Token token=abc`, `Bearer abc`: the token itself is the secret.
    const bare = /(?:^|[\s=])([^\s=",]+)"?\s*$/.exec(value)?.[1];
    if (bare && bare !== value) hold(bare, '');
  }
  for (const [name, value] of Object.entries(session.values))
    if (isCredentialName(name) || /(^|_)code$/.test(snakeName(name))) hold(value, name);
  for (const variable of variables) {
    if (!/(KEY|TOKEN|SECRET|PASSWORD|CODE)$/.test(variable)) continue;
    hold(env[variable], variable.startsWith(prefix) ? variable.slice(prefix.length) : variable);
  }
  // A value held under one credential name and also under another one (the app key is the client secret) is
  // allowed under each.
  for (const [name, value] of Object.entries(session.values)) if (byValue.has(value)) byValue.get(value)!.add(snakeName(name));
  return [...byValue.entries()].map(([value, names]) => ({ value, names }));
}

/** Header, query and cookie names where the contract's security schemes put a credential. */
export function credentialPositions(contract: Contract): { headers: Set<string>; query: Set<string> } {
  const headers = new Set(['authorization', 'proxy-authorization', 'cookie']);
  const query = new Set<string>();
  for (const operation of contract.operations)
    for (const requirement of operation.security)
      for (const scheme of requirement) {
        if (scheme.type !== 'apiKey' || !scheme.paramName) continue;
        if (scheme.in === 'header') headers.add(scheme.paramName.toLowerCase());
        if (scheme.in === 'query') query.add(scheme.paramName);
      }
  return { headers, query };
}

/** `code` may carry what is held as `auth_code`; `client_secret` what is held as `client_secret`. */
export function namedAs(field: string, names: Set<string>): boolean {
  const f = snakeName(field);
  if (!f) return false;
  for (const n of names) if (f === n || n.endsWith(`_${f}`) || f.endsWith(`_${n}`)) return true;
  return false;
}

/**
 * Where this request carries a held credential outside a credential position, as readable places
 * (`the path`, `query parameter "token"`, `body field "refresh_token"`); empty when it carries none so.
 */
export function credentialExposures(
  request: RecordedRequest,
  held: HeldCredential[],
  positions: { headers: Set<string>; query: Set<string> },
): string[] {
  if (held.length === 0) return [];
  const found: string[] = [];
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return [];
  }
  const path = decodeComponent(url.pathname);
  for (const credential of held) {
    const holds = (text: string) => text.includes(credential.value);
    const label = [...credential.names][0] ?? 'credential';
    if (holds(path)) found.push(`the run's ${label} in the path`);
    for (const [name, value] of url.searchParams)
      if (holds(value) && !positions.query.has(name) && !namedAs(name, credential.names))
        found.push(`the run's ${label} in query parameter "${name}"`);
    for (const [name, value] of Object.entries(request.headers))
      if (holds(value) && !positions.headers.has(name.toLowerCase()) && !namedAs(name, credential.names))
        found.push(`the run's ${label} in header "${name}"`);
    if (request.body !== undefined && holds(request.body))
      for (const field of fieldsHolding(request.body, request.headers['content-type'] ?? '', credential.value))
        if (field === undefined || !namedAs(field, credential.names))
          found.push(`the run's ${label} in body ${field ? `field "${field}"` : 'text'}`);
  }
  return [...new Set(found)];
}

/** The names of the body fields whose values hold `value`; `undefined` for a body that is not JSON or a form. */
function fieldsHolding(body: string, contentType: string, value: string): (string | undefined)[] {
  if (/json/i.test(contentType)) {
    try {
      const fields: (string | undefined)[] = [];
      const visit = (node: unknown, key: string | undefined) => {
        if (typeof node === 'string') {
          if (node.includes(value)) fields.push(key);
        } else if (Array.isArray(node)) for (const item of node) visit(item, key);
        else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, k);
      };
      visit(JSON.parse(body), undefined);
      return fields;
    } catch {
      return [undefined];
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType))
    return [...new URLSearchParams(body)].filter(([, v]) => v.includes(value)).map(([k]) => k);
  return [undefined];
}
