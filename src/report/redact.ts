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
