import { test, expect } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentProblems, unconfiguredProblems, unknownProjectProblems } from '../../../src/targets/config.ts';
import { buildCoverageMatrix, formatCoverageTable } from '../../../src/report/coverage.ts';
import { parseRateLimit } from '../../../src/targets/throttle.ts';
import { engineFixture, runGate } from '../support/nested-run.ts';

test.describe.configure({ mode: 'parallel', timeout: 150_000 });

const petstore = engineFixture('petstore.yaml');

/** A usage mistake is one line with a code: no stack frame, no runner banner. */
const expectOneLine = (output: string, pattern: RegExp) => {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  expect(
    lines.filter((l) => pattern.test(l)),
    output,
  ).toHaveLength(1);
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain('Running ');
};

test.describe('every variable is validated up front', () => {
  for (const [name, value, message] of [
    ['REQUEST_TIMEOUT_MS', '-1', 'must be a whole number of milliseconds'],
    ['REQUEST_TIMEOUT_MS', 'abc', 'must be a whole number of milliseconds'],
    ['MAX_RESPONSE_BYTES', '10MB', 'must be a whole number of bytes'],
    ['COVERAGE_MIN', 'abc', 'must be a number of per cent'],
    ['WORKERS', 'many', 'must be a whole number of workers'],
    ['TARGET', 'live', 'must be "mock" or "sandbox"'],
    ['SANDBOX_WRITES', 'yes', 'must be "0" or "1"'],
    ['PETSTORE_BASE_URL', 'not a url', 'must be an http:// or https:// URL'],
    ['PETSTORE_BASE_URL', 'file:///etc/passwd', 'must be an http:// or https:// URL'],
    ['PETSTORE_RATE_LIMIT', 'fast', 'must be a count per window'],
    // `m` is minute to some and month to others: refused rather than guessed.
    ['PETSTORE_RATE_LIMIT', '100/m', 'must be a count per window'],
  ] as const) {
    test(`${name}=${value} is named with its value`, () => {
      const problems = environmentProblems(['petstore'], { [name]: value });
      expect(problems).toEqual([expect.stringContaining(`ENV_INVALID: ${name}="${value}" ${message}`)]);
    });
  }

  test('a rate limit is read in the words and the short forms users type (100/min as the README shows it)', () => {
    const cases = [
      ['100/min', 100, 60_000],
      ['100/minute', 100, 60_000],
      ['100 / Minutes', 100, 60_000],
      ['5/s', 5, 1_000],
      ['5/sec', 5, 1_000],
      ['5/second', 5, 1_000],
      ['40/h', 40, 3_600_000],
      ['40/hr', 40, 3_600_000],
      ['1000/d', 1000, 86_400_000],
      ['1000/day', 1000, 86_400_000],
    ] as const;
    for (const [text, limit, windowMs] of cases) expect(parseRateLimit(text), text).toEqual({ limit, windowMs });
    for (const text of ['100/m', '100/month', 'ten/min', '100', '/min']) expect(parseRateLimit(text), text).toBeUndefined();
    expect(environmentProblems(['petstore'], { PETSTORE_RATE_LIMIT: '100/min' })).toEqual([]);
  });

  test('sane values and unset variables pass', () => {
    expect(
      environmentProblems(['petstore'], {
        REQUEST_TIMEOUT_MS: '5000',
        MAX_RESPONSE_BYTES: '4194304',
        COVERAGE_MIN: '80%',
        TARGET: 'sandbox',
        PETSTORE_BASE_URL: 'http://127.0.0.1:9',
        PETSTORE_RATE_LIMIT: '100/minute',
        SANDBOX_WRITES: '',
      }),
    ).toEqual([]);
  });

  test('the gate stops before any request with REQUEST_TIMEOUT_MS=-1, naming the variable, not the vendor', () => {
    const run = runGate({ 'petstore.yaml': petstore }, ['--project=petstore'], { REQUEST_TIMEOUT_MS: '-1' });
    expect(run.status).toBe(2);
    expectOneLine(run.output, /^ENV_INVALID: REQUEST_TIMEOUT_MS="-1"/);
    expect(run.output).not.toContain('SANDBOX_UNAVAILABLE');
  });

  test('a base URL that is not a URL stops a sandbox run, naming variable and value', () => {
    const run = runGate({ 'petstore.yaml': petstore }, ['--project=petstore'], { TARGET: 'sandbox', PETSTORE_BASE_URL: 'not a url' });
    expect(run.status).toBe(2);
    expectOneLine(run.output, /^ENV_INVALID: PETSTORE_BASE_URL="not a url" must be an http/);
    expect(run.output).not.toContain('Invalid URL');
  });
});

test.describe('a mistyped run keeps the previous results', () => {
  for (const [label, args, env, pattern] of [
    ['--project=nosuch', ['--project=nosuch'], {}, /^PROJECT_UNKNOWN: --project=nosuch matches no project; the projects are petstore/],
    ['COVERAGE_MIN=abc', ['--project=petstore'], { COVERAGE_MIN: 'abc' }, /^ENV_INVALID: COVERAGE_MIN="abc"/],
    ['TARGET=live', [], { TARGET: 'live' }, /^ENV_INVALID: TARGET="live" must be "mock" or "sandbox"$/],
  ] as const) {
    test(`${label}: one line, exit 2, allure-results untouched`, () => {
      const reportsDir = mkdtempSync(join(tmpdir(), 'kept-'));
      const marker = join(reportsDir, 'allure-results', 'previous-result.json');
      mkdirSync(join(reportsDir, 'allure-results'));
      writeFileSync(marker, '{}');
      const run = runGate({ 'petstore.yaml': petstore }, [...args], { ...env, REPORTS_DIR: reportsDir });
      expect(run.status, run.output).toBe(2);
      expectOneLine(run.output, pattern);
      expect(existsSync(marker), "the previous run's result survives").toBe(true);
    });
  }

  test('unknownProjectProblems accepts wildcards and lists', () => {
    expect(unknownProjectProblems(['--project=sik*,drchrono'], ['sikka', 'drchrono'])).toEqual([]);
    expect(unknownProjectProblems(['--project', 'sika'], ['sikka'])).toEqual([expect.stringMatching(/^PROJECT_UNKNOWN: --project=sika /)]);
  });
});

test.describe('a sandbox run with a missing secret does not go green', () => {
  const plan = [{ name: 'petstore', vendor: 'petstore', kind: 'sandbox' as const }, { name: 'engine' }];

  test('a vendor selected with --project and not configured is an error naming the variables', () => {
    expect(unconfiguredProblems(plan, ['test', '--project=petstore'], {})).toEqual([
      expect.stringMatching(
        /^SANDBOX_NOT_CONFIGURED: petstore: set PETSTORE_BASE_URL to run it against its sandbox \(or SANDBOX_SKIP_UNCONFIGURED=1/,
      ),
    ]);
    expect(unconfiguredProblems(plan, ['test', '--project=petstore'], { PETSTORE_BASE_URL: 'http://127.0.0.1:9' })).toEqual([]);
    expect(unconfiguredProblems(plan, ['test', '--project=petstore'], { SANDBOX_SKIP_UNCONFIGURED: '1' })).toEqual([]);
  });

  test('the gate exits non-zero and prints the missing variable on the console', () => {
    const run = runGate({ 'petstore.yaml': petstore }, ['--project=petstore'], { TARGET: 'sandbox' });
    expect(run.status).toBe(2);
    expectOneLine(run.output, /^SANDBOX_NOT_CONFIGURED: petstore: set PETSTORE_BASE_URL/);
  });

  test('with SANDBOX_SKIP_UNCONFIGURED=1 it runs what is configured and the summary names what was skipped', () => {
    const run = runGate({ 'petstore.yaml': petstore }, ['--project=petstore'], { TARGET: 'sandbox', SANDBOX_SKIP_UNCONFIGURED: '1' });
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('Not run (sandbox not configured): petstore (set PETSTORE_BASE_URL)');
  });
});

test('the coverage table prints n/a for a vendor that documents no pairs', () => {
  const empty = buildCoverageMatrix('webhooks-only', [], [], { contract: 'webhooks-only.yaml', targets: {} });
  const documented = buildCoverageMatrix(
    'petstore',
    [{ method: 'get', path: '/pets', status: '200', operation: 'GET /pets' } as never],
    [],
    { contract: 'petstore.yaml', targets: {} },
  );
  const table = formatCoverageTable([empty, documented]);
  expect(table).toMatch(/webhooks-only .* n\/a$/m);
  expect(table).toMatch(/petstore .* 0\.0%$/m);
  expect(table).not.toContain('100.0%');
});
