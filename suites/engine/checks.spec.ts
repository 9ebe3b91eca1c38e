import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { loadContract } from '../../src/contract/load.ts';
import { runChecks } from '../../src/checks/index.ts';
import { failsGate } from '../../src/checks/findings.ts';
import { exampleSchemaConformance } from '../../src/checks/examples.ts';
import { SchemaValidators } from '../../src/checks/schema-validators.ts';
import type { CheckContext } from '../../src/checks/types.ts';
import type { Exchange } from '../../src/core/wire.ts';
import { contractOfPaths } from './support/documents.ts';

const file = fileURLToPath(new URL('./fixtures/petstore.yaml', import.meta.url));
const contract = await loadContract(file);
const operation = contract.operations[0];
const validators = new SchemaValidators(contract);

function exchange(
  status: number,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json', 'x-rate-limit': '5' },
): Exchange {
  return {
    request: { method: 'GET', url: 'http://127.0.0.1/pets/7?key=k', headers: {} },
    response: { status, headers, text: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body) },
  };
}

const ctx = (over: Partial<CheckContext> = {}): CheckContext => ({ contract, operation, validators, target: 'sandbox', ...over });
const only = (name: string) => (c: CheckContext, e: Exchange) => runChecks(c, e, [name]);
const good = { id: '7', name: 'Rex', born: '2020-01-02', parent: { id: '1', name: 'Old' } };

test.describe('statusCodeConformance', () => {
  const check = only('statusCodeConformance');
  test('passes a documented status', () => expect(check(ctx(), exchange(200, good))).toEqual([]));
  test('fails an undocumented status, listing what is documented', () => {
    const [v] = check(ctx(), exchange(500, { error_code: 'X' }));
    expect(v).toMatchObject({
      rule: 'undocumented-status',
      operation: 'GET /pets/{pet_id}',
      received: 500,
      documented: ['200', '204', '400'],
    });
    expect(v.message).toBe('Received: 500\nDocumented: 200, 204, 400');
    expect(v.docSource).toEqual({ document: 'Engine fixture', section: 'Pets', url: undefined });
  });
});

test.describe('expectedStatus', () => {
  const check = only('expectedStatus');
  test('passes the status the case asked for', () => expect(check(ctx({ expected: { status: 200 } }), exchange(200, good))).toEqual([]));
  test('fails another documented status', () => {
    expect(check(ctx({ expected: { status: 200 } }), exchange(400, { error_code: 'E1' }))).toMatchObject([
      { rule: 'unexpected-status', received: 400, documented: 200 },
    ]);
  });
  test('fails a 2xx where a rejection is expected', () => {
    expect(check(ctx({ expected: { rejected: true } }), exchange(200, good))).toMatchObject([{ rule: 'not-rejected' }]);
  });
  test('fails a 5xx where a live success is expected; a refused valid request is a finding, not a failure', () => {
    expect(check(ctx({ expected: { succeeded: true } }), exchange(500, { error_code: 'E1' }))).toMatchObject([
      { rule: 'not-successful', documented: '2xx', severity: 'error' },
    ]);
    expect(check(ctx({ expected: { succeeded: true } }), exchange(400, { error_code: 'E1' }))).toMatchObject([
      { rule: 'valid-request-refused', finding: 'document-gap', severity: 'warning' },
    ]);
    expect(check(ctx({ expected: { succeeded: true } }), exchange(204, undefined))).toEqual([]);
  });
});

test.describe('contentTypeConformance', () => {
  const check = only('contentTypeConformance');
  test('passes a documented media type with parameters', () => {
    expect(check(ctx(), exchange(200, good, { 'content-type': 'application/json; charset=utf-8' }))).toEqual([]);
  });
  test('fails an undocumented media type', () => {
    expect(check(ctx(), exchange(200, '<pet/>', { 'content-type': 'text/xml' }))).toMatchObject([
      { rule: 'undocumented-content-type', received: 'text/xml', documented: ['application/json'] },
    ]);
  });
  test('an answer to HEAD may leave out Content-Type with its content (RFC 9110 §9.3.2); an empty GET answer may not', () => {
    const head = { ...operation, method: 'HEAD', key: 'HEAD /pets/{pet_id}' };
    expect(check(ctx({ operation: head }), exchange(200, '', {}))).toEqual([]);
    expect(check(ctx(), exchange(200, '', {}))).toMatchObject([{ rule: 'missing-content-type' }]);
  });
  test("a response whose content keys are no media types is the document's defect, never the vendor's violation", () => {
    const keyed = {
      ...operation,
      responses: operation.responses.map((r) => ({ ...r, content: r.content.map((m) => ({ ...m, mediaType: 'data' })) })),
    };
    const found = check(ctx({ operation: keyed }), exchange(200, 'x', { 'content-type': 'text/plain' }));
    expect(found).toMatchObject([{ rule: 'undocumented-content-type', finding: 'document-defect', severity: 'warning' }]);
  });
  test('fails a body without a content type', () => {
    expect(check(ctx(), exchange(200, good, {}))).toMatchObject([{ rule: 'missing-content-type' }]);
  });
  test('fails a body on a response documented without one', () => {
    expect(check(ctx(), exchange(204, good))).toMatchObject([{ rule: 'undocumented-body', status: 204 }]);
  });
});

test.describe('responseSchemaConformance', () => {
  const check = only('responseSchemaConformance');
  test('passes a conforming body, recursive $ref included', () => expect(check(ctx(), exchange(200, good))).toEqual([]));
  test('fails a wrong type with the JSON path', () => {
    const violations = check(ctx(), exchange(200, { ...good, name: 42 }));
    expect(violations).toMatchObject([{ rule: 'schema-type', path: '/name', received: 42, status: 200 }]);
    expect(violations[0].message).toBe('response body /name must be string');
  });
  test('reports every error, not the first', () => {
    const violations = check(ctx(), exchange(200, { born: 'yesterday', parent: { id: 1, name: 'x' } }));
    expect(violations.map((v) => v.path).sort()).toEqual(['/', '/', '/born', '/parent/id']);
  });
  test('fails a format violation', () => {
    expect(check(ctx(), exchange(200, { ...good, born: '2020-13-40' }))).toMatchObject([{ rule: 'schema-format', path: '/born' }]);
  });
  test('fails malformed JSON', () => expect(check(ctx(), exchange(200, '{"id": '))).toMatchObject([{ rule: 'malformed-json' }]));
  test('fails an empty body where one is documented', () =>
    expect(check(ctx(), exchange(200, undefined))).toMatchObject([{ rule: 'missing-body' }]));
  test('a body documented for 204 is a defect of the document (HTTP gives 204 no content), not a vendor violation', () => {
    const withBody = operation.responses.find((r) => r.status === '200')!.content;
    const documents204Body = {
      ...operation,
      responses: operation.responses.map((r) => (r.status === '204' ? { ...r, content: withBody } : r)),
    };
    const found = check(ctx({ operation: documents204Body }), exchange(204, undefined));
    expect(found).toMatchObject([{ rule: 'missing-body', finding: 'document-defect', severity: 'warning' }]);
    expect(found.some((v) => failsGate(v, false))).toBe(false);
  });
});

test.describe('responseHeadersConformance', () => {
  const check = only('responseHeadersConformance');
  test('passes a present, valid header', () => expect(check(ctx(), exchange(200, good))).toEqual([]));
  test('fails a missing required header', () => {
    expect(check(ctx(), exchange(200, good, { 'content-type': 'application/json' }))).toMatchObject([
      { rule: 'missing-header', path: 'header:X-Rate-Limit' },
    ]);
  });
  test('fails a header that breaks its schema', () => {
    expect(check(ctx(), exchange(200, good, { 'content-type': 'application/json', 'x-rate-limit': '500' }))).toMatchObject([
      { rule: 'header-maximum', received: '500' },
    ]);
  });
  test("a mock's value for a header without an example is the mock's invention: a warning; with an example, a failure", () => {
    const headers = { 'content-type': 'application/json', 'x-rate-limit': '500' };
    const invented = check(ctx({ target: 'mock' }), exchange(200, good, headers));
    expect(invented).toMatchObject([{ rule: 'header-maximum', severity: 'warning' }]);
    expect(invented[0].message).toContain('mock-generated header');
    const withExample = {
      ...operation,
      responses: operation.responses.map((r) => ({ ...r, headers: r.headers.map((h) => ({ ...h, hasExample: true })) })),
    };
    expect(check(ctx({ target: 'mock', operation: withExample }), exchange(200, good, headers))).toMatchObject([
      { rule: 'header-maximum', severity: 'error' },
    ]);
  });
});

test.describe('documentedErrorBody', () => {
  const check = only('documentedErrorBody');
  const expected = { status: 400, match: { error_code: 'E1' } };
  test('passes the documented error body from a live target', () =>
    expect(check(ctx({ expected }), exchange(400, { error_code: 'E1' }))).toEqual([]));
  test('fails another error code from a live target', () => {
    expect(check(ctx({ expected }), exchange(400, { error_code: 'E9' }))).toMatchObject([
      { rule: 'error-body-mismatch', documented: { error_code: 'E1' } },
    ]);
  });
  test('passes on a mock when a documented example carries the code', () =>
    expect(check(ctx({ expected, target: 'mock' }), exchange(400, { error_code: 'E9' }))).toEqual([]));
  test('fails on a mock when no documented example carries the code', () => {
    expect(
      check(ctx({ expected: { status: 400, match: { error_code: 'E2' } }, target: 'mock' }), exchange(400, { error_code: 'E1' })),
    ).toMatchObject([{ rule: 'error-body-mismatch' }]);
  });
});

test('a crashing check becomes an engine-error violation instead of hiding the others', () => {
  const broken = {
    ...ctx(),
    validators: {
      validate: () => {
        throw new Error('boom');
      },
    } as unknown as SchemaValidators,
  };
  const violations = runChecks(broken, exchange(500, good));
  expect(violations.map((v) => v.rule)).toEqual(expect.arrayContaining(['undocumented-status']));
  expect(runChecks(broken, exchange(200, good), ['responseSchemaConformance'])).toMatchObject([
    { rule: 'engine-error', message: 'check crashed: boom' },
  ]);
});

test.describe('exampleSchemaConformance', () => {
  test('passes a contract whose examples all validate', async () => {
    expect(exampleSchemaConformance(contract, validators)).toEqual([]);
  });
  test('fails a parameter example and a response example that break their schemas, with pointers', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const broken = join(mkdtempSync(join(tmpdir(), 'ex-')), 'petstore.yaml');
    const text = (await import('node:fs'))
      .readFileSync(file, 'utf8')
      .replace("schema: { type: string }, example: '7' }", 'schema: { type: string, maxLength: 1 }, example: "77" }')
      .replace("born: '2020-01-02'", "born: 'soon'");
    writeFileSync(broken, text);
    const c = await loadContract(broken);
    const found = exampleSchemaConformance(c, new SchemaValidators(c));
    expect(found.map((v) => [v.rule, v.path])).toEqual([
      ['example-maxLength', '#/paths/~1pets~1{pet_id}/get/parameters/0/example'],
      ['example-format', '#/paths/~1pets~1{pet_id}/get/responses/200/content/application~1json/examples/rex/value/born'],
    ]);
  });
});

test.describe('responseSchemaConformance on a schema that judges nothing', () => {
  test('a schema whose validation never ends (`A: {allOf: [$ref: A, …]}`) is a document defect, not a crash and never the vendor', async () => {
    const schema = {
      allOf: [{ $ref: '#/components/schemas/Loop' }, { type: 'object', required: ['name'], properties: { name: { type: 'string' } } }],
    };
    const ok = { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Loop' } } } };
    const loop = await contractOfPaths(
      'loop',
      {
        '/pets/{pet_id}': {
          get: { parameters: [{ in: 'path', name: 'pet_id', required: true, schema: { type: 'string' } }], responses: { '200': ok } },
        },
      },
      { components: { schemas: { Loop: schema } } },
    );
    const found = runChecks(
      { contract: loop, operation: loop.operations[0], validators: new SchemaValidators(loop), target: 'sandbox' },
      exchange(200, { name: 'Rex' }),
      ['responseSchemaConformance'],
    );
    expect(found).toMatchObject([{ rule: 'schema-compile', finding: 'document-defect', severity: 'warning' }]);
    expect(found[0].message).toContain('its validation recurses without end');
    expect(found.filter((v) => failsGate(v, false))).toEqual([]);
  });
});
