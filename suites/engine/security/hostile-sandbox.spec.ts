import { test, expect } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runGateAsync } from '../support/nested-run.ts';
import { PROBE_CONTRACT, placesContaining, sizeOf, startHostileSandbox, tokenOf } from './hostile.ts';

// Each test runs the whole gate (TARGET=sandbox, the generic profile) against a loopback server that misbehaves.
test.describe.configure({ mode: 'parallel', timeout: 180_000 });

const TOKEN = 'tok-7f3a9c1e5b2d4f60';
const sandboxEnv = (url: string): Record<string, string> => ({ TARGET: 'sandbox', PROBE_BASE_URL: url, PROBE_TOKEN: TOKEN });

test('a token echoed as a header name and as a JSON key reaches no report file and no console line', async () => {
  const sandbox = await startHostileSandbox((req, res) => {
    const token = tokenOf(req);
    res.writeHead(200, { 'content-type': 'application/json', [`x-echo-${token}`]: '1', 'x-note': `seen ${token}` });
    res.end(JSON.stringify(req.url === '/records' ? [{ id: '1', [token]: 'value' }] : { id: 1, [token]: { [`nested-${token}`]: token } }));
  });
  try {
    const run = await runGateAsync({ 'probe.yaml': PROBE_CONTRACT }, ['--project=probe'], sandboxEnv(sandbox.url), {
      configReporters: true,
    });
    expect(sandbox.requests, 'the sandbox was called').toBeGreaterThan(0);
    expect(run.output, 'the echo made violations').toMatch(/contract violation/);
    expect(run.output).toContain('[REDACTED]');
    expect(placesContaining(run, TOKEN)).toEqual([]);
    // A base64 copy is an accepted limit (docs/security.md): only exact and URL-encoded copies are scrubbed.
  } finally {
    await sandbox.close();
  }
});

test('a 50 MB body is read only up to MAX_RESPONSE_BYTES and reported as RESPONSE_TOO_LARGE; the results stay small', async () => {
  const chunk = Buffer.from(`"${'x'.repeat(1022)}",`);
  const sandbox = await startHostileSandbox(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
    // 50 MB without holding it: the client is expected to hang up long before the end.
    for (let sent = 0; sent < 50 * 1024 * 1024 && !res.destroyed; sent += chunk.length) {
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    res.end('"end"]');
  });
  try {
    const run = await runGateAsync(
      { 'probe.yaml': PROBE_CONTRACT },
      ['--project=probe'],
      { ...sandboxEnv(sandbox.url), MAX_RESPONSE_BYTES: String(1024 * 1024) },
      { configReporters: true },
    );
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/RESPONSE_TOO_LARGE: GET \/records\S* answered more than 1048576 bytes/);
    const results = join(run.reportsDir, 'allure-results');
    expect(readdirSync(results).length).toBeGreaterThan(0);
    expect(sizeOf(results), 'allure-results bytes').toBeLessThan(2 * 1024 * 1024);
  } finally {
    await sandbox.close();
  }
});

test('429 with Retry-After: 3600 ends the vendor at once as SANDBOX_RATE_LIMITED, not as time-outs', async () => {
  const sandbox = await startHostileSandbox((_req, res) => {
    res.writeHead(429, { 'retry-after': '3600', 'content-type': 'application/json' }).end('{"message":"slow down"}');
  });
  try {
    const run = await runGateAsync({ 'probe.yaml': PROBE_CONTRACT }, ['--project=probe'], sandboxEnv(sandbox.url));
    expect(run.status).toBe(1);
    expect(run.output).toContain('SANDBOX_RATE_LIMITED: probe: retry after 3600 s');
    expect(run.output).not.toMatch(/Test timeout of \d+ms exceeded/);
    // The first 429 marks the vendor; the worker's later tests fail without calling it again.
    expect(sandbox.requests).toBe(1);
  } finally {
    await sandbox.close();
  }
});

test('a green run leaves no empty folders under test-results', async () => {
  const sandbox = await startHostileSandbox((req, res) => {
    if (tokenOf(req) !== TOKEN) return void res.writeHead(401).end();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url?.startsWith('/records/') ? { id: '1' } : [{ id: '1' }]));
  });
  try {
    const run = await runGateAsync({ 'probe.yaml': PROBE_CONTRACT }, ['--project=probe'], sandboxEnv(sandbox.url), {
      configReporters: true,
    });
    expect(run.status, run.output).toBe(0);
    const outputDir = join(run.reportsDir, 'test-results');
    const empty = existsSync(outputDir)
      ? readdirSync(outputDir, { recursive: true, withFileTypes: true }).filter(
          (e) => e.isDirectory() && readdirSync(join(e.parentPath, e.name)).length === 0,
        )
      : [];
    expect(empty.map((e) => e.name)).toEqual([]);
  } finally {
    await sandbox.close();
  }
});
