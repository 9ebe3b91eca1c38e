import { test, expect } from '@playwright/test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { sandboxes } from '../../../fixtures/sandboxes/index.ts';
import { harEntries, HarWriter, readHar, type HarEntry } from '../../../src/traffic/har.ts';
import { checkFile, findings, record, sikkaRequestKey, tempDir } from './support.ts';

const CHROMIUM = '/usr/bin/chromium';

const entry = (url: string, status = 200): HarEntry => ({
  startedDateTime: new Date(0).toISOString(),
  time: 1,
  request: {
    method: 'GET',
    url,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: [{ name: 'Accept', value: 'application/json' }],
    queryString: [],
    headersSize: -1,
    bodySize: 0,
  },
  response: {
    status,
    statusText: '',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: [{ name: 'Content-Type', value: 'application/json' }],
    content: { size: 2, mimeType: 'application/json', text: 'W10=', encoding: 'base64' },
    redirectURL: '',
    headersSize: -1,
    bodySize: 2,
  },
  cache: {},
  timings: { send: 0, wait: 1, receive: 0 },
});

test('the HAR file is complete and valid after every appended exchange, before close', () => {
  const file = join(tempDir(), 'live.har');
  const writer = new HarWriter(file, { name: 't', version: '1' });
  expect(readHar(file).entries).toEqual([]);
  for (let n = 1; n <= 3; n++) {
    writer.append(entry(`http://127.0.0.1/v2/patients?n=${n}`));
    const read = readHar(file);
    expect(read.entries).toHaveLength(n);
    expect(read.entries[n - 1].exchange.response.text).toBe('[]');
    expect(read.entries[n - 1].exchange.request.headers).toEqual({ accept: 'application/json' });
  }
  writer.close();
  expect(JSON.parse(readFileSync(file, 'utf8')).log.version).toBe('1.2');
});

test('a file that is not HAR fails with a stable code; unanswered entries are skipped with the reason', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'bad.har'), '{"log": {}}');
  writeFileSync(join(dir, 'text.har'), 'not json');
  expect(() => readHar(join(dir, 'bad.har'))).toThrow(/^TRAFFIC_HAR_INVALID: .*bad\.har: log\.entries is not an array/);
  expect(() => readHar(join(dir, 'text.har'))).toThrow(/^TRAFFIC_HAR_INVALID: .*not JSON/);
  expect(() => readHar(join(dir, 'missing.har'))).toThrow(/^TRAFFIC_HAR_UNREADABLE: /);
  const read = harEntries({ log: { entries: [entry('http://a/x', 0), entry('http://a/y')] } });
  expect(read.entries.map((e) => e.index)).toEqual([2]);
  expect(read.skipped).toEqual([{ index: 1, url: 'http://a/x', reason: 'no answer recorded (status 0)' }]);
});

test('bodies Playwright stores beside the HAR are read from its folder and nowhere else', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'body.json'), '[1]');
  const attached = (name: string) => ({
    log: {
      entries: [
        {
          ...entry('http://a/x'),
          response: { ...entry('http://a/x').response, content: { size: 3, mimeType: 'application/json', _file: name } },
        },
      ],
    },
  });
  expect(harEntries(attached('body.json'), join(dir, 'x.har')).entries[0].exchange.response.text).toBe('[1]');
  expect(harEntries(attached('../../../../etc/hostname'), join(dir, 'x.har')).entries[0].exchange.response.text).toBe('');
});

test('recordings carry no credential of the sandbox, yet keep the Authorization form the checks judge', async () => {
  let secret = '';
  const file = await record('webcamconsult', async (url, c) => {
    secret = c.WEBCAMCONSULT_TOKEN;
    await (await fetch(`${url}/users.json`, { headers: { authorization: `Token token=${secret}` } })).arrayBuffer();
    await (await fetch(`${url}/users.json?authentication_token=${secret}`)).arrayBuffer();
  });
  const text = readFileSync(file, 'utf8');
  expect(secret.length).toBeGreaterThan(8);
  expect(text).not.toContain(secret);
  expect(text).toContain('Token token=[REDACTED]');
  expect(findings(await checkFile(file))).toEqual([]);
});

test('a HAR recorded by Playwright (recordHar) in a browser is accepted and checked', async () => {
  test.skip(!existsSync(CHROMIUM), `no browser: Debian's chromium is not installed at ${CHROMIUM}`);
  const sandbox = await sandboxes.sikka();
  const file = join(tempDir(), 'browser.har');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ recordHar: { path: file } });
    const page = await context.newPage();
    const key = await sikkaRequestKey(sandbox.url, sandbox.credentials);
    await page.goto(`${sandbox.url}/v2/patients?request_key=${key}&limit=3`);
    await page.evaluate(async (k) => {
      await (await fetch(`/v2/patients?request_key=${k}&limit=5000`)).text();
    }, key);
    await context.close();
  } finally {
    await browser.close();
    await sandbox.close();
  }
  const har = JSON.parse(readFileSync(file, 'utf8'));
  expect(har.log.creator.name).toBe('Playwright');
  const result = await checkFile(file, { baseUrl: sandbox.url });
  const patients = result.checked.filter((c) => c.operation === 'GET /v2/patients');
  expect(patients).toHaveLength(2);
  expect(findings(result).map((v) => v.rule)).toEqual(['page-size-out-of-range']);
  // --base-url keeps a browser's other traffic out: nothing of another origin is judged.
  const elsewhere = await checkFile(file, { baseUrl: 'http://127.0.0.2:1' });
  expect(elsewhere.checked).toEqual([]);
  expect(elsewhere.skipped.length).toBeGreaterThanOrEqual(2);
});
