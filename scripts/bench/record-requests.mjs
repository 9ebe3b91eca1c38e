/**
 * Preloaded into a Playwright run by the bench (`NODE_OPTIONS=--import <this file>`, `BENCH_RECORD_DIR=<dir>`):
 * each test worker keeps the HTTP requests it sends (method, path, headers, body) and writes them to
 * `<dir>/<pid>.json` when it exits. The bench replays them with autocannon to measure what Prism can serve of the
 * very requests the generative phases send, beside its capacity for one cheap GET.
 */
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BENCH_RECORD_DIR;
const LIMIT = 100_000;

// A Playwright worker is known by its entry script: TEST_WORKER_INDEX is set only after preloads have run.
if (dir && /workerProcessEntry\.js$/.test(process.argv[1] ?? '')) {
  const recorded = [];
  const end = http.ClientRequest.prototype.end;
  http.ClientRequest.prototype.end = function recordAndEnd(chunk, ...rest) {
    if (recorded.length < LIMIT) {
      const body = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined;
      recorded.push({ method: this.method, path: this.path, headers: this.getHeaders(), body });
    }
    return end.call(this, chunk, ...rest);
  };
  process.on('exit', () => writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(recorded)));
}
