import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../../src/contract/load.ts';
import { writeClassOf } from '../../../src/safety/classify.ts';
import { credentialExposures, heldCredentials } from '../../../src/safety/credentials.ts';
import { vendorContract } from '../../../src/properties/vendor-contract.ts';

// What the guard takes each operation to do. A credential operation taken for a plain write would let a run
// revoke its own token; a create taken for a singleton would refuse safe writes: both directions are shown.

test('the vendor contracts: every write operation is classified, with the kind the guard needs', async () => {
  const expected: Record<string, Record<string, string>> = {
    sikka: {
      'POST /v2/token': 'credential-mint',
      'DELETE /v2/refresh_token/{refresh_token}': 'credential-effect',
      'GET /v2/patients/{patient_id}': 'read',
    },
    webcamconsult: {
      'POST /users.json': 'create',
      'PUT /users/{user_id}.json': 'item-write',
      'DELETE /client/{client_id}.json': 'item-write',
      'POST /appointments.json': 'create',
    },
    lupl: { 'POST /api/1.0/pms/providerconfig': 'singleton-write', 'POST /api/1.0/pms/organizationconfig': 'singleton-write' },
    drchrono: {
      'POST /o/token/': 'credential-mint',
      'POST /api/iframe_integration': 'singleton-write',
      'DELETE /api/iframe_integration': 'singleton-write',
    },
  };
  let checked = 0;
  for (const [vendor, operations] of Object.entries(expected)) {
    const contract = await vendorContract(vendor);
    for (const [key, kind] of Object.entries(operations)) {
      const operation = contract.operations.find((o) => o.key === key);
      expect(operation, `${vendor} documents ${key}`).toBeDefined();
      expect(`${key}: ${writeClassOf(contract, operation!).kind}`).toBe(`${key}: ${kind}`);
      checked += 1;
    }
  }
  expect(checked).toBe(12);
  const sikka = await vendorContract('sikka');
  const revoke = sikka.operations.find((o) => o.key === 'DELETE /v2/refresh_token/{refresh_token}')!;
  expect(writeClassOf(sikka, revoke)).toMatchObject({ effect: 'revokes', credentialParameters: ['refresh_token'] });
});

test('a dropped-in document: credential operations found by name, a POST beside a list is a create, not a singleton', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'classify-'));
  const ok = { '200': { description: 'ok' } };
  const document = {
    openapi: '3.0.3',
    info: { title: 'Drop-in', version: '1' },
    components: {
      securitySchemes: {
        oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://api.example.com/auth/token', scopes: {} } } },
      },
    },
    paths: {
      '/auth/token': { post: { responses: ok } },
      '/oauth/revoke': { post: { operationId: 'revokeToken', responses: ok } },
      '/api-keys/{apiKey}': {
        delete: { parameters: [{ name: 'apiKey', in: 'path', required: true, schema: { type: 'string' } }], responses: ok },
      },
      '/webhooks/secret/regenerate': { post: { responses: ok } },
      '/sessions/logout': { post: { responses: ok } },
      '/messages': {
        get: {
          responses: {
            '200': { description: 'list', content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } },
          },
        },
        post: { responses: ok },
      },
      '/settings': {
        get: { responses: { '200': { description: 'one', content: { 'application/json': { schema: { type: 'object' } } } } } },
        put: { responses: ok },
      },
      '/notes/{id}': { patch: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
      '/reports/{kind}/run': {
        post: {
          parameters: [{ name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: ['daily', 'weekly'] } }],
          responses: ok,
        },
      },
    },
  };
  const file = join(dir, 'dropin.json');
  writeFileSync(file, JSON.stringify(document));
  const contract = await loadContract(file);
  const kinds = Object.fromEntries(contract.operations.map((o) => [o.key, writeClassOf(contract, o)]));
  expect(Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v.kind]))).toEqual({
    'POST /auth/token': 'credential-mint',
    'POST /oauth/revoke': 'credential-effect',
    'DELETE /api-keys/{apiKey}': 'credential-effect',
    'POST /webhooks/secret/regenerate': 'credential-effect',
    'POST /sessions/logout': 'credential-effect',
    'GET /messages': 'read',
    'POST /messages': 'create',
    'GET /settings': 'read',
    'PUT /settings': 'singleton-write',
    'PATCH /notes/{id}': 'item-write',
    'POST /reports/{kind}/run': 'item-write',
  });
  expect(kinds['POST /webhooks/secret/regenerate'].effect).toBe('rotates');
  // An enum-valued path parameter names no record: the write is not bound to one.
  expect(kinds['POST /reports/{kind}/run'].recordParameters).toEqual([]);
});

test('a held credential is found wherever a request carries it outside its position, and nowhere else', () => {
  const held = heldCredentials(
    { values: { refresh_token: 'rt-0123456789', client_secret: 'app-key-456789' }, schemes: { bearer: 'Bearer tok-abcdefgh' } },
    { SIKKA_AUTH_CODE: 'code-98765432', SIKKA_APP_KEY: 'app-key-456789' },
    ['SIKKA_AUTH_CODE', 'SIKKA_APP_KEY'],
    'SIKKA_',
  );
  const positions = { headers: new Set(['authorization']), query: new Set(['api_key']) };
  const exposed = (url: string, headers: Record<string, string> = {}, body?: string) =>
    credentialExposures({ method: 'POST', url, headers, body }, held, positions);
  // In place: a token request, the bearer header, the app key as client_secret, an auth code as `code`.
  expect(
    exposed(
      'https://x.example/v2/token',
      { authorization: 'Bearer tok-abcdefgh', 'content-type': 'application/json' },
      JSON.stringify({ refresh_token: 'rt-0123456789', client_secret: 'app-key-456789', code: 'code-98765432' }),
    ),
  ).toEqual([]);
  // Out of place: in the path, under another query name, in a header of another name, in a body field of another name.
  expect(exposed('https://x.example/v2/refresh_token/rt-0123456789')).toEqual(["the run's refresh_token in the path"]);
  expect(exposed('https://x.example/v2/x?note=tok-abcdefgh')).toEqual(['the run\'s credential in query parameter "note"']);
  expect(exposed('https://x.example/v2/x', { 'x-echo': 'app-key-456789' })).toEqual(['the run\'s client_secret in header "x-echo"']);
  expect(exposed('https://x.example/v2/x', { 'content-type': 'application/x-www-form-urlencoded' }, 'comment=rt-0123456789')).toEqual([
    'the run\'s refresh_token in body field "comment"',
  ]);
});

test('the run and its guard read one list of methods that only read: each method is a read to both or a write to both', async () => {
  const { sandboxWriteSkip } = await import('../../../src/generate/cases.ts');
  const { isReadMethod, READ_METHODS } = await import('../../../src/core/wire.ts');
  const methods = ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'POST', 'PUT', 'PATCH', 'DELETE'];
  // RFC 9110 §9.2.1: the safe methods.
  expect(methods.filter(isReadMethod)).toEqual([...READ_METHODS]);
  for (const method of methods) {
    const operation = { method, key: `${method} /x` } as Parameters<typeof sandboxWriteSkip>[0];
    const skipped = sandboxWriteSkip(operation, 'sandbox', false) !== undefined;
    expect(skipped, method).toBe(!isReadMethod(method));
  }
});
