import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedResponse, Send } from '../core/wire.ts';
import { MAX_RESPONSE, readLimit, REQUEST_TIMEOUT } from './limits.ts';
import { ResponseTooLargeError, SandboxRateLimitedError, SandboxUnavailableError } from './errors.ts';
import { runState } from './run-state.ts';
import { acquireSlot } from './throttle.ts';
import { scrubValues } from '../core/secrets.ts';
import { pathOf } from '../core/url.ts';
import { secretValues } from './secret-values.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First back-off; doubles each retry. */
  baseDelayMs: number;
  /**
   * The run's patience: the longest one request waits between attempts, in all. A `Retry-After` beyond it ends
   * the request at once (`SANDBOX_RATE_LIMITED`) rather than outlasting the test's time-out in silence.
   */
  maxDelayMs: number;
  /**
   * Wait for a vendor that another request found rate-limited, where the wait fits the patience, instead of failing
   * at once: what the run-level clean-up does, since leaving the sandbox as found is worth a wait.
   */
  waitOutRateLimit?: boolean;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 10_000 };

/** The clean-up's patience: up to two minutes for a rate limit to pass (a minute's window and its Retry-After). */
export const CLEANUP_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 120_000, waitOutRateLimit: true };

const RETRIED = new Set([429, 503]);
const UNAVAILABLE = new Set([502, 503, 504]);

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface RateLimitMark {
  untilMs: number;
  seconds: number | undefined;
  detail: string;
}

/**
 * A vendor that asked for more patience than the run has is not called again until then, by any worker: the mark
 * lives in this process and in the run's folder (`CONFORMANCE_RUN_DIR`, made by global setup), because Playwright
 * replaces a worker after a failed test.
 */
const rateLimited = new Map<string, RateLimitMark>();
const markFile = (vendor: string, dir: string): string => join(dir, `rate-limited-${encodeURIComponent(vendor)}.json`);

function markRateLimited(vendor: string, mark: RateLimitMark, dir = runState.runDir.read()): void {
  rateLimited.set(vendor, mark);
  if (!dir) return;
  try {
    writeFileSync(markFile(vendor, dir), JSON.stringify(mark));
  } catch {
    // the run's folder is gone: this process still remembers
  }
}

function rateLimitedMark(vendor: string, now: number, dir = runState.runDir.read()): RateLimitMark | undefined {
  let mark = rateLimited.get(vendor);
  if (!mark && dir) {
    try {
      mark = JSON.parse(readFileSync(markFile(vendor, dir), 'utf8')) as RateLimitMark;
    } catch {
      return undefined;
    }
  }
  return mark && mark.untilMs > now ? mark : undefined;
}

/**
 * Wraps a sender for a live target: each call waits for the vendor's shared rate budget, has a time-out,
 * is retried on 429/503 with bounded back-off honouring `Retry-After`, and a target that cannot be reached or
 * keeps answering 502/503/504 raises `SandboxUnavailableError` instead of looking like a contract failure.
 * A 429 whose `Retry-After` exceeds the patience left, or that persists, raises `SandboxRateLimitedError`, and
 * later calls to that vendor fail the same way without being sent.
 *
 * Why not `p-retry`: its delays come from its own exponential schedule, where each wait here is the one the answer
 * asks for (`Retry-After`, seconds or a date), and a wait beyond the run's patience must end the request with a
 * named error at once rather than be slept through; its clock and sleep cannot be injected, which the self-tests use.
 */
export function politeSend(
  vendor: string,
  send: Send,
  policy: RetryPolicy = DEFAULT_RETRY,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  now = Date.now,
): Send {
  return async (request, timeoutMs) => {
    const blocked = rateLimitedMark(vendor, now());
    let waited = 0;
    if (blocked && policy.waitOutRateLimit && blocked.untilMs - now() <= policy.maxDelayMs) {
      waited = Math.max(0, blocked.untilMs - now());
      await sleep(waited);
    } else if (blocked) throw new SandboxRateLimitedError(vendor, blocked.seconds, blocked.detail);
    const what = scrubValues(`${request.method} ${pathOf(request.url)}`, secretValues());
    let last: RecordedResponse | undefined;
    for (let attempt = 1; attempt <= policy.attempts; attempt++) {
      await acquireSlot(vendor);
      try {
        last = await send(request, timeoutMs);
      } catch (error) {
        if (error instanceof ResponseTooLargeError) throw error;
        const backOff = policy.baseDelayMs * 2 ** (attempt - 1);
        if (attempt === policy.attempts || waited + backOff > policy.maxDelayMs)
          throw new SandboxUnavailableError(vendor, `${what}: ${networkReason(error, timeoutMs)}`);
        waited += backOff;
        await sleep(backOff);
        continue;
      }
      if (!RETRIED.has(last.status) && !UNAVAILABLE.has(last.status)) return last;
      const asked = RETRIED.has(last.status) ? retryAfterMs(last.headers['retry-after'], now()) : undefined;
      const wait = asked ?? policy.baseDelayMs * 2 ** (attempt - 1);
      if (asked !== undefined && waited + asked > policy.maxDelayMs) {
        const seconds = Math.ceil(asked / 1000);
        const patience = `the run waits at most ${Math.round(policy.maxDelayMs / 1000)} s per request`;
        if (last.status === 503)
          throw new SandboxUnavailableError(vendor, `${what} answered 503 with Retry-After ${seconds} s; ${patience}`);
        const detail = `${what} answered 429; ${patience}`;
        markRateLimited(vendor, { untilMs: now() + asked, seconds, detail });
        throw new SandboxRateLimitedError(vendor, seconds, detail);
      }
      if (attempt === policy.attempts || waited + wait > policy.maxDelayMs) break;
      waited += wait;
      await sleep(wait);
    }
    if (last && UNAVAILABLE.has(last.status)) {
      throw new SandboxUnavailableError(vendor, `${what} answered ${last.status} ${policy.attempts} times`);
    }
    if (last?.status === 429) {
      throw new SandboxRateLimitedError(vendor, undefined, `${what} kept answering 429 after ${policy.attempts} attempts`);
    }
    return last!;
  };
}

/** Forgets the vendors marked rate-limited in this process (tests of the transport). */
export const resetRateLimits = (): void => rateLimited.clear();

/**
 * Why a request got no answer, in a few words: Node's fetch says "fetch failed" and keeps the socket's reason in
 * `cause`, so both are read. With `timeoutMs`, a time-out says how long was waited.
 */
export function networkReason(error: unknown, timeoutMs?: number): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const message = [(error as Error).name, (error as Error).message ?? String(error), cause?.code, cause?.message].filter(Boolean).join(' ');
  if (/Timeout|ETIMEDOUT|timed out|aborted due to timeout|UND_ERR_\w*TIMEOUT/i.test(message))
    return timeoutMs === undefined ? 'timed out' : `no answer within ${timeoutMs} ms`;
  if (/ECONNREFUSED/.test(message)) return 'connection refused';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'host not found (DNS)';
  if (/ECONNRESET|socket hang up|terminated|other side closed|UND_ERR_SOCKET/i.test(message)) return 'connection reset';
  if (/CERT|SSL|TLS/i.test(message)) return `TLS error (${cause?.code ?? (error as Error).message})`;
  return (cause?.message ?? (error as Error).message ?? String(error)).split('\n')[0];
}

/** A connection the other side closed or reset (Node's fetch says "fetch failed" and keeps why in `cause`). */
export function isConnectionReset(error: unknown): boolean {
  return networkReason(error) === 'connection reset';
}

/**
 * A mock keeps no state, so a request on a kept-alive socket it closed as the request went out (its keep-alive
 * time-out passing on a busy machine) is sent once more. Only for mocks: a live target may have acted on it.
 */
export function resendOnceOnReset(send: Send): Send {
  return async (request, timeoutMs) => {
    try {
      return await send(request, timeoutMs);
    } catch (error) {
      if (!isConnectionReset(error)) throw error;
      return send(request, timeoutMs);
    }
  };
}

/**
 * A sender over Node's fetch that reads at most `maxBytes` of a body: a target cannot fill the run's memory or
 * its reports. Redirects are returned, not followed; the time-out covers the body as well as the headers.
 */
export function boundedFetchSend(maxBytes: number = maxResponseBytes()): Send {
  return async (request, timeoutMs) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw new ResponseTooLargeError(scrubValues(`${request.method} ${pathOf(request.url)}`, secretValues()), maxBytes, declared);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
      if (chunk.done) break;
      size += chunk.value.byteLength;
      if (size > maxBytes) {
        await reader!.cancel().catch(() => {});
        throw new ResponseTooLargeError(scrubValues(`${request.method} ${pathOf(request.url)}`, secretValues()), maxBytes);
      }
      chunks.push(chunk.value);
    }
    return { status: response.status, headers, text: new TextDecoder().decode(Buffer.concat(chunks)) };
  };
}

/** `MAX_RESPONSE_BYTES`, 16 MiB by default. */
export const maxResponseBytes = (env: NodeJS.ProcessEnv = process.env): number => readLimit(MAX_RESPONSE, env);

/** `REQUEST_TIMEOUT_MS`, 15 s by default. */
export const requestTimeoutMs = (env: NodeJS.ProcessEnv = process.env): number => readLimit(REQUEST_TIMEOUT, env);

/** A sender over Node's fetch with the run's body bound (used where no worker context exists, e.g. global setup). */
export const fetchSend: Send = (request, timeoutMs) => boundedFetchSend()(request, timeoutMs);
