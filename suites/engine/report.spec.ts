import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';
import type { Violation } from '../../src/core/violation.ts';
import { ContractError, ContractErrorCode } from '../../src/contract/errors.ts';
import { describeViolations } from '../../src/report/attach.ts';
import { REDACTED } from '../../src/core/secrets.ts';
import { BootstrapError } from '../../src/targets/sandbox.ts';
import { SandboxUnavailableError } from '../../src/targets/errors.ts';
import { REPORTS_DIR, ROOT } from '../../src/targets/paths.ts';
import { conformanceMessage } from '../../fixtures/matchers.ts';
import { engineFixture, runGateAsync } from './support/nested-run.ts';
import { categoryOf } from './security/categories.ts';
import { PATIENCE_MS, testPatience } from './support/patience.ts';

const CHROMIUM = '/usr/bin/chromium';
const DOC_URL = 'https://vendor.example/docs/pets#get-200';

const violation = (over: Partial<Violation>): Violation => ({
  check: 'responseSchemaConformance',
  operation: 'GET /pets/{pet_id}',
  rule: 'schema-type',
  message: 'response body /id must be string',
  status: 200,
  path: '/id',
  severity: 'error',
  ...over,
});

test.describe('Allure categories', () => {
  test('each failure lands in the category of whose fault it is', async () => {
    const schema = violation({});
    const status500 = violation({
      check: 'expectedStatus',
      rule: 'unexpected-status',
      status: 500,
      message: 'Received: 500\nExpected: 200',
    });
    expect(await categoryOf(conformanceMessage([schema], 'mock'))).toBe('contract violation');
    expect(await categoryOf(conformanceMessage([schema], 'sandbox'))).toBe('contract violation');
    // A mock answers only what the contract documents: a wrong status there is the contract's fault.
    expect(await categoryOf(conformanceMessage([status500], 'mock'))).toBe('contract violation');
    expect(await categoryOf(conformanceMessage([status500, schema], 'sandbox', 'petstore@reference'))).toBe('vendor error');
    expect(
      await categoryOf(
        conformanceMessage([violation({ check: 'statusCodeConformance', rule: 'undocumented-status', status: 404 })], 'sandbox'),
      ),
    ).toBe('vendor error');
    expect(await categoryOf(new SandboxUnavailableError('sikka', 'GET /v2/start: connection refused').message, 'broken')).toBe(
      'sandbox unavailable',
    );
    expect(await categoryOf(new BootstrapError('sikka', 'GET /v2/start', 401, 'bad app key').message, 'broken')).toBe(
      'sandbox unavailable',
    );
    expect(
      await categoryOf(new ContractError(ContractErrorCode.invalid, 'contracts/x.yaml', '#/paths', 'must have required property').message),
    ).toBe('engine error');
    expect(await categoryOf('ENGINE_NO_MOCK: no mock is running for "x"', 'broken')).toBe('engine error');
    expect(
      await categoryOf(
        conformanceMessage([violation({ check: 'contentTypeConformance', rule: 'engine-error', message: 'check crashed: boom' })], 'mock'),
      ),
    ).toBe('engine error');
    // Anything else keeps Allure's defaults.
    expect(await categoryOf('expect(received).toBe(expected)')).toBe('Product errors');
  });
});

test('violations attached to the report are redacted like the exchange', () => {
  const leaked = violation({
    received: { access_token: 'tok-123456', nested: [{ password: 'hunter22' }] },
    message: 'saw s3cr3t-value in the body',
  });
  const text = describeViolations([leaked], ['s3cr3t-value']);
  expect(text).not.toContain('tok-123456');
  expect(text).not.toContain('hunter22');
  expect(text).not.toContain('s3cr3t-value');
  expect(text).toContain(REDACTED);
  expect(JSON.parse(text)[0]).toMatchObject({ check: 'responseSchemaConformance', rule: 'schema-type', path: '/id' });
});

/** Serves a folder on a free loopback port, as any static host would serve the report. */
async function serve(root: string): Promise<{ url: string; server: Server }> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.json': 'application/json',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.txt': 'text/plain',
    '.md': 'text/markdown',
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the report server has no port');
  return { url: `http://127.0.0.1:${address.port}/`, server };
}

test('a reviewer sees the failed test, its vendor, the rule, the category, the doc link, the environment, the coverage matrix and the run history in the HTML report', async ({}, testInfo) => {
  test.skip(
    !existsSync(CHROMIUM),
    `no browser: Debian's chromium is not installed at ${CHROMIUM} (.ci/run installs it; locally: apt-get install chromium)`,
  );
  test.setTimeout(testPatience(3));

  // The mock serves example "rex"; with a numeric id it breaks the documented schema (id: string).
  const broken = engineFixture('petstore.yaml')
    .replace("rex: { value: { id: '7', name: Rex", 'rex: { value: { id: 7, name: Rex')
    .replace('section: Pets › 200 }', `section: Pets › 200, url: '${DOC_URL}' }`);
  expect(broken).toContain(DOC_URL);
  const run = await runGateAsync({ 'petstore.yaml': broken }, ['--project=petstore', '--grep=rex'], {}, { configReporters: true });
  expect(run.status, run.output).toBe(1);
  const results = join(run.reportsDir, 'allure-results');
  expect(
    readdirSync(results).some((name) => name.endsWith('-result.json')),
    run.output,
  ).toBe(true);

  const report = join(run.reportsDir, 'allure-report');
  // Two builds over one history file, as CI does run after run: the second report has a trend to show.
  const build = (output: string) =>
    spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'allure', 'cli.js'), 'generate', results, '-o', output, '--config', join(ROOT, 'allurerc.mjs')],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: PATIENCE_MS,
        env: { ...process.env, ALLURE_HISTORY_PATH: join(run.reportsDir, 'history.jsonl') },
      },
    );
  const earlier = build(join(run.reportsDir, 'allure-report-earlier'));
  expect(earlier.status, `${earlier.stdout}\n${earlier.stderr}`).toBe(0);
  const started = Date.now();
  const generate = build(report);
  const generateMs = Date.now() - started;
  expect(generate.status, `${generate.stdout}\n${generate.stderr}`).toBe(0);
  expect(existsSync(join(report, 'index.html'))).toBe(true);
  expect(existsSync(join(run.reportsDir, 'history.jsonl')), 'history goes where ALLURE_HISTORY_PATH says').toBe(true);

  // The quality gate CI runs (`allure quality-gate`): one failure is over `maxFailures: 0`.
  const gate = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'allure', 'cli.js'), 'quality-gate', results, '--config', join(ROOT, 'allurerc.mjs')],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: PATIENCE_MS,
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  expect(gate.status, `${gate.stdout}\n${gate.stderr}`).toBe(1);
  expect(`${gate.stdout}\n${gate.stderr}`).toContain('conformance/maxFailures');

  const { url, server } = await serve(report);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const browsed = Date.now();
  try {
    const page = await browser.newPage();
    // The report asks for fonts from the internet; a test talks only to 127.0.0.1.
    await page.route(
      (u) => u.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    await page.goto(url);
    await expect(page.getByText('Vendor API conformance').first()).toBeVisible();

    // The environment (allure-playwright's environmentInfo, src/report/environment.ts), shown as Metadata.
    const overview = page.locator('body');
    await expect(
      overview,
      'no environment: the allure-playwright reporter needs `environmentInfo: reportEnvironment(contracts, referenceVendors)`',
    ).toContainText('Metadata');
    await expect(overview).toContainText(/target\s*mock/);
    const hash = createHash('sha256').update(broken).digest('hex');
    await expect(overview).toContainText(new RegExp(`petstore contract\\s*1 \\(sha256 ${hash}\\)`));

    // The tree: vendor › operation › the failed test.
    await expect(page.getByText('petstore > GET /pets/{pet_id}')).toBeVisible();
    await expect(page.getByText('200 example "rex" @smoke')).toBeVisible();

    // The coverage matrix, one result per vendor, with its table.
    await page.getByText('API coverage: petstore').first().click();
    await expect(page.locator('body')).toContainText(/API coverage: petstore \(\d+\/\d+ operation×status pairs exercised/);
    await page.getByText('coverage petstore.md').first().click();
    await expect(page.locator('body')).toContainText('GET /pets/{pet_id}');
    await page.goBack();

    // The categories tab: the failure is a contract violation, grouped by vendor, with the rule in its message.
    await page
      .getByText(/^Categories\s*\d+$/)
      .first()
      .click();
    await expect(page.getByText('contract violation', { exact: true })).toBeVisible();
    await expect(page.getByText('petstore', { exact: true }).first()).toBeVisible();
    await expect(page.locator('body')).toContainText('[responseSchemaConformance › schema-type] GET /pets/{pet_id}, status 200, at /id');

    // The test: category, vendor, rule, the x-doc-source link, and the violations attachment opens.
    await page.getByText('200 example "rex" @smoke').first().click();
    await expect(page.getByText('Category: contract violation')).toBeVisible();
    await expect(page.locator('body')).toContainText('[responseSchemaConformance › schema-type]');
    await expect(page.locator('body')).toContainText('response body /id must be string');
    await expect(page.locator(`a[href="${DOC_URL}"]`).first()).toBeVisible();
    await page.getByText('violations', { exact: true }).first().click();
    await expect(page.locator('body')).toContainText('"rule": "schema-type"');

    // The trend: the test's History tab holds the earlier build's run.
    const history = page.getByText(/^History\s*1$/).first();
    await expect(history, 'the second build over one history file shows the first run in History').toBeVisible();
    await history.click();
    await expect(page.locator('body')).toContainText(/\d{1,2}\/\d{1,2}\/\d{4} at \d{1,2}:\d{2}/);

    mkdirSync(REPORTS_DIR, { recursive: true });
    const shot = join(REPORTS_DIR, 'report-check.png');
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach('report screenshot', { path: shot, contentType: 'image/png' });
  } finally {
    await browser.close();
    server.close();
  }
  testInfo.annotations.push({ type: 'timing', description: `allure generate ${generateMs} ms, browser checks ${Date.now() - browsed} ms` });
  rmSync(dirname(run.reportsDir), { recursive: true, force: true }); // kept on failure, for a look
});

test('`--list` writes no report: no Allure result and no JUnit file', async () => {
  const listed = await runGateAsync(
    { 'petstore.yaml': engineFixture('petstore.yaml') },
    ['--project=petstore', '--list'],
    {},
    { configReporters: true },
  );
  expect(listed.status, listed.output).toBe(0);
  expect(Number(listed.output.match(/Total: (\d+) tests? in/)?.[1]), listed.output).toBeGreaterThan(0);
  // A listing among runs must leave the last run's report as it was (it used to add every test to it as skipped).
  expect(existsSync(join(listed.reportsDir, 'allure-results')) ? readdirSync(join(listed.reportsDir, 'allure-results')) : []).toEqual([]);
  expect(existsSync(join(listed.reportsDir, 'junit.xml'))).toBe(false);
});
