import { test, expect } from '@playwright/test';
import { runChecks } from '../../src/checks/index.ts';
import { findingOf, failsGate } from '../../src/checks/findings.ts';
import { SchemaValidators } from '../../src/checks/schema-validators.ts';
import type { CheckContext } from '../../src/checks/types.ts';
import type { Exchange } from '../../src/core/wire.ts';
import type { Violation } from '../../src/core/violation.ts';
import { vendorContract } from '../../src/properties/vendor-contract.ts';

const sikka = await vendorContract('sikka');
const lupl = await vendorContract('lupl');
const patients = sikka.operations.find((o) => o.key === 'GET /v2/patients')!;
const validators = new SchemaValidators(sikka);

const exchange = (status: number, body: unknown): Exchange => ({
  request: { method: 'GET', url: 'http://127.0.0.1/v2/patients?request_key=k', headers: {} },
  response: { status, headers: { 'content-type': 'application/json' }, text: body === undefined ? '' : JSON.stringify(body) },
});
const ctx = (over: Partial<CheckContext> = {}): CheckContext => ({
  contract: sikka,
  operation: patients,
  validators,
  target: 'sandbox',
  ...over,
});
const check = (c: CheckContext, e: Exchange): Violation[] => runChecks(c, e, ['vendorErrorRules']);
const status = (code: string, http: number) => [{ http_code: String(http), error_code: code, short_message: 'x' }];

test.describe('vendorErrorRules (x-vendor-rules.errors on every answer)', () => {
  test('the operation under test documents the statuses these cases use', () => {
    expect(patients.responses.map((r) => r.status)).toEqual(expect.arrayContaining(['200', '400', '401']));
  });
  test('a documented table row with its own status passes', () => {
    expect(check(ctx(), exchange(400, status('API1004', 400)))).toEqual([]);
  });
  test('a code the table documents with another status fails, naming both', () => {
    const found = check(ctx(), exchange(401, status('API1004', 401)));
    expect(found).toMatchObject([
      {
        check: 'vendorErrorRules',
        rule: 'vendor-error-rule',
        message: 'error_code API1004 is documented with HTTP 400, received HTTP 401',
      },
    ]);
    expect(found.every((v) => failsGate(v, false))).toBe(true);
  });
  test('a code the table does not list fails', () => {
    const found = check(ctx(), exchange(400, status('API9999', 400)));
    expect(found[0].message).toBe('error_code API9999 is not in the Error Codes table');
    expect(found.map(findingOf)).toEqual(['violation']);
  });
  test('an error status without a status body is a finding against the body shape the contract inferred, not a violation', () => {
    // The Error Codes table shows columns, not a body: the contract marks the SikkaError shape inferred.
    for (const body of [undefined, { message: 'bad request' }]) {
      const found = check(ctx(), exchange(400, body));
      expect(found[0].message).toMatch(/HTTP 400 (response has no status body with an error_code|status body has no error_code)/);
      expect(found.map(findingOf)).toEqual(['assumption']);
      expect(found.some((v) => failsGate(v, false))).toBe(false);
      expect(
        found.every((v) => failsGate(v, true)),
        'STRICT=1 fails it',
      ).toBe(true);
    }
  });
  test('on a status the document never mentions, what the rules find is a document gap', () => {
    const found = check(ctx(), exchange(413, undefined));
    expect(found.map(findingOf)).toEqual(['document-gap']);
    expect(found.some((v) => failsGate(v, false))).toBe(false);
  });
  test('a failure hidden behind 200 on a valid request is reported as the refusal it is, not passed as a success', () => {
    const found = check(ctx({ validRequest: true, expected: { succeeded: true } }), exchange(200, status('API4003', 200)));
    expect(found).toMatchObject([{ rule: 'hidden-failure', finding: 'inconclusive', received: 'API4003' }]);
  });
  test('an errors rule the contract marks assumed turns its findings into assumption findings', () => {
    const assumed = {
      ...sikka,
      vendorRules: {
        ...sikka.vendorRules,
        errors: { ...(sikka.vendorRules.errors as object), 'x-provenance': 'assumed', 'x-decision': 'test' },
      },
    };
    expect(check(ctx({ contract: assumed }), exchange(401, status('API1004', 401))).map(findingOf)).toEqual(['assumption']);
  });
  test('a finding about a code whose table row the contract inferred is an assumption finding; other codes stay violations', () => {
    expect(check(ctx(), exchange(401, status('API4001', 401))).map(findingOf)).toEqual(['assumption']);
    expect(check(ctx(), exchange(401, status('API4002', 401))).map(findingOf)).toEqual(['violation']);
  });
  test('Lupl: a 400 without the field-error map fails; a 403 with any JSON object passes', () => {
    const config = lupl.operations.find((o) => o.responses.some((r) => r.status === '400') && o.responses.some((r) => r.status === '403'))!;
    const c = { contract: lupl, operation: config, validators: new SchemaValidators(lupl), target: 'sandbox' as const };
    expect(runChecks(c, exchange(400, { message: 'bad' }), ['vendorErrorRules'])).toMatchObject([{ rule: 'vendor-error-rule' }]);
    expect(runChecks(c, exchange(403, {}), ['vendorErrorRules'])).toEqual([]);
  });
  test('a response the contract allows without a body (x-body-optional) is not held to a body shape when it has none', () => {
    const config = lupl.operations.find((o) => o.responses.some((r) => r.status === '403' && r.bodyOptional))!;
    expect(config, 'the Lupl contract allows a 403 without a body').toBeDefined();
    const c = { contract: lupl, operation: config, validators: new SchemaValidators(lupl), target: 'sandbox' as const };
    expect(runChecks(c, { ...exchange(403, undefined), response: { status: 403, headers: {}, text: '' } }, ['vendorErrorRules'])).toEqual(
      [],
    );
    expect(runChecks(c, exchange(403, [1]), ['vendorErrorRules']).length).toBeGreaterThan(0);
  });
  test("a contract without x-vendor-rules.errors is not judged by any vendor's rules", () => {
    const plain = { ...sikka, vendorRules: {} };
    expect(check(ctx({ contract: plain }), exchange(401, status('API1004', 401)))).toEqual([]);
  });
});
