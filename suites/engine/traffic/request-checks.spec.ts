import { test, expect } from '@playwright/test';
import { requestCheckNames, runRequestChecks } from '../../../src/checks/request/index.ts';
import { formatPattern } from '../../../src/checks/request/security.ts';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import type { Exchange } from '../../../src/core/wire.ts';
import type { Contract } from '../../../src/contract/types.ts';
import { contractOf } from './support.ts';

/** Each request check red on a violating request and green on the documented one, on hand-made exchanges. */

const sikka = await contractOf('sikka');
const webcamconsult = await contractOf('webcamconsult');

function run(
  contract: Contract,
  operationId: string,
  request: Partial<Exchange['request']> & { url: string },
  history: Exchange[] = [],
  names?: string[],
) {
  const operation = contract.operations.find((o) => o.id === operationId)!;
  const exchange: Exchange = {
    request: { method: operation.method, headers: {}, ...request },
    response: { status: 200, headers: {}, text: '' },
  };
  const pathParams = Object.fromEntries(operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, '1']));
  return runRequestChecks({ contract, operation, validators: new SchemaValidators(contract), pathParams, history }, exchange, names);
}
const rules = (violations: { rule: string }[]) => violations.map((v) => v.rule);
const page = (query: string, status = 200): Exchange => ({
  request: { method: 'GET', url: `http://x/v2/patients?${query}`, headers: {} },
  response: { status, headers: {}, text: '' },
});
const S = 'http://127.0.0.1/v2/patients';

test('the request-check registry holds the four request checks', () => {
  expect(requestCheckNames()).toEqual(['requestParameters', 'requestBodyConformance', 'requestSecurity', 'vendorPagination']);
});

test('requestParameters: missing, misplaced and invalid parameters; sound ones pass', () => {
  expect(rules(run(sikka, 'getPatients', { url: S }))).toEqual(['missing-required-parameter']);
  expect(rules(run(sikka, 'getPatients', { url: S, headers: { 'request-key': 'k' } }))).toEqual(['parameter-in-wrong-location']);
  expect(rules(run(sikka, 'getPatients', { url: `${S}?interval=2000&request_key=k` }))).toEqual(['invalid-parameter']);
  expect(run(sikka, 'getPatients', { url: `${S}?interval=15&request_key=k` })).toEqual([]);
});

test('requestBodyConformance: absent, mistyped, malformed and schema-breaking bodies; the documented body passes', () => {
  const url = 'http://127.0.0.1/users.json';
  const json = { 'content-type': 'application/json', authorization: 'Token token=t' };
  expect(rules(run(webcamconsult, 'createUser', { url, headers: json }))).toEqual(['missing-request-body']);
  expect(rules(run(webcamconsult, 'createUser', { url, headers: { ...json, 'content-type': 'text/plain' }, body: 'x' }))).toEqual([
    'undocumented-request-media-type',
  ]);
  expect(rules(run(webcamconsult, 'createUser', { url, headers: json, body: '{"user":' }))).toEqual(['malformed-request-json']);
  expect(rules(run(webcamconsult, 'createUser', { url, headers: json, body: '{"user":{"email":3}}' }))).toEqual(['request-body-schema']);
  expect(run(webcamconsult, 'createUser', { url, headers: json, body: '{"user":{"email":"a@b.c"}}' })).toEqual([]);
});

test('requestSecurity: no credentials, the wrong Authorization form; the documented header or query token passes', () => {
  const url = 'http://127.0.0.1/users.json';
  expect(rules(run(webcamconsult, 'listUsers', { url }))).toEqual(['missing-credentials']);
  for (const wrong of ['Bearer abc', 'abc', 'Token abc', 'token=abc']) {
    const [violation] = run(webcamconsult, 'listUsers', { url, headers: { authorization: wrong } });
    expect(violation?.rule, wrong).toBe('auth-header-form');
    expect(violation.message, wrong).not.toContain('abc');
  }
  expect(run(webcamconsult, 'listUsers', { url, headers: { authorization: 'Token token=abc' } })).toEqual([]);
  expect(run(webcamconsult, 'listUsers', { url, headers: { authorization: 'Token token="abc"' } })).toEqual([]);
  expect(run(webcamconsult, 'listUsers', { url: `${url}?authentication_token=abc` })).toEqual([]);
  expect(formatPattern('Token token={token}').test('token  TOKEN=x')).toBe(true);
});

test('vendorPagination: page size and offset bounds, and offsets that count items under page-offset paging', () => {
  expect(rules(run(sikka, 'getPatients', { url: `${S}?request_key=k&limit=5000` }))).toEqual(['page-size-out-of-range']);
  expect(rules(run(sikka, 'getPatients', { url: `${S}?request_key=k&limit=-1` }))).toEqual(['page-size-out-of-range']);
  expect(rules(run(sikka, 'getPatients', { url: `${S}?request_key=k&offset=x` }))).toEqual(['invalid-page-offset']);
  expect(run(sikka, 'getPatients', { url: `${S}?request_key=k&limit=4999&offset=0` })).toEqual([]);
  expect(
    rules(run(sikka, 'getPatients', { url: `${S}?request_key=k2&offset=500&limit=500` }, [page('request_key=k1&offset=0&limit=500')])),
  ).toEqual(['offset-counts-items']);
  // The next page by pages, another query, another limit, or a failed earlier page: nothing to say.
  expect(run(sikka, 'getPatients', { url: `${S}?request_key=k&offset=1&limit=500` }, [page('request_key=k&offset=0&limit=500')])).toEqual(
    [],
  );
  expect(
    run(sikka, 'getPatients', { url: `${S}?request_key=k&offset=500&limit=500&fields=a` }, [page('request_key=k&offset=0&limit=500')]),
  ).toEqual([]);
  expect(run(sikka, 'getPatients', { url: `${S}?request_key=k&offset=500&limit=500` }, [page('request_key=k&offset=0&limit=250')])).toEqual(
    [],
  );
  expect(
    run(sikka, 'getPatients', { url: `${S}?request_key=k&offset=500&limit=500` }, [page('request_key=k&offset=0&limit=500', 400)]),
  ).toEqual([]);
  // The default limit (500) counts when the client leaves it out.
  expect(rules(run(sikka, 'getPatients', { url: `${S}?request_key=k&offset=500` }, [page('request_key=k')]))).toEqual([
    'offset-counts-items',
  ]);
});

test('vendorPagination under item-offset paging flags offsets that count pages', () => {
  const itemOffset = {
    ...sikka,
    vendorRules: { ...sikka.vendorRules, pagination: { ...(sikka.vendorRules.pagination as object), style: 'item-offset' } },
  } as Contract;
  expect(
    rules(run(itemOffset, 'getPatients', { url: `${S}?request_key=k&offset=1&limit=500` }, [page('request_key=k&offset=0&limit=500')])),
  ).toEqual(['offset-counts-pages']);
  expect(
    run(itemOffset, 'getPatients', { url: `${S}?request_key=k&offset=500&limit=500` }, [page('request_key=k&offset=0&limit=500')]),
  ).toEqual([]);
});
