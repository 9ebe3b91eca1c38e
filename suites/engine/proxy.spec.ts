import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { sandboxes } from '../../fixtures/sandboxes/index.ts';
import { runChecks } from '../../src/checks/index.ts';
import { SchemaValidators } from '../../src/checks/schema-validators.ts';
import type { CheckContext } from '../../src/checks/types.ts';
import type { Exchange } from '../../src/core/wire.ts';
import { loadContract } from '../../src/contract/load.ts';
import { proxyMode, startValidationProxy } from '../../src/targets/proxy.ts';
import { ROOT } from '../../src/targets/paths.ts';

const contract = await loadContract(join(ROOT, 'contracts', 'sikka.yaml'));
const patients = contract.operations.find((o) => o.key === 'GET /v2/patients')!;
const ctx: CheckContext = { contract, operation: patients, validators: new SchemaValidators(contract), target: 'sandbox' };
const proxyCheck = (exchange: Exchange) => runChecks(ctx, exchange, ['prismProxyViolations']);
const answer = (headers: Record<string, string>): Exchange => ({
  request: { method: 'GET', url: 'http://127.0.0.1/v2/patients', headers: {} },
  response: { status: 200, headers: { 'content-type': 'application/json', ...headers }, text: '[]' },
});

/** Sends one patients read through a Prism validation proxy in front of a Sikka reference sandbox. */
async function throughProxy(fault?: string): Promise<Exchange> {
  const sandbox = await sandboxes.sikka({ fault });
  const proxy = await startValidationProxy(contract, sandbox.url);
  try {
    const start = await fetch(
      `${sandbox.url}/v2/start?app_id=${sandbox.credentials.SIKKA_APP_ID}&app_key=${sandbox.credentials.SIKKA_APP_KEY}&office_id=${sandbox.credentials.SIKKA_OFFICE_ID}&secret_key=${sandbox.credentials.SIKKA_SECRET_KEY}`,
    );
    const [{ request_key }] = (await start.json()) as { request_key: string }[];
    const url = `${proxy.url}/v2/patients?request_key=${request_key}&limit=3`;
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    return {
      request: { method: 'GET', url, headers: {} },
      response: { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() },
    };
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}

test('a faithful sandbox behind the Prism proxy yields no proxy violation', async () => {
  const exchange = await throughProxy();
  expect(exchange.response.status).toBe(200);
  expect(proxyCheck(exchange)).toEqual([]);
});

test('a response the contract forbids becomes a violation from the proxy header', async () => {
  const exchange = await throughProxy('missing-required-field');
  expect(exchange.response.headers['sl-violations']).toBeTruthy();
  expect(proxyCheck(exchange)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ check: 'prismProxyViolations', operation: 'GET /v2/patients', message: expect.stringContaining('href') }),
    ]),
  );
});

test('request-side findings are ignored: the suite breaks requests on purpose', () => {
  const header = JSON.stringify([
    { location: ['request', 'query'], severity: 'Error', code: 'required', message: "must have required property 'request_key'" },
  ]);
  expect(proxyCheck(answer({ 'sl-violations': header }))).toEqual([]);
});

test('a header Prism cut near 8 KB still yields its whole findings; that more were cut is a mock limitation, never a failure', () => {
  const finding = {
    location: ['response', 'body', 0, 'total_count'],
    severity: 'Error',
    code: 'required',
    message: 'must have required property',
  };
  const full = JSON.stringify(Array.from({ length: 200 }, () => finding));
  const header = `Too many violations! ${full.slice(0, 8 * 1024 - 100)}`;
  const violations = proxyCheck(answer({ 'sl-violations': header }));
  expect(violations.at(-1)).toMatchObject({ rule: 'prism-violations-truncated', severity: 'warning', finding: 'mock-limitation' });
  expect(violations.length).toBeGreaterThan(50);
  expect(violations[0]).toMatchObject({ rule: 'prism-required', path: '/0/total_count' });
});

test('PROXY accepts prism or nothing, and names the bad value otherwise', () => {
  expect(proxyMode({})).toBe('none');
  expect(proxyMode({ PROXY: 'prism' })).toBe('prism');
  expect(() => proxyMode({ PROXY: 'mitm' })).toThrow('PROXY must be "prism" or unset, not "mitm"');
});

test('a proxy finding on a rule the contract inferred is an assumption finding; on a documented one a violation', () => {
  const findings = (location: (string | number)[]) =>
    JSON.stringify([{ location, severity: 'Error', code: 'required', message: 'must have required property' }]);
  // The collection envelope is the contract's inference (the document shows bare records); the record's href is documented.
  const envelope = proxyCheck(answer({ 'sl-violations': findings(['response', 'body', 0, 'total_count']) }));
  const record = proxyCheck(answer({ 'sl-violations': findings(['response', 'body', 0, 'items', 0, 'href']) }));
  expect(envelope.map((v) => v.finding)).toEqual(['assumption']);
  expect(record.map((v) => v.finding ?? 'violation')).toEqual(['violation']);
});
