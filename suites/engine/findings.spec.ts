import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { normalizeCategoriesConfig, matchCategory } from '@allurereport/core-api';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadContract } from '../../src/contract/load.ts';
import { schemaProvenance } from '../../src/contract/provenance.ts';
import { runChecks } from '../../src/checks/index.ts';
import { exampleSchemaConformance } from '../../src/checks/examples.ts';
import { failsGate, findingOf, strictMode } from '../../src/checks/findings.ts';
import { SchemaValidators } from '../../src/checks/schema-validators.ts';
import type { CheckContext } from '../../src/checks/types.ts';
import type { Exchange } from '../../src/core/wire.ts';
import type { Violation } from '../../src/core/violation.ts';
import { casesFor } from '../../src/generate/cases.ts';
import { answerWarnings, formatFindingsSummary } from '../../src/report/findings.ts';
import { ROOT } from '../../src/targets/paths.ts';
import { conformanceMessage } from '../../fixtures/matchers.ts';
import { engineFixture, runGateAsync } from './support/nested-run.ts';
import { testPatience } from './support/patience.ts';

const file = fileURLToPath(new URL('./fixtures/provenance.yaml', import.meta.url));
const contract = await loadContract(file);
const operation = contract.operations[0];
const validators = new SchemaValidators(contract);
const user = { id: '7', name: 'Rex', activated_at: '2020-01-02T00:00:00Z', tags: ['a'] };

function exchange(
  status: number,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': 'r1' },
): Exchange {
  return {
    request: { method: 'GET', url: 'http://127.0.0.1/users/7?q=x&r=y', headers: {} },
    response: { status, headers, text: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body) },
  };
}
const ctx = (over: Partial<CheckContext> = {}): CheckContext => ({ contract, operation, validators, target: 'sandbox', ...over });
const run = (c: CheckContext, e: Exchange, names?: string[]) => runChecks(c, e, names);
const kinds = (violations: Violation[]) => violations.map((v) => [v.rule, findingOf(v)]);
const failing = (violations: Violation[], strict = false) => violations.filter((v) => failsGate(v, strict));

test.describe('provenance in the contract', () => {
  test('responses, headers and x-missing-response readings carry their x-provenance and x-decision', () => {
    const byStatus = Object.fromEntries(operation.responses.map((r) => [r.status, r.provenance.kind]));
    expect(byStatus).toEqual({ 200: 'documented', 400: 'documented', 401: 'assumed' });
    expect(operation.responses[0].headers[0].provenance).toMatchObject({
      kind: 'assumed',
      decision: 'The document shows the header in one example only.',
    });
    const [q, r] = operation.parameters.filter((p) => p.in === 'query');
    expect(q.missingResponses.map((m) => [m.match?.code, m.provenance.kind])).toEqual([
      ['MISSING', 'documented'],
      ['GENERIC', 'inferred'],
    ]);
    expect(r.missingResponses.map((m) => m.provenance.kind)).toEqual(['assumed']);
  });

  test("a mark covers the inline schema below it; a $ref to a named schema starts afresh with that schema's mark", () => {
    const document = {
      components: {
        schemas: {
          Envelope: {
            'x-provenance': 'inferred',
            'x-decision': 'the document shows bare records',
            type: 'object',
            required: ['total'],
            properties: { total: { type: 'string' }, items: { type: 'array', items: { $ref: '#/components/schemas/Record' } } },
          },
          Record: {
            type: 'object',
            required: ['id'],
            properties: {
              id: { type: 'string' },
              at: { $ref: '#/components/schemas/Stamp', 'x-provenance': 'assumed', 'x-decision': 'beside the ref' },
            },
          },
          Stamp: { type: 'string' },
          Either: { oneOf: [{ $ref: '#/components/schemas/Envelope' }, { type: 'array', items: { $ref: '#/components/schemas/Record' } }] },
        },
      },
    };
    const at = (path: string, extra: string[] = []) => schemaProvenance(document, '#/components/schemas/Either', path, extra).kind;
    expect(at('/total')).toBe('inferred');
    expect(at('/', ['total'])).toBe('inferred');
    expect(at('/items/0/id')).toBe('documented');
    expect(at('/0/id')).toBe('documented');
    expect(at('/0/at')).toBe('assumed');
  });

  test('a schema rule is a guess when any schema on its way, through $ref and items, is marked', () => {
    const schema = operation.responses[0].content[0].schemaPointer as string;
    expect(schemaProvenance(contract.document, schema, '/name').kind).toBe('documented');
    expect(schemaProvenance(contract.document, schema, '/activated_at')).toMatchObject({
      kind: 'assumed',
      decision: expect.stringContaining('generated attributes'),
    });
    expect(schemaProvenance(contract.document, schema, '/', ['activated_at']).kind).toBe('assumed');
    expect(schemaProvenance(contract.document, schema, '/tags/3').kind).toBe('inferred');
    expect(schemaProvenance(contract.document, schema, '/tags').kind).toBe('documented');
  });
});

test.describe('findings by provenance', () => {
  test('a documented rule broken is a vendor violation that fails', () => {
    const found = run(ctx(), exchange(200, { ...user, name: 5 }), ['responseSchemaConformance']);
    expect(kinds(found)).toEqual([['schema-type', 'violation']]);
    expect(failing(found)).toHaveLength(1);
  });

  test('a generated attribute answered null breaks an assumption only: reported, not failing unless STRICT', () => {
    const found = run(ctx(), exchange(200, { ...user, activated_at: null }), ['responseSchemaConformance']);
    expect(kinds(found)).toEqual([['schema-type', 'assumption']]);
    expect(found[0].decision).toContain('generated attributes');
    expect(failing(found)).toEqual([]);
    expect(failing(found, true)).toHaveLength(1);
  });

  test('an assumed attribute left out entirely is an assumption finding too (required names it)', () => {
    const { activated_at: _, ...without } = user;
    expect(kinds(run(ctx(), exchange(200, without), ['responseSchemaConformance']))).toEqual([['schema-required', 'assumption']]);
  });

  test('an assumed response answered without the body the contract invented for it is an assumption finding', () => {
    const found = run(ctx(), exchange(401, undefined, {}), ['responseSchemaConformance', 'contentTypeConformance']);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((v) => findingOf(v) === 'assumption')).toBe(true);
    expect(failing(found)).toEqual([]);
  });

  test('an assumed header missing is an assumption finding', () => {
    expect(kinds(run(ctx(), exchange(200, user, { 'content-type': 'application/json' }), ['responseHeadersConformance']))).toEqual([
      ['missing-header', 'assumption'],
    ]);
  });

  test('an inferred shape (items typed by the example) broken is an assumption finding', () => {
    expect(kinds(run(ctx(), exchange(200, { ...user, tags: [{ name: 'a' }] }), ['responseSchemaConformance']))).toEqual([
      ['schema-type', 'assumption'],
    ]);
  });
});

test.describe('readings of a rejection (x-missing-response as a list)', () => {
  const [q, r] = operation.parameters.filter((p) => p.in === 'query');
  const missingQ = casesFor(operation, 'sandbox').find((c) => c.drop?.name === 'q');
  const missingR = casesFor(operation, 'sandbox').find((c) => c.drop?.name === 'r');

  test('the case carries every reading', () => {
    expect(missingQ?.expected.alternatives).toEqual(q.missingResponses);
    expect(missingR?.expected).toMatchObject({ status: 422, provenance: { kind: 'assumed' } });
    expect(r.missingResponses).toHaveLength(1);
  });
  test('either documented reading passes', () => {
    for (const code of ['MISSING', 'GENERIC']) {
      expect(run(ctx({ expected: missingQ?.expected }), exchange(400, { code }), ['expectedStatus', 'documentedErrorBody'])).toEqual([]);
    }
  });
  test('a body matching no reading fails: one of the readings is documented', () => {
    const found = run(ctx({ expected: missingQ?.expected }), exchange(400, { code: 'OTHER' }), ['documentedErrorBody']);
    expect(kinds(found)).toEqual([['error-body-mismatch', 'violation']]);
    expect(found[0].documented).toEqual([{ code: 'MISSING' }, { code: 'GENERIC' }]);
  });
  test('another status where the only reading is assumed is an assumption finding; a 2xx never is', () => {
    expect(kinds(run(ctx({ expected: missingR?.expected }), exchange(400, { code: 'X' }), ['expectedStatus']))).toEqual([
      ['unexpected-status', 'assumption'],
    ]);
    expect(kinds(run(ctx({ expected: missingR?.expected }), exchange(200, user), ['expectedStatus']))).toEqual([
      ['unexpected-status', 'violation'],
    ]);
  });
});

test.describe('statuses the document never mentions', () => {
  const statusOnly = (c: CheckContext, status: number) => kinds(run(c, exchange(status, { code: 'X' }), ['statusCodeConformance']));

  test('an undocumented 4xx is a document gap (warning); a 5xx from a live target fails; an undocumented 2xx fails', () => {
    for (const status of [403, 404, 405, 413, 415, 429])
      expect(statusOnly(ctx(), status)).toEqual([['undocumented-status', 'document-gap']]);
    expect(statusOnly(ctx(), 500)).toEqual([['undocumented-status', 'violation']]);
    expect(statusOnly(ctx(), 201)).toEqual([['undocumented-status', 'violation']]);
    const gap = run(ctx(), exchange(404, {}), ['statusCodeConformance']);
    expect(gap[0].severity).toBe('warning');
    expect(failing(gap)).toEqual([]);
  });
  test('from the mock a 5xx is the mock choosing a `default` for a gap in the document', () => {
    expect(statusOnly(ctx({ target: 'mock' }), 500)).toEqual([['undocumented-status', 'document-gap']]);
  });
  test('a live target refusing a valid request: 401/403/404 inconclusive, another 4xx a document gap, a 5xx a violation', () => {
    const live = ctx({ expected: { succeeded: true }, validRequest: true });
    const verdict = (status: number) => kinds(run(live, exchange(status, { code: 'X' }), ['expectedStatus']));
    for (const status of [401, 403, 404]) expect(verdict(status)).toEqual([['valid-request-refused', 'inconclusive']]);
    expect(verdict(400)).toEqual([['valid-request-refused', 'document-gap']]);
    expect(verdict(500)).toEqual([['not-successful', 'violation']]);
    expect(verdict(200)).toEqual([]);
    // Ids the target itself listed: a 404 says the documented path does not serve a record that exists.
    expect(kinds(run({ ...live, idsFromTarget: true }, exchange(404, {}), ['expectedStatus']))).toEqual([['not-successful', 'violation']]);
  });
});

test.describe('requests without credentials', () => {
  const withoutDocumented401 = { ...operation, responses: operation.responses.filter((r) => r.status !== '401') };
  const missing = (target: 'mock' | 'sandbox', op = operation) => casesFor(op, target).find((c) => c.kind === 'missing-credentials');

  test("with a documented 401 the case expects it, with that response's provenance", () => {
    expect(missing('mock')?.expected).toMatchObject({ status: 401, provenance: { kind: 'assumed' } });
  });
  test('with no 401 documented, any 4xx is the refusal and the expectation is marked assumed', () => {
    expect(missing('sandbox', withoutDocumented401)?.expected).toMatchObject({ rejected: true, provenance: { kind: 'assumed' } });
  });
  test('the mock answering 500 through `default` is a document gap; accepting the request fails anywhere', () => {
    const expected = missing('mock', withoutDocumented401)?.expected;
    const c = ctx({ operation: withoutDocumented401, expected, target: 'mock' });
    expect(kinds(run(c, exchange(500, {}), ['expectedStatus']))).toEqual([['not-rejected', 'document-gap']]);
    expect(kinds(run(c, exchange(200, user), ['expectedStatus']))).toEqual([['not-rejected', 'violation']]);
    expect(kinds(run({ ...c, target: 'sandbox' }, exchange(200, user), ['expectedStatus']))).toEqual([['not-rejected', 'violation']]);
  });
});

test.describe('drop-in documents', () => {
  test('an example that breaks its own schema is a document defect in a vendor document, a violation in a suite contract', async () => {
    const dropIn = { ...contract, document: { ...contract.document, info: { title: 'x', version: '1' } } };
    const badExample = (c: typeof contract) => {
      const copy = structuredClone(c);
      copy.operations[0].responses[0].content[0].examples[0].value = { ...user, name: 5 };
      return copy;
    };
    const suiteFound = exampleSchemaConformance(badExample(contract), validators);
    const dropInFound = exampleSchemaConformance(badExample(dropIn), validators);
    expect(suiteFound.map(findingOf)).toEqual(['violation']);
    expect(dropInFound.map(findingOf)).toEqual(['document-defect']);
    const mockServed = run(
      ctx({ target: 'mock', bodyOrigin: 'document-example', suiteContract: false }),
      exchange(200, { ...user, name: 5 }),
      ['responseSchemaConformance'],
    );
    expect(mockServed.map(findingOf)).toEqual(['document-defect']);
    const generated = run(ctx({ target: 'mock', bodyOrigin: 'mock-generated', suiteContract: true }), exchange(200, { ...user, name: 5 }), [
      'responseSchemaConformance',
    ]);
    expect(generated.map((v) => v.severity)).toEqual(['warning']);
  });
});

test.describe('STRICT and the report', () => {
  test('STRICT accepts 1/true/0/false/empty and names a bad value in one line', () => {
    expect(strictMode({})).toBe(false);
    expect(strictMode({ STRICT: '1' })).toBe(true);
    expect(strictMode({ STRICT: 'true' })).toBe(true);
    expect(strictMode({ STRICT: '0' })).toBe(false);
    expect(() => strictMode({ STRICT: 'yes please' })).toThrow(
      /^ENGINE_BAD_VARIABLE: STRICT="yes please" is not one of 1, true, 0, false$/,
    );
  });

  test('assumption findings under STRICT fail with their own message and land in their own category', async () => {
    const found = run(ctx(), exchange(200, { ...user, activated_at: null }), ['responseSchemaConformance']);
    const message = conformanceMessage(failing(found, true), 'sandbox');
    expect(message).toMatch(/^STRICT: 1 finding \(assumption\) fail under STRICT=1:\n1\. \[responseSchemaConformance › schema-type\]/);
    const { categories } = (await import(pathToFileURL(join(ROOT, 'allurerc.mjs')).href)).default;
    const rules = normalizeCategoriesConfig(categories);
    const category = (status: 'passed' | 'failed', labels: { name: string; value: string }[], text = '') =>
      matchCategory(rules, { status, labels, message: text, flaky: false })?.name;
    expect(category('failed', [{ name: 'finding', value: 'assumption' }], `Error: ${message}`)).toBe(
      'contract assumption contradicted: update the contract?',
    );
    expect(category('passed', [{ name: 'finding', value: 'assumption' }])).toBe('contract assumption contradicted: update the contract?');
    expect(category('passed', [{ name: 'finding', value: 'document-gap' }])).toBe('document gap');
    expect(category('passed', [{ name: 'finding', value: 'document-defect' }])).toBe('document defect');
    expect(category('passed', [{ name: 'finding', value: 'inconclusive' }])).toMatch(/^inconclusive/);
    expect(category('passed', [])).toBeUndefined();
  });

  test('run-level warnings: mostly 401/403, mostly 404, many other 4xx on valid data; nothing on too few answers', () => {
    const answers = (statuses: number[]) => statuses.map((status) => ({ status, validRequest: true }));
    expect(answerWarnings([{ project: 'x', answers: answers([401, 403, 401, 200, 401]) }])).toEqual([
      'x: 4 of 5 valid requests answered 401/403: credentials missing or wrong?',
    ]);
    expect(answerWarnings([{ project: 'x', answers: answers([404, 404, 404, 200, 200]) }])).toEqual([
      'x: 3 of 5 valid requests answered 404: no test data?',
    ]);
    expect(answerWarnings([{ project: 'x', answers: answers([400, 422, 200, 200, 200]) }])[0]).toMatch(
      /validates more than its document says/,
    );
    expect(answerWarnings([{ project: 'x', answers: answers([200, 200, 200, 200, 200]) }])).toEqual([]);
    expect(answerWarnings([{ project: 'x', answers: answers([404, 404, 404, 404]) }])).toEqual([]);
    const summary = formatFindingsSummary(
      new Map([['assumption', ['sikka: GET /x › responseSchemaConformance › schema-type (200)']]]),
      [],
      false,
    );
    expect(summary).toContain('contract assumption contradicted: update the contract?: 1 (not failing; STRICT=1 fails them)');
  });
});

test.describe('in a run', () => {
  test.describe.configure({ timeout: testPatience(2) });

  test('a drop-in document that declares security but documents no 401 stays green, the gap reported; STRICT=1 turns it red', async () => {
    // The fixture secures its operation without documenting a 401: the mock answers a request without credentials
    // with a status the document never mentions.
    const document = engineFixture('petstore.yaml')
      .replace('  x-doc-source: { document: Engine fixture, section: Whole }\n', '')
      .replace(
        'components:\n',
        'security: [{ key: [] }]\ncomponents:\n  securitySchemes:\n    key: { type: apiKey, in: header, name: X-Key }\n',
      );
    const args = ['--project=secured', '--reporter=list,./src/report/findings-reporter.ts'];
    // The same document with and without STRICT=1, two independent runs at once.
    const [green, strict] = await Promise.all([
      runGateAsync({ 'secured.yaml': document }, args),
      runGateAsync({ 'secured.yaml': document }, args, { STRICT: '1' }),
    ]);
    expect(green.status, green.output).toBe(0);
    expect(green.output).toMatch(/rejects a request without credentials/);
    expect(green.output).toContain('Findings that are not vendor violations:');
    expect(green.output).toMatch(/document gap: the vendor answered something its document never mentions: \d+/);
    expect(strict.status, strict.output).toBe(1);
    expect(strict.output).toMatch(/STRICT: \d+ findings? \(document-gap\) fail under STRICT=1/);
  });
});

test.describe('mockAcceptsValidRequest', () => {
  test("a valid request the mock objects to is reported as the engine's error, against the live mock of the contract", async () => {
    const { startMock } = await import('../../src/targets/mock.ts');
    const mock = await startMock(contract);
    try {
      const send = async (query: string) => {
        const response = await fetch(`${mock.url}/users/7?${query}`, { headers: { authorization: 'Bearer t' } });
        const headers = Object.fromEntries(response.headers);
        return {
          request: { method: 'GET', url: response.url, headers: {} },
          response: { status: response.status, headers, text: await response.text() },
        };
      };
      const valid = await send('q=x&r=y');
      expect(run(ctx({ target: 'mock', validRequest: true }), valid, ['mockAcceptsValidRequest'])).toEqual([]);
      const invalid = await send('q=x');
      const found = run(ctx({ target: 'mock', validRequest: true }), invalid, ['mockAcceptsValidRequest']);
      expect(found).toMatchObject([{ rule: 'engine-error', check: 'mockAcceptsValidRequest' }]);
      expect(found[0].message).toMatch(/a bug of the engine.*required property 'r'/);
      // A negative case breaks the contract on purpose: the same answer is no engine error there.
      expect(run(ctx({ target: 'mock', validRequest: false }), invalid, ['mockAcceptsValidRequest'])).toEqual([]);
    } finally {
      await mock.close();
    }
  });
  test('with no 400 or 422 documented, the objections in the 422 problem the mock makes up are read as well: an engine error, or the mock’s limit where it cannot read what was sent', async () => {
    const { startMock } = await import('../../src/targets/mock.ts');
    const dir = mkdtempSync(join(tmpdir(), 'made-up-422-'));
    writeFileSync(
      join(dir, 'made-up.yaml'),
      [
        'openapi: 3.0.3',
        'info: { title: made-up 422, version: "1" }',
        'paths:',
        '  /items:',
        '    post:',
        '      operationId: createItem',
        '      requestBody:',
        '        required: true',
        '        content:',
        '          application/x-www-form-urlencoded:',
        '            schema:',
        '              type: object',
        '              required: [name, tags]',
        '              properties: { name: { type: string }, tags: { type: array, items: { type: string } } }',
        '      responses:',
        '        "201": { description: created }',
      ].join('\n'),
    );
    const madeUp = await loadContract(join(dir, 'made-up.yaml'));
    const mock = await startMock(madeUp);
    try {
      const post = async (body: string): Promise<Exchange> => {
        const headers = { 'content-type': 'application/x-www-form-urlencoded' };
        const response = await fetch(`${mock.url}/items`, { method: 'POST', headers, body });
        return {
          request: { method: 'POST', url: response.url, headers, body },
          response: { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() },
        };
      };
      const on = (over: Partial<CheckContext>) =>
        ctx({ contract: madeUp, operation: madeUp.operations[0], target: 'mock', validRequest: true, ...over });
      // One array item goes on the wire as `tags=x`, which Prism reads as a string: its own 422, no sl-violations.
      const misread = await post('name=a&tags=x');
      expect(misread.response.status).toBe(422);
      expect(misread.response.headers['sl-violations']).toBeUndefined();
      expect(run(on({}), misread, ['mockAcceptsValidRequest'])).toMatchObject([
        { rule: 'engine-error', received: ['request.body.tags'], severity: 'error' },
      ]);
      const tags = { where: 'body.tags', id: 'form-structured-fields', reason: 'the mock cannot read a form array' };
      expect(run(on({ unreadable: [tags] }), misread, ['mockAcceptsValidRequest']).map((v) => [v.rule, findingOf(v)])).toEqual([
        ['mock-cannot-read', 'mock-limitation'],
      ]);
      // An objection elsewhere is still the engine's, whatever the mock cannot read.
      const missing = await post('tags=x');
      expect(run(on({ unreadable: [tags] }), missing, ['mockAcceptsValidRequest'])).toMatchObject([{ rule: 'engine-error' }]);
      expect(run(on({ unreadable: [tags] }), missing, ['mockAcceptsValidRequest'])[0].message).toMatch(/body: .*name/);
    } finally {
      await mock.close();
    }
  });
});

test('a header parameter OpenAPI says to ignore (Accept, Content-Type, Authorization) gets no missing-parameter case', () => {
  const reserved = {
    ...operation,
    parameters: [
      ...operation.parameters,
      { name: 'Content-Type', in: 'header' as const, required: true, examples: [], missingResponses: [], pointer: '#/x' },
      { name: 'X-Trace', in: 'header' as const, required: true, examples: [], missingResponses: [], pointer: '#/y' },
    ],
  };
  const dropped = casesFor(reserved, 'mock')
    .filter((c) => c.kind === 'missing-parameter')
    .map((c) => c.drop?.name);
  expect(dropped).toContain('X-Trace');
  expect(dropped).not.toContain('Content-Type');
});

test('an answer that is Prism failing to serve (its own 5xx problem+json) is told apart from a 5xx the document describes', async () => {
  const { mockCouldNotServe } = await import('../../src/targets/mock.ts');
  const problem = (type: string) => ({
    status: 500,
    headers: { 'content-type': 'application/problem+json' },
    text: JSON.stringify({ type, title: 'Cannot find serializer for audio/wav', status: 500 }),
  });
  expect(mockCouldNotServe(problem('https://stoplight.io/prism/errors#UNKNOWN'))).toMatch(
    /the mock \(Prism\) could not produce this answer \(Cannot find serializer for audio\/wav\)/,
  );
  // Prism's answers that carry a verdict (security, validation) and a documented 500 stay answers.
  expect(mockCouldNotServe({ ...problem('https://stoplight.io/prism/errors#UNAUTHORIZED'), status: 401 })).toBeUndefined();
  expect(mockCouldNotServe({ status: 500, headers: { 'content-type': 'application/json' }, text: '{"error":"boom"}' })).toBeUndefined();
});

test('an answer to HEAD carries no body whatever the document shows: a documented body left out is a document defect, not a violation', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'head-body-'));
  const schema = '{ type: object, required: [id], properties: { id: { type: string } } }';
  writeFileSync(
    join(dir, 'head.yaml'),
    [
      'openapi: 3.0.3',
      'info: { title: head, version: "1" }',
      'paths:',
      '  /things/{id}:',
      '    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]',
      '    head:',
      `      responses: { "200": { description: ok, content: { application/json: { schema: ${schema} } } } }`,
      '    get:',
      `      responses: { "200": { description: ok, content: { application/json: { schema: ${schema} } } } }`,
    ].join('\n'),
  );
  const headed = await loadContract(join(dir, 'head.yaml'));
  const empty: Exchange = {
    request: { method: 'HEAD', url: 'http://127.0.0.1/things/1', headers: {} },
    response: { status: 200, headers: { 'content-type': 'application/json' }, text: '' },
  };
  const judge = (key: string) =>
    run(
      ctx({ contract: headed, operation: headed.operations.find((o) => o.key === key)!, validators: new SchemaValidators(headed) }),
      empty,
      ['responseSchemaConformance'],
    );
  expect(judge('HEAD /things/{id}').map((v) => [v.rule, findingOf(v), failsGate(v, false)])).toEqual([
    ['missing-body', 'document-defect', false],
  ]);
  // The same empty answer to GET is the vendor's violation.
  expect(judge('GET /things/{id}').map((v) => [v.rule, failsGate(v, false)])).toEqual([['missing-body', true]]);
});
