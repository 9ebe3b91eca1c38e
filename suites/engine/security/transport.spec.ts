import { test, expect } from '@playwright/test';
import type { RecordedResponse } from '../../../src/core/wire.ts';
import {
  boundedFetchSend,
  isConnectionReset,
  networkReason,
  politeSend,
  resendOnceOnReset,
  resetRateLimits,
} from '../../../src/targets/transport.ts';
import { type Send } from '../../../src/core/wire.ts';
import { sandboxProfile, type SandboxContext } from '../../../src/targets/sandbox.ts';
import { loadContract } from '../../../src/contract/load.ts';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT } from '../../../src/targets/paths.ts';
import { categoryOf } from './categories.ts';
import { startHostileSandbox } from './hostile.ts';

const answer = (status: number, headers: Record<string, string> = {}): RecordedResponse => ({ status, headers, text: '' });
const request = { method: 'GET', url: 'http://127.0.0.1:9/v2/patients', headers: {} };

test.beforeEach(() => resetRateLimits());

test.describe('politeSend: the run never waits past its patience', () => {
  test('Retry-After: 3600 ends the call at once with SANDBOX_RATE_LIMITED and marks the vendor', async () => {
    let calls = 0;
    const slept: number[] = [];
    const send: Send = async () => {
      calls++;
      return answer(429, { 'retry-after': '3600' });
    };
    const polite = politeSend('probe-a', send, undefined, async (ms) => {
      slept.push(ms);
    });
    const error = await polite(request, 1000).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      /^SANDBOX_RATE_LIMITED: probe-a: retry after 3600 s \(GET \/v2\/patients answered 429; the run waits at most 10 s per request\)$/,
    );
    expect(slept).toEqual([]);
    expect(await categoryOf(error!.message, 'broken')).toBe('sandbox rate limited');
    await expect(polite(request, 1000)).rejects.toThrow(/^SANDBOX_RATE_LIMITED: probe-a: retry after 3600 s/);
    expect(calls, 'the second call is not sent').toBe(1);
  });

  test('a short Retry-After is honoured, and a 429 that persists is SANDBOX_RATE_LIMITED, not a pass', async () => {
    const slept: number[] = [];
    const polite = politeSend(
      'probe-b',
      async () => answer(429, { 'retry-after': '2' }),
      undefined,
      async (ms) => {
        slept.push(ms);
      },
    );
    await expect(polite(request, 1000)).rejects.toThrow(
      /^SANDBOX_RATE_LIMITED: probe-b: rate limited \(GET \/v2\/patients kept answering 429 after 3 attempts\)/,
    );
    expect(slept).toEqual([2000, 2000]);
  });

  test('waits between attempts add up to at most the patience', async () => {
    const slept: number[] = [];
    const polite = politeSend(
      'probe-c',
      async () => answer(429, { 'retry-after': '6' }),
      undefined,
      async (ms) => {
        slept.push(ms);
      },
    );
    await expect(polite(request, 1000)).rejects.toThrow(/SANDBOX_RATE_LIMITED: probe-c: retry after 6 s/);
    expect(slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
  });

  test('503 with a long Retry-After is SANDBOX_UNAVAILABLE at once', async () => {
    const slept: number[] = [];
    const polite = politeSend(
      'probe-d',
      async () => answer(503, { 'retry-after': '600' }),
      undefined,
      async (ms) => {
        slept.push(ms);
      },
    );
    const error = await polite(request, 1000).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^SANDBOX_UNAVAILABLE: probe-d: GET \/v2\/patients answered 503 with Retry-After 600 s/);
    expect(await categoryOf(error!.message, 'broken')).toBe('sandbox unavailable');
    expect(slept).toEqual([]);
  });

  test('a vendor bootstrap against a rate-limited sandbox ends after one call (Sikka: authorized practices first)', async () => {
    const sandbox = await startHostileSandbox((_req, res) => void res.writeHead(429, { 'retry-after': '3600' }).end());
    try {
      const contract = await loadContract(join(ROOT, 'contracts', 'sikka.yaml'));
      const env = {
        SIKKA_BASE_URL: sandbox.url,
        SIKKA_APP_ID: 'app',
        SIKKA_APP_KEY: 'appkey-1234',
        SIKKA_OFFICE_ID: 'o1',
        SIKKA_SECRET_KEY: 'secret-1234',
      };
      const ctx: SandboxContext = {
        vendor: 'sikka',
        env,
        baseURL: sandbox.url,
        send: politeSend('sikka-probe', boundedFetchSend()),
        timeout: 2_000,
        contract,
        prefix: 'SIKKA_',
      };
      await expect(sandboxProfile('sikka').bootstrap(ctx)).rejects.toThrow(/^SANDBOX_RATE_LIMITED: sikka-probe: retry after 3600 s/);
      expect(sandbox.requests).toBe(1);
    } finally {
      await sandbox.close();
    }
  });
});

test.describe('boundedFetchSend: a target cannot fill memory', () => {
  test('a body past MAX_RESPONSE_BYTES stops reading with RESPONSE_TOO_LARGE, declared or chunked', async () => {
    const sandbox = await startHostileSandbox((req, res) => {
      if (req.url === '/declared') return void res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) }).end();
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 50 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 50 * 1024 * 1024) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    try {
      const send = boundedFetchSend(256 * 1024);
      const declared = await send({ method: 'GET', url: `${sandbox.url}/declared`, headers: {} }, 5_000).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(declared?.message).toMatch(/^RESPONSE_TOO_LARGE: GET \/declared answered more than 262144 bytes \(Content-Length 52428800\)/);
      expect(await categoryOf(declared!.message, 'broken')).toBe('response too large');
      await expect(send({ method: 'GET', url: `${sandbox.url}/chunked`, headers: {} }, 5_000)).rejects.toThrow(
        /^RESPONSE_TOO_LARGE: GET \/chunked answered more than 262144 bytes; reading stopped there/,
      );
      // RESPONSE_TOO_LARGE is not retried: one call each.
      await expect(
        politeSend('probe-e', send, undefined, async () => {})({ method: 'GET', url: `${sandbox.url}/chunked`, headers: {} }, 5_000),
      ).rejects.toThrow(/RESPONSE_TOO_LARGE/);
      expect(sandbox.requests).toBe(3);
    } finally {
      await sandbox.close();
    }
  });

  test('redirects are returned, not followed, and a small body is read whole', async () => {
    const sandbox = await startHostileSandbox((req, res) => {
      if (req.url === '/away') return void res.writeHead(302, { location: 'http://example.invalid/steal' }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    try {
      const send = boundedFetchSend(1024);
      expect(await send({ method: 'GET', url: `${sandbox.url}/away`, headers: {} }, 5_000)).toMatchObject({
        status: 302,
        headers: { location: 'http://example.invalid/steal' },
      });
      expect(await send({ method: 'GET', url: `${sandbox.url}/fine`, headers: {} }, 5_000)).toMatchObject({
        status: 200,
        text: '{"ok":true}',
      });
      expect(sandbox.requests).toBe(2);
    } finally {
      await sandbox.close();
    }
  });
});

test.describe('resendOnceOnReset: a mock closing a kept-alive socket costs one resend, not a red test', () => {
  const reset = Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
  });
  test('a reset is sent once more; a second reset and any other error are for the caller', async () => {
    const outcomes: (RecordedResponse | Error)[] = [reset, answer(200)];
    let calls = 0;
    const flaky: Send = async () => {
      calls++;
      const next = outcomes.shift()!;
      if (next instanceof Error) throw next;
      return next;
    };
    expect((await resendOnceOnReset(flaky)(request, 1000)).status).toBe(200);
    expect(calls).toBe(2);
    const alwaysReset: Send = async () => {
      throw reset;
    };
    await expect(resendOnceOnReset(alwaysReset)(request, 1000)).rejects.toBe(reset);
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    let refusedCalls = 0;
    const down: Send = async () => {
      refusedCalls++;
      throw refused;
    };
    await expect(resendOnceOnReset(down)(request, 1000)).rejects.toBe(refused);
    expect(refusedCalls, 'a refused connection is not retried').toBe(1);
  });
});

test('a request without an answer is named by its reason in a few words, the same for sandboxes and receivers', async () => {
  const fetchFailed = (code: string, message = code) => Object.assign(new TypeError('fetch failed'), { cause: { code, message } });
  const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
  const cases: [unknown, number | undefined, string][] = [
    [fetchFailed('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), undefined, 'connection refused'],
    [fetchFailed('ENOTFOUND'), undefined, 'host not found (DNS)'],
    [fetchFailed('UND_ERR_SOCKET', 'other side closed'), undefined, 'connection reset'],
    [new Error('socket hang up'), undefined, 'connection reset'],
    [timeout, undefined, 'timed out'],
    [timeout, 250, 'no answer within 250 ms'],
    [fetchFailed('UND_ERR_HEADERS_TIMEOUT', 'Headers Timeout Error'), 1000, 'no answer within 1000 ms'],
    [fetchFailed('CERT_HAS_EXPIRED', 'certificate has expired'), undefined, 'TLS error (CERT_HAS_EXPIRED)'],
    [fetchFailed('EWEIRD', 'something else\nsecond line'), undefined, 'something else'],
  ];
  for (const [error, timeoutMs, reason] of cases) expect(networkReason(error, timeoutMs)).toBe(reason);
  expect(isConnectionReset(fetchFailed('ECONNRESET'))).toBe(true);
  expect(isConnectionReset(fetchFailed('ECONNREFUSED'))).toBe(false);
  // A real refused connection, through the sender the suite uses.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const refused = await boundedFetchSend(1_000)({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} }, 2_000).catch(
    (e: unknown) => e,
  );
  expect(networkReason(refused, 2_000)).toBe('connection refused');
});
