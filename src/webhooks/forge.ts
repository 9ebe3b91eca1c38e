/** Request surgery shared by the vendor traffic builders: the forgeries differ from a genuine delivery in one place. */
import { randomBytes, randomInt } from 'node:crypto';
import type { RecordedRequest } from '../core/wire.ts';
import { isObject as isPlainObject } from '../core/pointer.ts';

/** The request with these headers set (names matched case-insensitively, the new spelling kept). */
export function withHeaders(request: RecordedRequest, headers: Record<string, string>): RecordedRequest {
  const lower = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
  const kept = Object.entries(request.headers).filter(([k]) => !lower.has(k.toLowerCase()));
  return { ...request, headers: { ...Object.fromEntries(kept), ...headers } };
}

/** The request without these headers (case-insensitive). */
export function withoutHeaders(request: RecordedRequest, ...names: string[]): RecordedRequest {
  const lower = new Set(names.map((n) => n.toLowerCase()));
  return { ...request, headers: Object.fromEntries(Object.entries(request.headers).filter(([k]) => !lower.has(k.toLowerCase()))) };
}

/**
 * A token that differs from `genuine` but looks like it: the same length, hex when the genuine one is hex,
 * so a receiver cannot refuse it on shape alone and has to compare it.
 */
export function differentToken(genuine: string): string {
  const length = Math.max(genuine.length, 1);
  const hex = /^[0-9a-f]+$/.test(genuine);
  for (;;) {
    const candidate = hex
      ? randomBytes(Math.ceil(length / 2))
          .toString('hex')
          .slice(0, length)
      : randomBytes(length).toString('base64url').slice(0, length);
    if (candidate !== genuine) return candidate;
  }
}

/**
 * The JSON body with one value changed, as an attacker would change it: the first event object (or the object
 * itself) gets `objectId` bumped when it has a numeric one, else a `tampered` field. Not JSON: a byte appended.
 */
export function tamperedBody(body: string): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return `${body} `;
  }
  const change = (record: Record<string, unknown>): Record<string, unknown> =>
    typeof record.objectId === 'number' ? { ...record, objectId: record.objectId + 1 } : { ...record, tampered: true };
  if (Array.isArray(value) && value.length > 0 && isPlainObject(value[0])) return JSON.stringify([change(value[0]), ...value.slice(1)]);
  if (isPlainObject(value)) return JSON.stringify(change(value));
  return JSON.stringify([value, 'tampered']);
}

/** A fresh delivery id (the documents give no format; drchrono's example is digits). */
export const newDeliveryId = (): string => String(randomInt(1, 2 ** 47));
