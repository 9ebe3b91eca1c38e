/**
 * What goes over the wire, as every layer records it: a request, its answer, and the function that sends one.
 * Targets, traffic, webhooks and checks all speak these types, so they sit below all of them.
 */

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text; binary bodies are not recorded. */
  text: string;
}

/** A Content-Type's media type without its parameters, lower-case: `Application/JSON; charset=utf-8` → `application/json`. */
export const essence = (contentType: string | undefined): string => (contentType ?? '').split(';')[0].trim().toLowerCase();

/** Headers (or any fields named case-insensitively) keyed by their lower-case names, as an exchange records them. */
export const lowerCaseNames = <V>(fields: Record<string, V>): Record<string, V> =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [name.toLowerCase(), value]));

/** Headers as Node hands them over (a list for a repeated one) as an exchange records them: one string each, joined by ", ". */
export function joinedHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) out[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  return out;
}

/** One request and the answer it got. Header names are lower-case. */
export interface Exchange {
  request: RecordedRequest;
  response: RecordedResponse;
}

/** Sends one request and returns the answer; network failures throw. */
export type Send = (request: RecordedRequest, timeoutMs: number) => Promise<RecordedResponse>;

/** What answers: a mock serving the contract, or a vendor's live sandbox. */
export type TargetKind = 'mock' | 'sandbox';

/**
 * The methods that only read (RFC 9110 §9.2.1, safe methods): what a sandbox run sends without SANDBOX_WRITES, and
 * what the sandbox guard lets through as a read. One list, so the run and its guard cannot disagree on a method.
 */
export const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export const isReadMethod = (method: string): boolean => READ_METHODS.has(method.toUpperCase());
