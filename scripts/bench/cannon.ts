import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../../src/targets/paths.ts';
import type { RecordedRequest } from '../../src/core/wire.ts';
import { childEnv } from './run.ts';

const require = createRequire(import.meta.url);

/** A request as the workers sent it (scripts/bench/record-requests.mjs), replayed against a fresh mock. */
export interface RecordedMixRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | number>;
  body?: string;
}

/** Headers autocannon sets itself or that named the recording run's mock. */
const OWN_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

/**
 * As `rawCapacity`, over a mix of requests instead of one GET: each connection loops over `mix` in order, and
 * every answer counts (a negative request's 4xx is as much work for Prism as a 2xx).
 */
export async function mixCapacity(
  vendor: string,
  connections: number,
  seconds: number,
  mix: RecordedMixRequest[],
): Promise<{ requestsPerSecond: number; requests: number }> {
  if (mix.length === 0) throw new Error('no recorded requests to replay');
  const requests = mix.map((r) => ({
    method: r.method,
    path: r.path,
    headers: Object.fromEntries(
      Object.entries(r.headers)
        .filter(([name]) => !OWN_HEADERS.has(name.toLowerCase()))
        .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]),
    ),
    ...(r.body !== undefined && { body: r.body }),
  }));
  return withMock(vendor, async (ready) => {
    const result = await cannon()({ url: new URL(ready.url).origin, requests, connections, pipelining: 1, duration: seconds });
    return { requestsPerSecond: (result['2xx'] + result.non2xx) / result.duration, requests: mix.length };
  });
}

type Autocannon = (options: Record<string, unknown>) => Promise<{ duration: number; '2xx': number; non2xx: number }>;
const cannon = (): Autocannon => require('autocannon') as Autocannon;

/**
 * Raw capacity of a vendor's Prism mock: the mock runs in a child process (as in the gate, where it lives in the
 * runner and the tests in workers), and autocannon loads one documented GET at `connections` for `seconds`.
 */
export async function rawCapacity(
  vendor: string,
  connections: number,
  seconds: number,
): Promise<{ requestsPerSecond: number; request: string; non2xx: number }> {
  return withMock(vendor, async ({ request }) => {
    const result = await cannon()({
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: request.body,
      connections,
      pipelining: 1,
      duration: seconds,
    });
    return {
      requestsPerSecond: result['2xx'] / result.duration,
      non2xx: result.non2xx,
      request: `${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`,
    };
  });
}

/** Runs `work` against a vendor's mock served by a child process (scripts/bench/mock-server.ts), then stops it. */
async function withMock<T>(vendor: string, work: (ready: { url: string; request: RecordedRequest }) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'bench', 'mock-server.ts'), vendor], {
    cwd: ROOT,
    env: childEnv({}),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const ready = await new Promise<{ url: string; request: RecordedRequest }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = out.match(/^READY (.*)$/m);
        if (match) resolve(JSON.parse(match[1]));
      });
      child.on('exit', (code) => reject(new Error(`mock server for ${vendor} exited ${code}`)));
    });
    return await work(ready);
  } finally {
    child.kill('SIGTERM');
  }
}
