/**
 * Redaction for reports, attachments and logs: credential values of this run and values under secret names go.
 * Which names are secret is the core's policy (src/core/secret-names.ts), fed by whoever loads the vendors.
 */
import { isSecretName } from '../core/secret-names.ts';
import { REDACTED, scrubValues } from '../core/secrets.ts';
import { secretValues } from '../targets/secret-values.ts';

/** Replaces every known credential value in free text (titles, log lines, bodies). */
export const scrubText = (text: string, secrets: readonly string[] = secretValues()): string => scrubValues(text, secrets);

/** A URL with credential query parameters replaced. */
export function redactUrl(url: string, secrets: readonly string[] = secretValues()): string {
  // Only parsing may fail here: a failure of the name policy itself must not fall back to a less redacted URL.
  const parsed = parsedUrl(url);
  if (!parsed) return scrubText(url, secrets);
  for (const key of [...parsed.searchParams.keys()]) if (isSecretName(key)) parsed.searchParams.set(key, REDACTED);
  if (parsed.password) parsed.password = REDACTED;
  const text = parsed.toString();
  let decoded = text;
  try {
    decoded = decodeURI(text);
  } catch {
    // a malformed escape stays encoded
  }
  return scrubText(decoded, secrets);
}

function parsedUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** A JSON text's value, or `NOT_JSON`. */
const NOT_JSON = Symbol('not JSON');
function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/**
 * Headers with credential values replaced. Names are scrubbed too: a target may echo a token as a header name,
 * and a report must not carry it in either place.
 */
export function redactHeaders(headers: Record<string, string>, secrets: readonly string[] = secretValues()): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [scrubText(k, secrets), isSecretName(k) ? REDACTED : scrubText(v, secrets)]),
  );
}

/** A JSON value with credential fields replaced, at any depth; keys that hold a known credential are scrubbed too. */
export function redactValue(value: unknown, secrets: readonly string[] = secretValues()): unknown {
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
export function redactBody(text: string | undefined, secrets: readonly string[] = secretValues()): string | undefined {
  if (text === undefined || text === '') return text;
  const value = parsedJson(text);
  if (value !== NOT_JSON) return JSON.stringify(redactValue(value, secrets), null, 2);
  if (/^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/.test(text)) {
    const form = new URLSearchParams(text);
    for (const key of [...form.keys()]) if (isSecretName(key)) form.set(key, REDACTED);
    return scrubText(form.toString(), secrets);
  }
  return scrubText(text, secrets);
}
