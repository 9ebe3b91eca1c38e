import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../../src/targets/paths.ts';
import type { RecordedRequest } from '../../src/checks/types.ts';
import { childEnv } from './run.ts';

const require = createRequire(import.meta.url);

/**
 * Raw capacity of a vendor's Prism mock: the mock runs in a child process (as in the gate, where it lives in the
 * runner and the tests in workers), and autocannon loads one documented GET at `connections` for `seconds`.
 */
export async function rawCapacity(
  vendor: string,
  connections: number,
  seconds: number,
): Promise<{ requestsPerSecond: number; request: string; non2xx: number }> {
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
    const autocannon = require('autocannon') as (
      options: Record<string, unknown>,
    ) => Promise<{ duration: number; '2xx': number; non2xx: number }>;
    const { request } = ready;
    const result = await autocannon({
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
  } finally {
    child.kill('SIGTERM');
  }
}
