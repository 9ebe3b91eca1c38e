import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../../src/contract/load.ts';
import { mutationsFor } from '../../../src/generate/arbitraries/negative.ts';
import { exampleRequest, renderRequest, requestArbitrary, styledParameters } from '../../../src/generate/arbitraries/request-arbitrary.ts';
import { phaseSkipReason } from '../../../src/generate/phases/run.ts';
import { isHeaderSafe } from '../../../src/generate/serialise.ts';
import { unsendableOperation } from '../../../src/generate/unsendable.ts';
import { planRequest } from '../../../src/generate/plan-request.ts';
import { casesFor } from '../../../src/generate/cases.ts';
import { contractOfPaths } from '../support/documents.ts';

// Shapes seen in public vendor documents that made generated requests the document's own mock reads differently.
const document = {
  openapi: '3.0.3',
  info: { title: 'Shapes', version: '1' },
  paths: {
    '/reject': {
      post: {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Rejection' } } },
        },
        responses: { '201': { description: 'ok' }, '422': { description: 'invalid' } },
      },
    },
    '/update': {
      post: {
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Update' } } } },
        responses: { '200': { description: 'ok' }, '422': { description: 'invalid' } },
      },
    },
    '/stations': {
      get: {
        parameters: [{ name: 'Authorization', in: 'header', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok' } },
      },
    },
    '/send': {
      post: {
        parameters: [{ name: 'Accept', in: 'header', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '200': { description: 'sent, no body' } },
      },
    },
    '/export': {
      get: {
        parameters: [
          { name: 'Accept', in: 'header', schema: { type: 'string', enum: ['application/json', 'text/csv'] } },
          {
            name: 'Link',
            in: 'header',
            required: true,
            schema: { type: 'string' },
            example: 'shared_link=https://example.com/s/1&\nshared_link_password=letmein',
          },
        ],
        responses: { '200': { description: 'ok', content: { 'text/csv': { schema: { type: 'string' } } } } },
      },
    },
    '/connect': {
      get: {
        security: [{ ClientId: [] }],
        parameters: [
          { name: 'client_id', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'scope', in: 'query', required: true, schema: { type: 'string', enum: ['default'] } },
        ],
        responses: { '200': { description: 'ok' }, '401': { description: 'no key' } },
      },
    },
    '/unlabelled': {
      post: {
        requestBody: {
          required: true,
          content: { '': { schema: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } } } },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
    '/labelled': {
      post: {
        requestBody: {
          required: true,
          content: {
            '': { schema: { type: 'object' } },
            'application/json': { schema: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } } },
          },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
    '/revoke': {
      post: {
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['token', 'scopes'],
                properties: { token: { type: 'string' }, hint: { type: 'string' }, scopes: { type: 'array', items: { type: 'string' } } },
              },
            },
          },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  components: {
    securitySchemes: { ClientId: { type: 'apiKey', in: 'query', name: 'client_id' } },
    schemas: {
      Rejection: { type: 'object', readOnly: true, properties: { type: { type: 'string', enum: ['a', 'b'] } } },
      Update: { type: 'object', properties: { type: { type: 'string', enum: ['a', 'b'] } } },
    },
  },
};
const dir = mkdtempSync(join(tmpdir(), 'shapes-'));
writeFileSync(join(dir, 'shapes.json'), JSON.stringify(document));
const contract = await loadContract(join(dir, 'shapes.json'));
const operation = (key: string) => contract.operations.find((o) => o.key === key)!;
const render = (key: string, request: Parameters<typeof renderRequest>[2]) =>
  renderRequest(operation(key), styledParameters(contract, operation(key)), request, {
    baseURL: 'http://127.0.0.1',
    credentials: () => undefined,
    security: [],
  });

test('a body schema marked readOnly as a whole is not broken on purpose; an ordinary one is', () => {
  const rules = (key: string) => mutationsFor(contract, operation(key)).map((m) => m.rule);
  expect(rules('POST /update')).toContain('body property "type": not in enum');
  expect(rules('POST /reject').filter((r) => r.startsWith('body property') || r.startsWith('body: wrong type'))).toEqual([]);
  expect(rules('POST /reject')).toContain('body: missing though required');
});

test('an Accept header parameter gets a value its own enum names, not the default */*', () => {
  expect(render('GET /export', { params: [] }).headers.accept).toBe('application/json');
});

test('a required Accept parameter with nothing to name (no enum, no example, no success body) is sent as */* on both paths', () => {
  expect(render('POST /send', { params: [] }).headers.accept).toBe('*/*');
  expect(planRequest(contract, operation('POST /send'), { credentials: () => undefined }).headers.accept).toBe('*/*');
});

test('a required Authorization parameter with no security scheme to set it: the request carries the header on both paths', () => {
  expect(render('GET /stations', { params: [] }).headers.authorization).toBe('Bearer conformance-placeholder');
  expect(planRequest(contract, operation('GET /stations'), { credentials: () => undefined }).headers.authorization).toBe(
    'Bearer conformance-placeholder',
  );
});

test('a documented header example no header can carry is never sent', () => {
  const values = fc.sample(requestArbitrary(contract, operation('GET /export')), 200).map((r) => render('GET /export', r).headers.link);
  expect(values.length).toBe(200);
  expect(values.filter((v) => v === undefined || !isHeaderSafe(v))).toEqual([]);
});

test('a required form field is never sent as empty text or an empty list (either reads as a missing field)', () => {
  const bodies = fc.sample(requestArbitrary(contract, operation('POST /revoke')), 300).map((r) => r.body?.value as Record<string, unknown>);
  expect(bodies.length).toBe(300);
  expect(bodies.filter((b) => b.token === '')).toEqual([]);
  // An empty list writes no field at all: a required list always holds an item with text.
  expect(bodies.filter((b) => !Array.isArray(b.scopes) || (b.scopes as unknown[]).every((s) => s === ''))).toEqual([]);
  expect(
    bodies.some((b) => b.hint === ''),
    'an optional field may still be empty',
  ).toBe(true);
});

test('the examples-only request leaves out a header example no header can carry', () => {
  expect(exampleRequest(contract, operation('GET /export'))).toBeUndefined();
});

test('a form body requiring a field its schema does not declare is one the mock cannot read: the phases say so instead of failing', () => {
  const undeclared = {
    ...operation('POST /revoke'),
    requestBody: {
      required: true,
      pointer: '#/paths/~1revoke/post/requestBody',
      content: [
        {
          mediaType: 'application/x-www-form-urlencoded',
          schema: { type: 'object', required: ['grant_type'], properties: {} },
          examples: [],
        },
      ],
    },
  };
  expect(phaseSkipReason(undeclared, 'mock', false)).toMatch(/reads only the declared fields .* "grant_type"/);
  expect(phaseSkipReason(undeclared, 'sandbox', true)).toBeUndefined();
  expect(phaseSkipReason(operation('POST /revoke'), 'mock', false)).toBeUndefined();
});

test('a body documented under a key that is not a media type ("" in converted documents) is never sent under it: another media type when there is one, else a skip naming it', () => {
  const unlabelled = operation('POST /unlabelled');
  expect(unsendableOperation(unlabelled)).toMatch(/documented only under "", which is not a media type/);
  expect(phaseSkipReason(unlabelled, 'mock', false)).toMatch(/not a media type/);
  const labelled = operation('POST /labelled');
  expect(unsendableOperation(labelled)).toBeUndefined();
  expect(planRequest(contract, labelled, { credentials: () => undefined }).body?.mediaType).toBe('application/json');
  const generated = fc.sample(requestArbitrary(contract, labelled), 20);
  expect(generated.length).toBe(20);
  expect(generated.filter((r) => r.body?.mediaType !== 'application/json')).toEqual([]);
});

test('a parameter in an apiKey credential’s position is sent once, as the credential; a case without it sends neither, on both paths', () => {
  const connect = operation('GET /connect');
  const key = () => 'the-key';
  const clientIds = (url: string) => new URL(url).searchParams.getAll('client_id');
  const planned = planRequest(contract, connect, { credentials: key });
  expect(planned.query.filter(([name]) => name === 'client_id')).toEqual([['client_id', 'the-key']]);
  const bare = planRequest(contract, connect, { credentials: key, withoutCredentials: true });
  expect(bare.query.filter(([name]) => name === 'client_id')).toEqual([]);
  // The case without the parameter sends no credential in its place either.
  const dropped = planRequest(contract, connect, { credentials: key, drop: { in: 'query', name: 'client_id' } });
  expect(dropped.query.filter(([name]) => name === 'client_id')).toEqual([]);
  expect(casesFor(connect, 'mock').some((c) => c.drop?.name === 'client_id')).toBe(true);
  const rules = mutationsFor(contract, connect).map((m) => m.rule);
  expect(rules.some((r) => r.includes('"scope"'))).toBe(true);
  expect(rules.filter((r) => r.includes('client_id'))).toEqual([]);
  const requests = fc.sample(requestArbitrary(contract, connect), 20);
  expect(requests.length).toBe(20);
  const options = { baseURL: 'http://127.0.0.1', credentials: key, security: connect.security };
  for (const request of requests) {
    expect(clientIds(renderRequest(connect, styledParameters(contract, connect), request, options).url)).toEqual(['the-key']);
    expect(clientIds(renderRequest(connect, styledParameters(contract, connect), request, { ...options, auth: 'missing' }).url)).toEqual(
      [],
    );
  }
});

test('a path template with a query of its own is one URL on the wire, and a call the mock cannot route', async () => {
  const { pathAndQuery } = await import('../../../src/generate/serialise.ts');
  const { mockLimitation } = await import('../../../src/targets/mock.ts');
  expect(pathAndQuery('/search/articles?query=cats', 'limit=2')).toBe('/search/articles?query=cats&limit=2');
  expect(pathAndQuery('/search/articles?query=cats', '')).toBe('/search/articles?query=cats');
  expect(pathAndQuery('/search?', 'limit=2')).toBe('/search?limit=2');
  expect(pathAndQuery('/things', 'limit=2')).toBe('/things?limit=2');
  expect(pathAndQuery('/#X-Amz-Target=Run', 'limit=2')).toBe('/?limit=2');
  const templated = { path: '/search/articles?query={query}', parameters: [], requestBody: undefined };
  expect(mockLimitation(templated)).toMatch(/carries a query of its own \("\?query=\{query\}"\)/);
  expect(mockLimitation({ ...templated, path: '/search/articles/{query}' })).toBeUndefined();
  // A parameter name Prism's router escapes (NASA's `{.format}`, a `{proxy+}` greedy name): never routed on the mock.
  expect(mockLimitation({ ...templated, path: '/api/projects{.format}' })).toMatch(/names "\{\.format\}", so no request reaches/);
  expect(mockLimitation({ ...templated, path: '/files/{proxy+}' })).toMatch(/names "\{proxy\+\}"/);
  expect(mockLimitation({ ...templated, path: '/api/projects/{project-id}' })).toBeUndefined();
});

test('a security requirement whose schemes need the same place (Basic and an apiKey named Authorization) is not sendable: another alternative is used, or the operation is a skip with the reason', async () => {
  const { sendableAlternatives } = await import('../../../src/generate/unsendable.ts');
  const basic = { name: 'basicAuth', type: 'http', scheme: 'basic' };
  const token = { name: 'conjurAuth', type: 'apiKey', in: 'header' as const, paramName: 'Authorization' };
  const key = { name: 'key', type: 'apiKey', in: 'header' as const, paramName: 'X-Key' };
  const together = [[basic, token]];
  const operation = { parameters: [], requestBody: undefined, security: together };
  expect(unsendableOperation(operation)).toMatch(
    /"basicAuth" and "conjurAuth" are required together and both need the Authorization header/,
  );
  expect(sendableAlternatives([[basic, token], [key]]).alternatives).toEqual([[key]]);
  // Different places, or a bearer beside an apiKey in a query parameter, can be met at once.
  expect(sendableAlternatives([[basic, key]]).alternatives).toHaveLength(1);
  expect(
    sendableAlternatives([
      [
        { name: 'oauth', type: 'oauth2' },
        { ...token, in: 'query' as const },
      ],
    ]).alternatives,
  ).toHaveLength(1);
  expect(unsendableOperation({ ...operation, security: [[basic, key]] })).toBeUndefined();
  // Bearer-token schemes required together (Google's Oauth2 and Oauth2c) are met by one token.
  const implicit = { name: 'Oauth2', type: 'oauth2' };
  const code = { name: 'Oauth2c', type: 'oauth2' };
  const bearer = { name: 'jwt', type: 'http', scheme: 'Bearer' };
  const oidc = { name: 'oidc', type: 'openIdConnect' };
  expect(unsendableOperation({ ...operation, security: [[implicit, code]] })).toBeUndefined();
  expect(unsendableOperation({ ...operation, security: [[implicit, bearer, oidc]] })).toBeUndefined();
  expect(unsendableOperation({ ...operation, security: [[implicit, basic]] })).toMatch(/"Oauth2" and "basicAuth" are required together/);
  expect(unsendableOperation({ ...operation, security: [[bearer, token]] })).toMatch(/"jwt" and "conjurAuth"/);
});

test('an exploded query object whose property is named like another query parameter cannot be sent unambiguously: the operation is a skip with the reason, checked against Prism', async () => {
  const { startMock } = await import('../../../src/targets/mock.ts');
  const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } };
  const movements = { type: 'object', properties: { amount: { type: 'integer' }, type: { type: 'string', enum: ['account', 'sales'] } } };
  const kind = { in: 'query', name: 'type', required: true, schema: { type: 'string', enum: ['transaction', 'purchase'] } };
  const contract = await contractOfPaths('colliding', {
    // sinao.app's /reconcile, trimmed: `movements.type` and the parameter `type` are the same pair on the wire.
    '/reconcile': {
      post: {
        parameters: [kind, { in: 'query', name: 'movements', required: true, explode: true, schema: movements }],
        responses: { '200': ok },
      },
    },
    '/apart': {
      post: {
        parameters: [
          { ...kind, name: 'kind' },
          { in: 'query', name: 'movements', required: true, explode: true, schema: movements },
        ],
        responses: { '200': ok },
      },
    },
    '/unexploded': {
      post: {
        parameters: [kind, { in: 'query', name: 'movements', required: true, explode: false, schema: movements }],
        responses: { '200': ok },
      },
    },
  });
  const operation = (path: string) => contract.operations.find((o) => o.path === path)!;
  expect(unsendableOperation(operation('/reconcile'))).toMatch(
    /"movements" is an exploded object whose property "type" goes on the wire as the same pair as the query parameter "type"/,
  );
  expect(unsendableOperation(operation('/apart'))).toBeUndefined();
  expect(unsendableOperation(operation('/unexploded'))).toBeUndefined();
  // Prism reads the parameter `type` twice (a list, refused); apart, it accepts the same values. (`explode: true` is
  // written out: Prism reads a query object left to the default as unexploded, row query-object-unexploded-default.)
  const mock = await startMock(contract);
  try {
    expect((await fetch(`${mock.url}/reconcile?type=transaction&amount=5&type=account`, { method: 'POST' })).status).toBe(422);
    const apart = await fetch(`${mock.url}/apart?kind=transaction&amount=5&type=account`, { method: 'POST' });
    expect(apart.status, await apart.text()).toBe(200);
  } finally {
    await mock.close();
  }
});

test('a required form field given as an empty list (twilio: an example with `HostedNumberOrderSids: []`) is never sent as nothing: both request paths put one item on the wire', async () => {
  const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } };
  const schema = {
    type: 'object',
    required: ['Sids', 'Email'],
    properties: { Sids: { type: 'array', items: { type: 'string' } }, Email: { type: 'string' } },
  };
  const media = { schema, example: { Sids: [], Email: 'a@example.com' } };
  const contract = await contractOfPaths('empty list', {
    '/documents': {
      post: { requestBody: { required: true, content: { 'application/x-www-form-urlencoded': media } }, responses: { '201': ok } },
    },
  });
  const operation = contract.operations[0];
  const planned = planRequest(contract, operation, { credentials: () => undefined });
  expect(planned.body?.value).toMatchObject({ Sids: [expect.any(String)], Email: 'a@example.com' });
  const drawn = fc.sample(requestArbitrary(contract, operation), { seed: 3, numRuns: 50 });
  expect(drawn).toHaveLength(50);
  const lists = drawn.map((r) => (r.body?.value as { Sids?: unknown[] } | undefined)?.Sids);
  expect(lists.filter((sids) => !Array.isArray(sids) || sids.length === 0)).toEqual([]);
});
