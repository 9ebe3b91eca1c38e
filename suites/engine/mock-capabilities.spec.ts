import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../src/contract/load.ts';
import type { Contract } from '../../src/contract/types.ts';
import { runChecks } from '../../src/checks/index.ts';
import { failsGate } from '../../src/checks/findings.ts';
import { MOCK_CAPABILITIES } from '../../src/checks/mock-capabilities.ts';
import { SchemaValidators } from '../../src/checks/schema-validators.ts';
import type { CheckContext } from '../../src/checks/types.ts';
import type { Exchange } from '../../src/core/wire.ts';
import { negativePhase, phaseSkipReason, type PhaseTarget } from '../../src/generate/phases/run.ts';
import { planRequest } from '../../src/generate/plan-request.ts';
import { requestArbitrary, RequestPlanError } from '../../src/generate/arbitraries/request-arbitrary.ts';
import { ROOT } from '../../src/targets/paths.ts';
import { contractOfPaths } from './support/documents.ts';

/**
 * The mock-capability table decides what a mock run can judge: what the mock cannot judge is a mock limitation
 * (never failing), and the same answer from a live target is still held to the document.
 */
test.describe.configure({ mode: 'parallel' });

const DOCUMENT = `
openapi: 3.1.0
info: { title: mock capabilities, version: '1' }
components:
  securitySchemes:
    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: 'https://example.com/token', scopes: {} } } }
  schemas:
    Error: { type: object, required: [message], properties: { message: { type: string } } }
  examples:
    Unauthorized: { value: { message: unauthorized } }
security: [{ oauth: [] }]
paths:
  /things:
    get:
      parameters:
        - { name: q, in: query, required: false, schema: { type: string, minLength: 1 } }
        - { name: filter, in: query, required: false, style: deepObject, schema: { type: object, properties: { createdAfter: { type: string } } } }
        - { name: 'x-trace id', in: header, required: false, schema: { type: string } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object }, example: {} } } }
        '400': { description: bad, content: { application/json: { schema: { $ref: '#/components/schemas/Error' }, example: { message: bad } } } }
        '401':
          description: unauthorized
          content: { application/json: { schema: { $ref: '#/components/schemas/Error' }, examples: { Unauthorized: { $ref: '#/components/examples/Unauthorized' } } } }
  /keyed:
    get:
      security: []
      parameters:
        - { name: 'api key', in: header, required: true, schema: { type: string } }
      responses:
        '200': { description: ok }
  /framed:
    get:
      security: []
      responses:
        '200':
          description: ok
          headers:
            Transfer-Encoding: { required: true, schema: { type: string, example: chunked } }
            Connection: { schema: { type: string, example: keep-alive } }
          content: { application/json: { schema: { type: object }, example: { ok: true } } }
  /upload:
    post:
      security: []
      requestBody:
        required: true
        content: { application/octet-stream: { schema: { type: object, properties: { name: { type: string } } } } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object }, example: {} } } }
  /notes:
    post:
      security: []
      requestBody:
        required: true
        content: { application/json: { schema: {} }, text/plain: { schema: { type: string } } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object }, example: {} } } }
  /artifacts:
    post:
      security: []
      requestBody:
        required: true
        content:
          '*/*': { schema: { type: string, format: binary } }
          application/create.extended+json: { schema: { type: object, required: [content], properties: { content: { type: string } } } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object }, example: {} } } }
  /recipes:
    post:
      security: []
      parameters:
        - { name: Content-Type, in: header, required: false, schema: { type: string, enum: [application/x-www-form-urlencoded, multipart/form-data] } }
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded: { schema: { type: string }, example: 'title=My recipe&servings=2' }
          multipart/form-data: { schema: { type: object, properties: { title: { type: string } } } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object }, example: {} } } }
  /vcenters:
    get:
      security: []
      responses:
        '200':
          description: ok
          content:
            application/json: { schema: { type: object }, example: { fqdn: a } }
            fqdn: { schema: { type: string } }
  /workflows/{workflow_id}:
    get:
      security: []
      parameters:
        - { name: workflow_id, in: path, required: true, schema: { oneOf: [{ type: integer }, { type: string }] } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object }, example: {} } } }
  /songs:
    get:
      security: []
      parameters:
        - { name: advancedFilters, in: query, required: false, schema: { type: array, items: { type: object, properties: { value: { type: string } } } } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object }, example: {} } } }
  /coded:
    get:
      security: []
      responses:
        '200':
          description: ok
          headers:
            Content-Encoding: { schema: { type: string, example: br } }
          content: { application/json: { schema: { type: object }, example: { ok: true } } }
`;

let contract: Contract;
test.beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'mock-capabilities-')), 'capabilities.yaml');
  writeFileSync(file, DOCUMENT);
  contract = await loadContract(file);
});
const things = () => contract.operations.find((o) => o.key === 'GET /things')!;
const keyed = () => contract.operations.find((o) => o.key === 'GET /keyed')!;

const exchange = (status: number, text: string, headers: Record<string, string> = {}): Exchange => ({
  request: { method: 'GET', url: 'http://127.0.0.1/things', headers: {} },
  response: { status, headers, text },
});
const context = (over: Partial<CheckContext>): CheckContext => ({
  contract,
  operation: things(),
  validators: new SchemaValidators(contract),
  target: 'mock',
  ...over,
});

test('a bodiless 401 where the document has a JSON 401 body: a mock limitation on a mock, a violation on a live target', () => {
  const answer = exchange(401, '');
  const onMock = runChecks(context({ expected: { status: 401 } }), answer);
  expect(onMock.filter((v) => failsGate(v, true))).toEqual([]);
  expect(onMock.map((v) => [v.rule, v.finding])).toContainEqual(['missing-content-type', 'mock-limitation']);
  const live = runChecks(context({ target: 'sandbox', expected: { status: 401 } }), answer);
  expect(live.filter((v) => failsGate(v, false)).map((v) => v.rule)).toContain('missing-content-type');
});

test('a valid request the mock refused only where it cannot read it is the mock`s limit; elsewhere an engine error', () => {
  const violations = JSON.stringify([
    { location: ['request', 'query', 'filter'], severity: 'Error', code: 'type', message: 'Request query parameter filter must be object' },
  ]);
  const answer = exchange(422, '{}', { 'content-type': 'application/json', 'sl-violations': violations });
  const unreadable = [{ where: 'query.filter', id: 'query-object-keys', reason: 'lower-cases query keys' }];
  const misread = runChecks(context({ validRequest: true, expected: { status: 200 }, unreadable }), answer);
  expect(misread.filter((v) => failsGate(v, true))).toEqual([]);
  expect(misread.map((v) => [v.rule, v.finding])).toEqual([['mock-cannot-read', 'mock-limitation']]);
  const refused = runChecks(context({ validRequest: true, expected: { status: 200 } }), answer);
  expect(refused.filter((v) => failsGate(v, false)).map((v) => v.rule)).toContain('engine-error');
});

test('a valid request the mock judged by another operation (objections to parameters it does not declare) is the mock`s limit', () => {
  const violations = JSON.stringify([
    {
      location: ['request', 'path', 'format'],
      severity: 'Error',
      code: 'enum',
      message: 'Request path parameter format must be equal to one of the allowed values',
    },
    // Judged by the other operation's enum, this one names a parameter ours declares too.
    { location: ['request', 'query', 'q'], severity: 'Error', code: 'enum', message: 'Request query parameter q must be one of a, b' },
  ]);
  const answer = exchange(400, '{}', { 'content-type': 'application/json', 'sl-violations': violations });
  const misrouted = runChecks(context({ validRequest: true, expected: { status: 200 } }), answer);
  expect(misrouted.filter((v) => failsGate(v, true))).toEqual([]);
  expect(misrouted.map((v) => [v.rule, v.finding])).toEqual([
    ['mock-misrouted', 'mock-limitation'],
    ['mock-misrouted', 'mock-limitation'],
  ]);
  // The same objection to a parameter the operation declares is the engine's.
  const own = JSON.stringify([{ location: ['request', 'query', 'q'], severity: 'Error', code: 'minLength', message: 'too short' }]);
  const refused = runChecks(context({ validRequest: true, expected: { status: 200 } }), exchange(400, '{}', { 'sl-violations': own }));
  expect(refused.filter((v) => failsGate(v, false)).map((v) => v.rule)).toContain('engine-error');
});

/** A target that refuses a request without credentials and accepts every other: what a mock does with what it cannot judge. */
const accepting = (kind: 'mock' | 'sandbox'): PhaseTarget => ({
  kind,
  project: `accepting-${kind}-${Math.random()}`,
  baseURL: 'http://127.0.0.1:9',
  timeout: 1_000,
  send: async (request) =>
    request.headers.authorization
      ? { status: 200, headers: { 'content-type': 'application/json' }, text: '{}' }
      : { status: 401, headers: { 'content-type': 'application/json' }, text: '{"message":"unauthorized"}' },
  session: async () => ({ schemes: {}, values: {} }) as never,
  renewedAfter: async () => false,
  credential: () => (scheme) => `token-${scheme.name}`,
});

test('the negative phase: a malformed token or an empty optional value accepted is a mock limitation on a mock; on a live target a failure, and a contradicted engine guess', async () => {
  const run = (kind: 'mock' | 'sandbox') =>
    negativePhase({ contract, operation: things(), target: accepting(kind), validators: new SchemaValidators(contract), examples: 20 });
  const onMock = await run('mock');
  expect(onMock.sent).toBeGreaterThan(0);
  expect(onMock.violations.filter((v) => failsGate(v, true))).toEqual([]);
  const limited = onMock.violations.filter((v) => v.finding === 'mock-limitation').map((v) => v.message.split(']')[0]);
  expect(limited).toEqual(expect.arrayContaining(['[credentials malformed', '[query parameter "q": shorter than minLength 1']));
  // On a live target the malformed token fails; the accepted empty value contradicts the engine's own guess that an
  // invalid optional value is refused (src/checks/engine-rules.ts): an assumption finding, failing only a strict gate.
  const live = await run('sandbox');
  const label = (v: { message: string }) => v.message.split(']')[0];
  expect(live.violations.filter((v) => failsGate(v, false)).map(label)).toContain('[credentials malformed');
  const assumed = live.violations.filter((v) => v.finding === 'assumption').map(label);
  expect(assumed).toContain('[query parameter "q": shorter than minLength 1');
  expect(live.violations.filter((v) => failsGate(v, true)).map(label)).toContain('[query parameter "q": shorter than minLength 1');
});

test('a header name no client can send: never sent when optional; a skip with the reason on every path when required', () => {
  const optional = requestArbitrary(contract, things());
  expect(optional).toBeDefined();
  const reason = /header parameter "api key" is not a valid HTTP header name/;
  expect(planRequest(contract, keyed(), { credentials: () => 'x' }).skipReason).toMatch(reason);
  expect(() => requestArbitrary(contract, keyed())).toThrow(RequestPlanError);
  expect(phaseSkipReason(keyed(), 'mock', false)).toMatch(reason);
  expect(phaseSkipReason(keyed(), 'sandbox', true)).toMatch(reason);
});

test('the table: one row per id, each checked against Prism 5.14, and docs/contract-conventions.md lists every row', () => {
  const ids = MOCK_CAPABILITIES.map((c) => c.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(MOCK_CAPABILITIES.every((c) => c.provenance === 'checked against Prism 5.14')).toBe(true);
  const conventions = readFileSync(join(ROOT, 'docs', 'contract-conventions.md'), 'utf8');
  expect(ids.filter((id) => !conventions.includes(`\`${id}\``))).toEqual([]);
});

test('framing-headers: a documented Transfer-Encoding or Content-Encoding is left out of the mock’s copy, so its answer can be read; the required header it lacks is a mock limitation', async () => {
  const { startMock } = await import('../../src/targets/mock.ts');
  const mock = await startMock(contract);
  try {
    const response = await fetch(`${mock.url}/framed`);
    const framed: Exchange = {
      request: { method: 'GET', url: `${mock.url}/framed`, headers: {} },
      response: { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() },
    };
    expect(framed.response.status).toBe(200);
    expect(JSON.parse(framed.response.text)).toEqual({ ok: true });
    const operation = contract.operations.find((o) => o.key === 'GET /framed')!;
    const violations = runChecks(context({ operation, expected: { status: 200 } }), framed);
    expect(violations.filter((v) => failsGate(v, false))).toEqual([]);
    expect(violations.filter((v) => v.path === 'header:Transfer-Encoding').map((v) => v.finding)).toEqual(['mock-limitation']);
    // A plain body labelled `br` is unreadable to a client that decodes (fetch ends it mid-body).
    const coded = await fetch(`${mock.url}/coded`);
    expect(coded.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(await coded.text())).toEqual({ ok: true });
  } finally {
    await mock.close();
  }
});

test('opaque-structured-body: Prism holds an octet-stream body’s text to its object schema and refuses it; the refusal of a valid request is a mock limitation', async () => {
  const { startMock } = await import('../../src/targets/mock.ts');
  const { unreadableBody } = await import('../../src/checks/mock-capabilities.ts');
  const operation = contract.operations.find((o) => o.key === 'POST /upload')!;
  const media = operation.requestBody!.content[0];
  const unreadable = unreadableBody(media, { name: 'a' });
  expect(unreadable.map((u) => [u.where, u.id])).toEqual([['body', 'opaque-structured-body']]);
  expect(unreadableBody({ ...media, mediaType: 'application/json' }, { name: 'a' })).toEqual([]);
  // YAML text of an object schema (Open Policy Agent's data API): Prism does not parse YAML, the text is refused.
  const yaml = { mediaType: 'application/x-yaml', schema: { $ref: '#/components/schemas/Error' } };
  expect(unreadableBody(yaml, 'message: bad', true, contract.document).map((u) => u.id)).toEqual(['opaque-structured-body']);
  expect(unreadableBody({ mediaType: 'text/plain', schema: { type: 'string' } }, 'hello', true, contract.document)).toEqual([]);
  // An answer to HEAD carries no body: a bodiless 5xx problem is the mock's own, not the vendor's.
  const { mockCouldNotServe } = await import('../../src/targets/mock.ts');
  expect(mockCouldNotServe({ status: 500, headers: { 'content-type': 'application/problem+json' }, text: '' })).toMatch(/answer to HEAD/);
  expect(mockCouldNotServe({ status: 500, headers: { 'content-type': 'application/json' }, text: '' })).toBeUndefined();
  const mock = await startMock(contract);
  try {
    const request = {
      method: 'POST',
      url: `${mock.url}/upload`,
      headers: { 'content-type': 'application/octet-stream' },
      body: '{"name":"a"}',
    };
    const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
    const exchange: Exchange = {
      request,
      response: { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() },
    };
    expect(exchange.response.status).toBe(422);
    const judged = (over: Partial<CheckContext>) =>
      runChecks(context({ operation, validRequest: true, expected: { status: 200 }, ...over }), exchange).filter((v) =>
        failsGate(v, false),
      );
    expect(judged({}).map((v) => v.rule)).toContain('engine-error');
    expect(judged({ unreadable })).toEqual([]);
  } finally {
    await mock.close();
  }
});

test('falsy-body: Prism reads a required JSON body of false, 0, "" or null as none; its refusal of one is a mock limitation, and no valid request leaves a required body empty on the wire', async () => {
  const { startMock } = await import('../../src/targets/mock.ts');
  const { unreadableBody } = await import('../../src/checks/mock-capabilities.ts');
  const { emptyBodyOnTheWire } = await import('../../src/generate/form.ts');
  const operation = contract.operations.find((o) => o.key === 'POST /notes')!;
  const json = operation.requestBody!.content.find((m) => m.mediaType === 'application/json')!;
  const mock = await startMock(contract);
  try {
    const post = async (body: string) => {
      const request = { method: 'POST', url: `${mock.url}/notes`, headers: { 'content-type': 'application/json' }, body };
      const response = await fetch(request.url, { method: 'POST', headers: request.headers, body });
      return { request, response: { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() } };
    };
    // The row, read from Prism itself: each falsy value is refused as a missing body, a truthy one is not.
    const falsy = ['false', '0', '""', 'null'];
    for (const body of falsy) expect((await post(body)).response.status, body).toBe(422);
    for (const body of ['{}', '1', 'true', '"a"']) expect((await post(body)).response.status, body).toBe(200);
    for (const body of falsy)
      expect(
        unreadableBody(json, JSON.parse(body), true).map((u) => u.id),
        body,
      ).toEqual(['falsy-body']);
    expect(unreadableBody(json, 0, false)).toEqual([]);
    expect(unreadableBody(json, 1, true)).toEqual([]);
    const refused = await post('0');
    const judged = (over: Partial<CheckContext>) =>
      runChecks(context({ operation, validRequest: true, expected: { status: 200 }, ...over }), refused).filter((v) => failsGate(v, false));
    expect(judged({}).map((v) => v.rule)).toContain('engine-error');
    expect(judged({ unreadable: unreadableBody(json, 0, true) })).toEqual([]);
  } finally {
    await mock.close();
  }
  // Empty on the wire is no body to any server: empty text, a form with no field. A JSON null is a body.
  expect(emptyBodyOnTheWire({ mediaType: 'text/plain', value: '' })).toBe(true);
  expect(emptyBodyOnTheWire({ mediaType: 'application/x-www-form-urlencoded', value: {} })).toBe(true);
  expect(emptyBodyOnTheWire({ mediaType: 'application/json', value: null })).toBe(false);
  expect(emptyBodyOnTheWire({ mediaType: 'text/plain', value: 'a' })).toBe(false);
  // Neither request path sends an empty required body as valid: the generator draws none, the validator refuses one.
  const text = { ...operation, requestBody: { ...operation.requestBody!, content: [operation.requestBody!.content[1]] } };
  const drawn = fc.sample(requestArbitrary(contract, text), 200);
  expect(drawn).toHaveLength(200);
  expect(drawn.filter((r) => r.body?.value === '')).toEqual([]);
  const { requestViolation } = await import('../../src/generate/arbitraries/request-arbitrary.ts');
  expect(requestViolation(text, { params: [], body: { mediaType: 'text/plain', value: '' } }, new SchemaValidators(contract))).toMatch(
    /empty on the wire/,
  );
});

test('body-media-order: Prism holds a body to the first documented media type its Content-Type matches (*/* before the JSON type; a +json suffix as json); its refusal is a mock limitation', async () => {
  const { startMock } = await import('../../src/targets/mock.ts');
  const { prismBodyMedia, unreadableByMock } = await import('../../src/checks/mock-capabilities.ts');
  const operation = contract.operations.find((o) => o.key === 'POST /artifacts')!;
  const content = operation.requestBody!.content;
  expect(prismBodyMedia(content, 'application/create.extended+json')?.mediaType).toBe('*/*');
  expect(prismBodyMedia([content[1], content[0]], 'application/create.extended+json')?.mediaType).toBe('application/create.extended+json');
  // A structured suffix is its subtype to Prism; an unmatched type falls to the first documented one.
  expect(
    prismBodyMedia([{ mediaType: 'application/json' }, { mediaType: 'application/vnd.x+json' }], 'application/vnd.x+json')?.mediaType,
  ).toBe('application/json');
  expect(prismBodyMedia([{ mediaType: 'text/csv' }, { mediaType: 'application/xml' }], 'application/json')?.mediaType).toBe('text/csv');
  const body = { mediaType: 'application/create.extended+json', value: { content: 'x' }, contentType: 'application/create.extended+json' };
  const unreadable = unreadableByMock(operation, [], body);
  expect(unreadable.map((u) => u.id)).toEqual(['body-media-order']);
  expect(
    unreadableByMock({ ...operation, requestBody: { ...operation.requestBody!, content: [content[1], content[0]] } }, [], body),
  ).toEqual([]);
  const mock = await startMock(contract);
  try {
    const request = {
      method: 'POST',
      url: `${mock.url}/artifacts`,
      headers: { 'content-type': body.contentType },
      body: '{"content":"x"}',
    };
    const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
    const refused: Exchange = {
      request,
      response: { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() },
    };
    // Prism read the valid JSON body against the */* string schema and refused it.
    expect(refused.response.status).toBeGreaterThanOrEqual(400);
    const judged = (over: Partial<CheckContext>) =>
      runChecks(context({ operation, validRequest: true, expected: { status: 200 }, ...over }), refused).filter((v) => failsGate(v, false));
    expect(judged({}).map((v) => v.rule)).toContain('engine-error');
    expect(judged({ unreadable })).toEqual([]);
  } finally {
    await mock.close();
  }
});

test('form-text-body and reserved-header-parameters: Prism refuses a form body given as text, and a multipart Content-Type an enum of bare types leaves out; both refusals are mock limitations', async () => {
  const { startMock } = await import('../../src/targets/mock.ts');
  const { unreadableByMock } = await import('../../src/checks/mock-capabilities.ts');
  const { malformedFormText, multipartBody } = await import('../../src/generate/form.ts');
  const operation = contract.operations.find((o) => o.key === 'POST /recipes')!;
  const mock = await startMock(contract);
  try {
    const post = async (contentType: string, body: string): Promise<Exchange> => {
      const request = { method: 'POST', url: `${mock.url}/recipes`, headers: { 'content-type': contentType }, body };
      const response = await fetch(request.url, { method: 'POST', headers: request.headers, body });
      return { request, response: { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() } };
    };
    const judged = (exchange: Exchange, unreadable: ReturnType<typeof unreadableByMock>) =>
      runChecks(context({ operation, validRequest: true, expected: { status: 200 }, unreadable }), exchange).filter((v) =>
        failsGate(v, false),
      );
    const text = {
      mediaType: 'application/x-www-form-urlencoded',
      value: 'title=My recipe&servings=2',
      contentType: 'application/x-www-form-urlencoded',
    };
    const textRefused = await post(text.contentType, text.value);
    expect(textRefused.response.status).toBe(422);
    const textUnreadable = unreadableByMock(operation, [], text);
    expect(textUnreadable.map((u) => u.id)).toEqual(['form-text-body']);
    expect(judged(textRefused, [])).not.toEqual([]);
    expect(judged(textRefused, textUnreadable)).toEqual([]);
    const multipart = multipartBody({ title: 'a' });
    const partsRefused = await post(multipart.contentType, multipart.text);
    expect(partsRefused.response.status).toBe(422);
    const partsUnreadable = unreadableByMock(operation, [], {
      mediaType: 'multipart/form-data',
      value: { title: 'a' },
      contentType: multipart.contentType,
    });
    expect(partsUnreadable.map((u) => [u.where, u.id])).toEqual([['header.Content-Type', 'reserved-header-parameters']]);
    expect(judged(partsRefused, partsUnreadable)).toEqual([]);
  } finally {
    await mock.close();
  }
  // Form text is sent as it stands: a `%` that starts no escape is not form-encoded text.
  expect(malformedFormText({ mediaType: 'application/x-www-form-urlencoded', value: 'a=100%' })).toBe(true);
  expect(malformedFormText({ mediaType: 'application/x-www-form-urlencoded', value: 'a=100%25&b=%e2%82%ac' })).toBe(false);
  expect(malformedFormText({ mediaType: 'text/plain', value: '100%' })).toBe(false);
});

test('uncompiled-schema: where Prism cannot compile a body schema it accepts any body; the engine names exactly those schemas, with Prism as the oracle', async () => {
  const { startMock } = await import('../../src/targets/mock.ts');
  const { uncompilableByMock, unreadableByMock } = await import('../../src/checks/mock-capabilities.ts');
  const schemas: [string, Record<string, unknown>][] = [
    // GitHub Enterprise's issue body: `milestone` is nullable oneOf with no type.
    [
      'nullable oneOf',
      {
        type: 'object',
        required: ['title'],
        properties: { title: { type: 'string' }, milestone: { nullable: true, oneOf: [{ type: 'string' }, { type: 'integer' }] } },
      },
    ],
    ['bad unicode pattern', { type: 'object', required: ['title'], properties: { title: { type: 'string', pattern: '^[\\w-.]+$' } } }],
    [
      'referenced nullable',
      { type: 'object', required: ['title'], properties: { title: { type: 'string' }, owner: { $ref: '#/components/schemas/Loose' } } },
    ],
    [
      'nullable with a type',
      { type: 'object', required: ['title'], properties: { title: { type: 'string' }, milestone: { nullable: true, type: 'integer' } } },
    ],
    ['plain pattern', { type: 'object', required: ['title'], properties: { title: { type: 'string', pattern: '^[a-z-]+$' } } }],
    // GitHub Enterprise's alert resolution: nullable, with null already in its enum, to which Prism adds another.
    [
      'nullable enum listing null',
      {
        type: 'object',
        required: ['title'],
        properties: { title: { type: 'string' }, resolution: { type: 'string', nullable: true, enum: [null, 'wont_fix'] } },
      },
    ],
    [
      'nullable enum',
      {
        type: 'object',
        required: ['title'],
        properties: { title: { type: 'string' }, resolution: { type: 'string', nullable: true, enum: ['wont_fix'] } },
      },
    ],
  ];
  const paths = Object.fromEntries(
    schemas.map(([, schema], i) => [
      `/s${i}`,
      {
        post: { requestBody: { required: true, content: { 'application/json': { schema } } }, responses: { '201': { description: 'ok' } } },
      },
    ]),
  );
  const loaded = await contractOfPaths('uncompiled', paths, {
    components: { schemas: { Loose: { nullable: true, anyOf: [{ type: 'string' }] } } },
  });
  const mock = await startMock(loaded);
  let compared = 0;
  try {
    for (const [i, [label, schema]] of schemas.entries()) {
      // No title, which every schema requires: Prism refuses it only where it compiled the schema.
      const response = await fetch(`${mock.url}/s${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"other":1}',
      });
      const prismJudged = response.status !== 201;
      const named = uncompilableByMock(schema, loaded.document);
      expect(named === undefined, `${label}: Prism judged it: ${prismJudged}; named: ${named}`).toBe(prismJudged);
      const operation = loaded.operations.find((o) => o.path === `/s${i}`)!;
      const unreadable = unreadableByMock(operation, [], { mediaType: 'application/json', value: {} }, loaded.document);
      expect(
        unreadable.map((u) => u.id),
        label,
      ).toEqual(prismJudged ? [] : ['uncompiled-schema']);
      compared++;
    }
  } finally {
    await mock.close();
  }
  expect(compared).toBe(schemas.length);
});

test("media-type-keys: a response content key that is no media type is left out of the mock's copy and asked for by no case; the mock answers", async () => {
  const { startMock, mockableDocument } = await import('../../src/targets/mock.ts');
  const { casesFor } = await import('../../src/generate/cases.ts');
  const copy = mockableDocument(contract.document as Record<string, unknown>) as {
    paths: Record<string, { get: { responses: Record<string, { content: object }> } }>;
  };
  expect(Object.keys(copy.paths['/vcenters'].get.responses['200'].content)).toEqual(['application/json']);
  const operation = contract.operations.find((o) => o.key === 'GET /vcenters')!;
  const accepts = casesFor(operation, 'mock').map((c) => c.accept);
  expect(accepts).toContain('application/json');
  expect(accepts).not.toContain('fqdn');
  const mock = await startMock(contract);
  try {
    const answer = await fetch(`${mock.url}/vcenters`);
    expect(answer.status).toBe(200);
  } finally {
    await mock.close();
  }
});

test('coerced-one-of: Prism reads a path value of a oneOf [integer, string] as both and refuses it; the engine names such values and prefers another', async () => {
  const { startMock } = await import('../../src/targets/mock.ts');
  const { unreadableParameter } = await import('../../src/checks/mock-capabilities.ts');
  const operation = contract.operations.find((o) => o.key === 'GET /workflows/{workflow_id}')!;
  const parameter = operation.parameters[0];
  const mock = await startMock(contract);
  try {
    for (const [value, refused] of [
      ['161335', true],
      ['main.yml', false],
      ['-7', true],
    ] as const) {
      const answer = await fetch(`${mock.url}/workflows/${value}`);
      expect(answer.status === 422, `${value}: ${answer.status}`).toBe(refused);
      expect(unreadableParameter(parameter, value)?.id, value).toBe(refused ? 'coerced-one-of' : undefined);
    }
  } finally {
    await mock.close();
  }
  // The example-based plan takes a value only one branch reads.
  const planned = planRequest(contract, operation, { credentials: () => undefined });
  const sent = planned.values.find((v) => v.name === 'workflow_id')!.value;
  expect(unreadableParameter(parameter, sent)).toBeUndefined();
});

test('query-structured-items: Prism reads the items of an array query parameter as text, so an object item is refused; the engine names it', async () => {
  const { startMock } = await import('../../src/targets/mock.ts');
  const { unreadableParameter } = await import('../../src/checks/mock-capabilities.ts');
  const { serialiseParameter, queryString } = await import('../../src/generate/serialise.ts');
  const operation = contract.operations.find((o) => o.key === 'GET /songs')!;
  const parameter = operation.parameters[0];
  const mock = await startMock(contract);
  try {
    for (const [value, refused] of [
      [[{ value: 'a' }], true],
      [[{}], true],
    ] as const) {
      const wire = serialiseParameter('query', parameter.name, value, parameter) as { pairs: [string, string][] };
      const answer = await fetch(`${mock.url}/songs?${queryString(wire.pairs)}`);
      expect(answer.status === 422, `${JSON.stringify(value)}: ${answer.status}`).toBe(refused);
      expect(unreadableParameter(parameter, value)?.id).toBe('query-structured-items');
    }
  } finally {
    await mock.close();
  }
  expect(
    unreadableParameter({ ...parameter, explode: true, schema: { type: 'array', items: { type: 'string' } } }, ['a', 'b']),
  ).toBeUndefined();
});

test('untyped-structured-parameter: Prism reads a nullable array query parameter (3.0 `nullable`, 3.1 a type list) as text, so a one-item array is refused; the engine names it, with Prism as the oracle', async () => {
  const { startMock } = await import('../../src/targets/mock.ts');
  const { unreadableParameter } = await import('../../src/checks/mock-capabilities.ts');
  const { serialiseParameter, queryString } = await import('../../src/generate/serialise.ts');
  // sinao.app's `metadata`: `{type: array, nullable: true, items: {}}`.
  const cases: [string, string, Record<string, unknown>, boolean][] = [
    ['3.0.3', 'nullable', { type: 'array', nullable: true, items: {} }, true],
    ['3.0.3', 'nullable integers', { type: 'array', nullable: true, items: { type: 'integer' } }, true],
    ['3.1.0', 'type list', { type: ['array', 'null'], items: {} }, true],
    ['3.0.3', 'plain', { type: 'array', items: {} }, false],
  ];
  let compared = 0;
  for (const [version, label, schema, refused] of cases) {
    const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } };
    const parameter = { in: 'query', name: 'metadata', schema };
    const loaded = await contractOfPaths(
      label,
      { '/r': { get: { parameters: [parameter], responses: { '200': ok } } } },
      { openapi: version },
    );
    const spec = loaded.operations[0].parameters[0];
    const mock = await startMock(loaded);
    try {
      const wire = serialiseParameter('query', spec.name, [5], spec) as { pairs: [string, string][] };
      const answer = await fetch(`${mock.url}/r?${queryString(wire.pairs)}`);
      expect(answer.status === 422, `${label}: ${answer.status}`).toBe(refused);
      expect(unreadableParameter(spec, [5])?.id, label).toBe(refused ? 'untyped-structured-parameter' : undefined);
      compared += 1;
    } finally {
      await mock.close();
    }
  }
  expect(compared).toBe(cases.length);
});

test('query-object-unexploded-default: Prism reads a query object left to the default explode as one unexploded pair, so a required one sent exploded is missing; the engine names it, with Prism as the oracle', async () => {
  const { startMock } = await import('../../src/targets/mock.ts');
  const { unreadableParameter } = await import('../../src/checks/mock-capabilities.ts');
  const { serialiseParameter, queryString } = await import('../../src/generate/serialise.ts');
  const schema = { type: 'object', properties: { amount: { type: 'integer' } } };
  const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } };
  const paths = {
    // sinao.app's /reconcile `movements`: required, `explode` left to its default.
    '/default': { get: { parameters: [{ in: 'query', name: 'movements', required: true, schema }], responses: { '200': ok } } },
    '/explicit': {
      get: { parameters: [{ in: 'query', name: 'movements', required: true, explode: true, schema }], responses: { '200': ok } },
    },
  };
  const loaded = await contractOfPaths('explode', paths);
  const mock = await startMock(loaded);
  let compared = 0;
  try {
    for (const [path, refused] of [
      ['/default', true],
      ['/explicit', false],
    ] as const) {
      const spec = loaded.operations.find((o) => o.path === path)!.parameters[0];
      const wire = serialiseParameter('query', spec.name, { amount: 5 }, spec) as { pairs: [string, string][] };
      expect(wire.pairs).toEqual([['amount', '5']]);
      const answer = await fetch(`${mock.url}${path}?${queryString(wire.pairs)}`);
      expect(answer.status === 422, `${path}: ${answer.status}`).toBe(refused);
      expect(unreadableParameter(spec, { amount: 5 })?.id, path).toBe(refused ? 'query-object-unexploded-default' : undefined);
      compared += 1;
    }
  } finally {
    await mock.close();
  }
  expect(compared).toBe(2);
});

test('uncompiled-schema covers a whole location: one header schema Prism cannot compile leaves every header unjudged, a required one left out included; the missing-parameter case is a skip that says so, with Prism as the oracle', async () => {
  const { startMock } = await import('../../src/targets/mock.ts');
  const { unjudgedLocation, unreadableByMock } = await import('../../src/checks/mock-capabilities.ts');
  const { brokenUnreadable } = await import('../../src/generate/phases/mock-judgement.ts');
  const { casesFor } = await import('../../src/generate/cases.ts');
  const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object' }, example: {} } } };
  const key = { in: 'header', name: 'X-Key', required: true, schema: { type: 'string' } };
  // data2crm's X-API2CRM-DATA-ACTUAL-AT: a pattern written between slashes, with `\-`, which no Unicode regex allows.
  const actualAt = { in: 'header', name: 'X-Actual-At', schema: { type: 'string', pattern: '/^\\d{4}\\-\\d{2}$/' } };
  const paths = {
    '/blind': { get: { parameters: [key, actualAt], responses: { '200': ok, '404': { description: 'nf' } } } },
    '/judged': { get: { parameters: [key], responses: { '200': ok, '404': { description: 'nf' } } } },
  };
  const loaded = await contractOfPaths('blind', paths, { openapi: '3.0.0' });
  const operation = (path: string) => loaded.operations.find((o) => o.path === path)!;
  const mock = await startMock(loaded);
  try {
    expect((await fetch(`${mock.url}/blind`)).status, 'Prism leaves the whole header location unjudged').toBe(200);
    expect((await fetch(`${mock.url}/judged`)).status, 'without the sibling it refuses the missing header').toBe(422);
  } finally {
    await mock.close();
  }
  expect(unjudgedLocation(operation('/blind'), 'header', loaded.document)).toMatch(/header parameter "X-Actual-At" has the pattern/);
  expect(unjudgedLocation(operation('/blind'), 'query', loaded.document)).toBeUndefined();
  expect(unjudgedLocation(operation('/judged'), 'header', loaded.document)).toBeUndefined();
  // The sibling's schema makes a value sent in X-Key unjudged too.
  expect(unreadableByMock(operation('/blind'), [{ in: 'header', name: 'X-Key', value: 'k' }], undefined, loaded.document)).toMatchObject([
    { where: 'header.X-Key', id: 'uncompiled-schema' },
  ]);
  const missing = (path: string) =>
    casesFor(operation(path), 'mock', { writes: false, document: loaded.document }).find((c) => c.drop?.name === 'X-Key')!;
  expect(missing('/blind').skipReason).toMatch(/the mock cannot judge it \(uncompiled-schema\)/);
  expect(missing('/judged').skipReason).toBeUndefined();
  const valid = { params: [{ location: 'header' as const, name: 'X-Key', value: 'k' }] };
  expect(brokenUnreadable('mock', operation('/blind'), valid, { params: [] }, loaded.document)).toMatchObject([
    { where: 'header.X-Key', id: 'uncompiled-schema' },
  ]);
  expect(brokenUnreadable('mock', operation('/judged'), valid, { params: [] }, loaded.document)).toEqual([]);
});
