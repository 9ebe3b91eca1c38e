/**
 * Redaction for recordings that are checked again later: credentials go, but what the checks judge stays. The
 * form of an `Authorization` header (`Token token=[REDACTED]`, `Bearer [REDACTED]`) is kept because the
 * contract documents it; secret-named JSON fields lose their string values only, so that a numeric `code`
 * in an error body keeps its type; parameter names stay where the client put them.
 */
import { isSecretName } from '../core/secret-names.ts';
import { REDACTED } from '../core/secrets.ts';
import { essence } from '../core/wire.ts';
import { redactUrl, scrubText } from '../report/redact.ts';

const AUTH_HEADERS = new Set(['authorization', 'proxy-authorization']);

export function redactRecordedHeader(name: string, value: string, secrets: string[]): string {
  if (AUTH_HEADERS.has(name.toLowerCase())) {
    const prefix = /^([A-Za-z][\w-]*)\s+([a-z_]{1,20}=(?=[^=\s]))?/.exec(value)?.[0];
    return prefix ? `${prefix}${REDACTED}` : REDACTED;
  }
  return isSecretName(name) ? REDACTED : scrubText(value, secrets);
}

export const redactRecordedUrl = (url: string, secrets: string[]): string => redactUrl(url, secrets);

export function redactRecordedBody(text: string | undefined, mimeType: string, secrets: string[]): string | undefined {
  if (text === undefined || text === '') return text;
  const type = essence(mimeType);
  if (type === 'application/json' || type.endsWith('+json')) {
    let value: unknown;
    let json = true;
    try {
      value = JSON.parse(text);
    } catch {
      json = false; // not JSON after all: scrubbed as text below
    }
    if (json) return scrubText(JSON.stringify(strings(value)), secrets);
  }
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    for (const key of [...form.keys()]) if (isSecretName(key)) form.set(key, REDACTED);
    return scrubText(form.toString(), secrets);
  }
  return scrubText(text, secrets);
}

function strings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretName(k) && typeof v === 'string' ? REDACTED : strings(v)]));
  }
  return value;
}
