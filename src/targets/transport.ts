import type { RecordedRequest, RecordedResponse } from '../checks/types.ts';
import { SandboxUnavailableError } from './errors.ts';
import { acquireSlot } from './throttle.ts';

/** Sends one request and returns the answer; network failures throw. */
export type Send = (request: RecordedRequest, timeoutMs: number) => Promise<RecordedResponse>;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First back-off; doubles each retry. */
  baseDelayMs: number;
  /** Longest wait, whatever `Retry-After` asks for. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

const RETRIED = new Set([429, 503]);
const UNAVAILABLE = new Set([502, 503, 504]);

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Wraps a sender for a live target: each call waits for the vendor's shared rate budget, has a time-out,
 * is retried on 429/503 with bounded back-off honouring `Retry-After`, and a target that cannot be reached or
 * keeps answering 502/503/504 raises `SandboxUnavailableError` instead of looking like a contract failure.
 */
export function politeSend(vendor: string, send: Send, policy: RetryPolicy = DEFAULT_RETRY, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Send {
  return async (request, timeoutMs) => {
    let last: RecordedResponse | undefined;
    for (let attempt = 1; attempt <= policy.attempts; attempt++) {
      await acquireSlot(vendor);
      try {
        last = await send(request, timeoutMs);
      } catch (error) {
        if (attempt === policy.attempts) throw new SandboxUnavailableError(vendor, `${request.method} ${new URL(request.url).pathname}: ${networkReason(error)}`);
        await sleep(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
        continue;
      }
      if (!RETRIED.has(last.status) && !UNAVAILABLE.has(last.status)) return last;
      if (attempt === policy.attempts) break;
      const asked = retryAfterMs(last.headers['retry-after']);
      await sleep(Math.min(policy.maxDelayMs, asked ?? policy.baseDelayMs * 2 ** (attempt - 1)));
    }
    if (last && UNAVAILABLE.has(last.status)) {
      throw new SandboxUnavailableError(vendor, `${request.method} ${new URL(request.url).pathname} answered ${last.status} ${policy.attempts} times`);
    }
    return last!;
  };
}

function networkReason(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if (/ECONNREFUSED/.test(message)) return 'connection refused';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'host not found (DNS)';
  if (/Timeout|ETIMEDOUT|timed out/i.test(message)) return 'timed out';
  if (/ECONNRESET|socket hang up/.test(message)) return 'connection reset';
  return message.split('\n')[0];
}

/** A sender over Node's fetch (used where no Playwright request context exists, e.g. in global setup). */
export const fetchSend: Send = async (request, timeoutMs) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => { headers[key] = value; });
  return { status: response.status, headers, text: await response.text() };
};
