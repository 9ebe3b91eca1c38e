/**
 * Reading response bodies that may be anything: already-parsed JSON, raw text,
 * bytes, or garbage. Nothing here throws, whatever it is given.
 */

/** A body as the classifiers see it: nothing, a JSON value, or text that is not JSON (XML, HTML, plain). */
export type ParsedBody =
  { readonly form: 'empty' } | { readonly form: 'json'; readonly value: unknown } | { readonly form: 'text'; readonly text: string };

const EMPTY: ParsedBody = { form: 'empty' };
// Non-fatal decoding: malformed UTF-8 becomes U+FFFD instead of an exception.
const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** Normalises a body: strings and bytes are JSON-parsed when they can be, `undefined` and blank text are empty. */
export function parseBody(body: unknown): ParsedBody {
  if (body === undefined) return EMPTY;
  if (typeof body === 'string') return parseText(body);
  if (body instanceof Uint8Array) return parseText(UTF8.decode(body));
  return { form: 'json', value: body };
}

function parseText(text: string): ParsedBody {
  if (text.trim() === '') return EMPTY;
  try {
    return { form: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { form: 'text', text };
  }
}

/**
 * True for plain objects (including null-prototype ones), false for arrays, boxed
 * primitives, Maps, Dates and typed arrays, which a JSON body can never be.
 */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]';
}

/** A short, never-throwing description of a value's JSON type, for messages (`String()` throws on null-prototype objects). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isRecord(value)) return 'an object';
  if (typeof value === 'object') return `a ${Object.prototype.toString.call(value).slice(8, -1)}`;
  return `a ${typeof value}`;
}

/** Reads a string property, or `undefined` when absent or not a string. */
export function stringField(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Reads an own property, or `undefined` (never walks the prototype, so `__proto__` keys are safe). */
export function ownField(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
