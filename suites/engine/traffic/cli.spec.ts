import { test, expect } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../src/targets/paths.ts';
import { readHar } from '../../../src/traffic/har.ts';
import { record, sikkaRequestKey, tempDir } from './support.ts';

/**
 * The three commands as a user runs them: `sandbox` and `mock` as long-running processes (loopback, recording,
 * a clean stop on SIGINT and SIGTERM), `check:traffic` with its exit codes, table, JUnit and Allure files.
 */

// As `npm run mock`/`sandbox` start them: `node --import tsx`, one process. tsx's own CLI would sit in between and
// relay signals with a 30 ms wait for its child, which a busy machine misses (the child then dies of SIGKILL, 143).
const TSX = ['--import', 'tsx'];
const script = (name: string) => join(ROOT, 'scripts', name);
const env = () => {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^(TEST_|PW_|PLAYWRIGHT_|FORCE_COLOR)/.test(key)) out[key] = value;
  return { ...out, FORCE_COLOR: '0' };
};
const run = (name: string, ...args: string[]) =>
  spawnSync(process.execPath, [...TSX, script(name), ...args], { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 60_000 });

interface Server {
  url: string;
  output: () => string;
  stop: (signal: NodeJS.Signals) => Promise<number | null>;
}

/** Starts a server script and waits (bounded) for the line that names its URL. */
function startServer(name: string, ...args: string[]): Promise<Server> {
  const child = spawn(process.execPath, [...TSX, script(name), ...args], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = / on (http:\/\/[^\s]+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({
          url,
          output: () => output,
          stop: async (signal) => {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
}

test('npm run sandbox: loopback by default, prints what to export, records every exchange, stops cleanly on SIGINT', async () => {
  test.setTimeout(60_000);
  const har = join(tempDir(), 'sandbox.har');
  const server = await startServer('sandbox.ts', 'sikka', '--port', '0', '--record', har);
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(server.output()).toContain(`export SIKKA_BASE_URL='${server.url}'`);
  expect(server.output()).toContain("export SIKKA_APP_KEY='");
  const c = Object.fromEntries([...server.output().matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
  const key = await sikkaRequestKey(server.url, c);
  const page = await fetch(`${server.url}/v2/patients?request_key=${key}&limit=2`);
  expect(page.status).toBe(200);
  await (await fetch(`${server.url}/v2/patients`, { headers: { request_key: key } })).arrayBuffer();
  // The sandbox's clock moves a day on: the key has expired (API1025). The control itself is not vendor traffic.
  const moved = await fetch(`${server.url}/_sandbox/clock?advance=86401`, { method: 'POST' });
  expect(((await moved.json()) as { offsetSeconds: number }).offsetSeconds).toBe(86401);
  const expired = await fetch(`${server.url}/v2/patients?request_key=${key}&limit=2`);
  expect(expired.status).toBe(400);
  expect(JSON.stringify(await expired.json())).toContain('API1025');
  // Written as they happen: every exchange is on disk before the server stops.
  await expect.poll(() => readHar(har).entries.length).toBe(4);
  expect(readHar(har).entries.map((e) => new URL(e.exchange.request.url).pathname)).not.toContain('/_sandbox/clock');
  expect(await server.stop('SIGINT')).toBe(0);
  expect(server.output()).toContain('parameter-in-wrong-location');
  expect(server.output()).toMatch(/4 exchange\(s\) recorded in /);
  const text = readFileSync(har, 'utf8');
  expect(text).not.toContain(key);
  expect(text).not.toContain(c.SIKKA_APP_KEY);
});

test('npm run mock: Prism with request validation, a rejected request answered and recorded, SIGTERM stops it', async () => {
  test.setTimeout(60_000);
  const har = join(tempDir(), 'mock.har');
  const server = await startServer('mock.ts', 'sikka', '--port', '0', '--record', har);
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(server.output()).toContain(`export SIKKA_BASE_URL='${server.url}'`);
  const ok = await fetch(`${server.url}/v2/patients?request_key=k`);
  expect(ok.status).toBe(200);
  const rejected = await fetch(`${server.url}/v2/patients?limit=5000`, { headers: { request_key: 'k' } });
  expect(rejected.status).toBe(400);
  expect(rejected.headers.get('sl-violations')).toBeTruthy();
  await expect.poll(() => readHar(har).entries.length).toBe(2);
  expect(await server.stop('SIGTERM')).toBe(0);
  expect(server.output()).toMatch(/#2 GET \/v2\/patients\?limit=5000 → 400 .*parameter-in-wrong-location.*page-size-out-of-range/);
});

test('sandbox and mock usage errors are one line with a stable code and exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['sandbox.ts', ['sikka', '--reading', 'sideways'], /^TRAFFIC_USAGE: --reading must be faithful or alternate, not "sideways"/],
    ['sandbox.ts', ['acme'], /^SANDBOX_UNKNOWN_VENDOR: there is no sandbox for "acme"/],
    ['sandbox.ts', ['sikka', '--port', '0', '--fault', 'nope'], /^SANDBOX_UNKNOWN_FAULT: /],
    ['sandbox.ts', ['sikka', '--port', 'x'], /^TRAFFIC_USAGE: --port must be an integer/],
    [
      'sandbox.ts',
      ['sikka', '--port', '0', '--record', '/nonexistent-dir/x.har'],
      /^TRAFFIC_HAR_UNWRITABLE: \/nonexistent-dir\/x\.har: ENOENT; pass a writable file to --record/,
    ],
    ['mock.ts', ['acme'], /^TRAFFIC_UNKNOWN_VENDOR: there is no contract "acme"/],
    ['mock.ts', [], /^TRAFFIC_USAGE: name one vendor/],
  ];
  for (const [name, args, message] of cases) {
    const result = run(name, ...args);
    expect(result.status, `${name} ${args.join(' ')}\n${result.stderr}`).toBe(2);
    expect(result.stderr, `${name} ${args.join(' ')}`).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }
});

test('npm run sandbox --list-faults lists each fault with what it breaks', () => {
  const result = run('sandbox.ts', 'sikka', '--list-faults');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('--fault item-offset-paging');
  expect(result.stdout).toContain('offset counts rows, not pages');
});

test('check:traffic: exit 1 with a table, JUnit and Allure results for violations; 0 for clean traffic; 2 for a broken file', async () => {
  test.setTimeout(60_000);
  const bad = await record('sikka', async (url, c) => {
    const key = await sikkaRequestKey(url, c);
    await (await fetch(`${url}/v2/patients?request_key=${key}&limit=5000`)).arrayBuffer();
  });
  const out = tempDir();
  const failed = run('check-traffic.ts', bad, '--out', out);
  expect(failed.status, failed.stderr).toBe(1);
  expect(failed.stdout).toMatch(/2 exchange\(s\) checked \(sikka 2\); 1 violation\(s\) in 1 exchange\(s\)/);
  expect(failed.stdout).toMatch(/2 +sikka +GET \/v2\/patients +vendorPagination › page-size-out-of-range +query:limit +limit=5000/);
  expect(failed.stdout).toContain('   Source:     Sikka APIs (Postman documentation, collection 8.10.1) › Pagination');
  const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
  expect(junit).toContain('<testsuites name="check:traffic" tests="2" failures="1"');
  expect(junit).toContain('Source: Sikka APIs (Postman documentation, collection 8.10.1) › Pagination');
  const results = readdirSync(join(out, 'allure-results'))
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(join(out, 'allure-results', f), 'utf8')));
  expect(results.map((r) => r.status).sort()).toEqual(['failed', 'passed']);

  const clean = await record('sikka', async (url, c) => {
    const key = await sikkaRequestKey(url, c);
    await (await fetch(`${url}/v2/patients?request_key=${key}&limit=5`)).arrayBuffer();
  });
  const passed = run('check-traffic.ts', clean, '--vendor', 'sikka', '--out', tempDir());
  expect(passed.status, passed.stdout + passed.stderr).toBe(0);
  expect(passed.stdout).toContain('no violations');

  const broken = join(tempDir(), 'broken.har');
  writeFileSync(broken, '{"log":');
  const invalid = run('check-traffic.ts', broken);
  expect(invalid.status).toBe(2);
  expect(invalid.stderr).toMatch(/^TRAFFIC_HAR_INVALID: .*broken\.har: not JSON/);
  const unknown = run('check-traffic.ts', clean, '--vendor', 'acme');
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/^TRAFFIC_UNKNOWN_VENDOR: /);
});
