import { test, expect } from '@playwright/test';
import { credentials, faults, startSandbox, type LuplFault, type LuplSandboxOptions } from '../../../fixtures/sandboxes/lupl/server.ts';
import type { RunningSandbox } from '../../../fixtures/sandboxes/index.ts';
import { caller, contractSchemas, generatedCaseFailures, manualClock, statusesOfRepeatedGets, type Call } from './support.ts';

const schemas = await contractSchemas('lupl');
// One worker per file: the contract is loaded once, and the tests share one sandbox.
test.describe.configure({ mode: 'default' });
const AUTH = { authorization: `Bearer ${credentials.LUPL_ACCESS_TOKEN}` };
const PMS = credentials.LUPL_PMS_ID;
const ORG = credentials.LUPL_ORGANIZATION_ID;
const OTHER = '0b5e7c1e-9d2a-4f43-8b61-3c0f2a9e7d10';

async function withSandbox(options: LuplSandboxOptions, run: (call: Call, sandbox: RunningSandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox(options);
  try {
    await run(caller(sandbox, AUTH), sandbox);
  } finally {
    await sandbox.close();
  }
}

test.describe('lupl sandbox', () => {
  let sandbox: RunningSandbox;
  let call: Call;
  test.beforeAll(async () => {
    sandbox = await startSandbox();
    call = caller(sandbox, AUTH);
  });
  test.afterAll(async () => {
    await sandbox.close();
  });

  test('every endpoint wants the bearer token: none or a wrong one is 401', async () => {
    for (const [method, path, operationId] of [
      ['GET', `/api/1.0/pms/providerconfig?pmsId=${PMS}`, 'getProviderConfiguration'],
      ['GET', `/api/1.0/pms/organizationconfig?organizationId=${ORG}`, 'getOrganizationConfiguration'],
    ] as const) {
      const missing = await call(method, path, undefined, {});
      expect(missing.status).toBe(401);
      expect(schemas.validate(operationId, 401, missing.body)).toEqual([]);
      expect((await call(method, path, undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    }
    expect((await call('POST', '/api/1.0/pms/providerconfig', { pmsId: PMS, config: {} }, {})).status).toBe(401);
  });

  test('a provider configuration is null until set; POST answers {} and GET then answers it', () =>
    withSandbox({ providerConfig: null }, async (call) => {
      const before = await call('GET', `/api/1.0/pms/providerconfig?pmsId=${PMS}`);
      expect(before).toMatchObject({ status: 200, body: null });
      expect(schemas.validate('getProviderConfiguration', 200, before.body)).toEqual([]);
      const config = { name: 'ACME Inc.', endpoints: { hours: 'https://acme.example/hours' }, customerFields: ['region'] };
      const saved = await call('POST', '/api/1.0/pms/providerconfig', { pmsId: PMS, config });
      expect(saved).toMatchObject({ status: 200, body: {} });
      expect(schemas.validate('setProviderConfiguration', 200, saved.body)).toEqual([]);
      const after = await call('GET', `/api/1.0/pms/providerconfig?pmsId=${PMS}`);
      expect(after.body).toEqual(config);
      expect(schemas.validate('getProviderConfiguration', 200, after.body)).toEqual([]);
    }));

  test('an organization configuration is set and read back on /api/1.0/pms/organizationconfig', () =>
    withSandbox({}, async (call) => {
      const documented = schemas.operation('setOrganizationConfiguration').requestBody!.content[0].examples[0].value;
      const saved = await call('POST', '/api/1.0/pms/organizationconfig', documented);
      expect(saved).toMatchObject({ status: 200, body: {} });
      expect(schemas.validate('setOrganizationConfiguration', 200, saved.body)).toEqual([]);
      const read = await call('GET', `/api/1.0/pms/organizationconfig?organizationId=${ORG}`);
      expect(read).toMatchObject({ status: 200, body: documented as object });
      expect(schemas.validate('getOrganizationConfiguration', 200, read.body)).toEqual([]);
    }));

  test("invalid input is 400 {errors: {param: [messages]}}, with the document's message for pmsId=asdf", async () => {
    const asdf = await call('GET', '/api/1.0/pms/providerconfig?pmsId=asdf');
    expect(asdf.status).toBe(400);
    expect((asdf.body as { errors: unknown }).errors).toEqual({ pmsId: ["The value 'asdf' is not valid."] });
    expect(schemas.validate('getProviderConfiguration', 400, asdf.body)).toEqual([]);
    const missing = await call('GET', '/api/1.0/pms/organizationconfig');
    expect(missing).toMatchObject({ status: 400, body: { errors: { organizationId: [expect.any(String)] } } });
    expect(schemas.validate('getOrganizationConfiguration', 400, missing.body)).toEqual([]);
    const body = await call('POST', '/api/1.0/pms/organizationconfig', { organizationId: ORG, pmsId: 'x' });
    expect(body).toMatchObject({ status: 400, body: { errors: { pmsId: [expect.any(String)], fields: [expect.any(String)] } } });
    expect(schemas.validate('setOrganizationConfiguration', 400, body.body)).toEqual([]);
    expect(await call('POST', '/api/1.0/pms/providerconfig', 'not json')).toMatchObject({
      status: 400,
      body: { errors: expect.any(Object) },
    });
    expect(await call('POST', '/api/1.0/pms/providerconfig', { pmsId: PMS, config: 'text' })).toMatchObject({
      status: 400,
      body: { errors: { config: [expect.any(String)] } },
    });
  });

  test('a PMS provider or organization the token may not touch (or that does not exist) is 403 {}', async () => {
    for (const [method, path, body, operationId] of [
      ['GET', `/api/1.0/pms/providerconfig?pmsId=${OTHER}`, undefined, 'getProviderConfiguration'],
      ['POST', '/api/1.0/pms/providerconfig', { pmsId: OTHER, config: {} }, 'setProviderConfiguration'],
      ['GET', `/api/1.0/pms/organizationconfig?organizationId=${OTHER}`, undefined, 'getOrganizationConfiguration'],
      ['POST', '/api/1.0/pms/organizationconfig', { organizationId: OTHER, pmsId: PMS, fields: {} }, 'setOrganizationConfiguration'],
      ['POST', '/api/1.0/pms/organizationconfig', { organizationId: ORG, pmsId: OTHER, fields: {} }, 'setOrganizationConfiguration'],
    ] as const) {
      const answer = await call(method, path, body);
      expect(answer, `${method} ${path}`).toEqual(expect.objectContaining({ status: 403, body: {} }));
      expect(schemas.validate(operationId, 403, answer.body)).toEqual([]);
    }
  });

  test('the 1001st call within a minute is 429 with Retry-After; a minute later calls are served again', async () => {
    const clock = manualClock();
    await withSandbox({ clock: clock.now }, async (call, sandbox) => {
      const path = `/api/1.0/pms/providerconfig?pmsId=${PMS}`;
      const statuses = await statusesOfRepeatedGets(`${sandbox.url}${path}`, AUTH, 1000);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const over = await call('GET', path);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      clock.advance(60_000);
      expect((await call('GET', path)).status).toBe(200);
    });
  });

  test('the generated TARGET=sandbox cases pass every check against the sandbox', async ({ request }) => {
    const { ran, failures } = await generatedCaseFailures(request, 'lupl', sandbox, schemas);
    expect(ran).toBeGreaterThan(5);
    expect(failures).toEqual([]);
  });
});

test.describe('lupl sandbox faults', () => {
  const fault = (name: LuplFault, run: (call: Call) => Promise<void>, options: LuplSandboxOptions = {}) =>
    withSandbox({ ...options, fault: name }, run);

  test('every fault has a one-line description and the list names the required ones', () => {
    for (const f of faults) expect(f.description).toMatch(/^\S.{10,200}$/);
    expect(faults.map((f) => f.name)).toEqual(expect.arrayContaining(['unknown-provider-not-found', 'error-shape', 'auth-not-enforced']));
  });

  test('unknown-provider-not-found: a provider that does not exist is 404, which the contract does not document', () =>
    fault('unknown-provider-not-found', async (call) => {
      const answer = await call('GET', `/api/1.0/pms/providerconfig?pmsId=${OTHER}`);
      expect(answer.status).toBe(404);
      expect(schemas.operation('getProviderConfiguration').responses.map((r) => r.status)).not.toContain('404');
    }));

  test('error-shape: a 400 is {error: "..."} and fails the contract schema', () =>
    fault('error-shape', async (call) => {
      const answer = await call('GET', '/api/1.0/pms/providerconfig?pmsId=asdf');
      expect(answer).toMatchObject({ status: 400, body: { error: expect.any(String) } });
      expect(answer.body).not.toHaveProperty('errors');
      expect(schemas.validate('getProviderConfiguration', 400, answer.body).length).toBeGreaterThan(0);
    }));

  test('auth-not-enforced: a request without a token is served', () =>
    fault('auth-not-enforced', async (call) => {
      expect((await call('GET', `/api/1.0/pms/providerconfig?pmsId=${PMS}`, undefined, {})).status).toBe(200);
    }));

  test('throttle-not-enforced: calls beyond the limit are still served', () =>
    fault(
      'throttle-not-enforced',
      async (call) => {
        for (let i = 0; i < 3; i++) expect((await call('GET', `/api/1.0/pms/providerconfig?pmsId=${PMS}`)).status).toBe(200);
      },
      { throttlePerMinute: 2 },
    ));

  test('set-returns-body: POST answers the saved configuration and fails the contract schema', () =>
    fault('set-returns-body', async (call) => {
      const answer = await call('POST', '/api/1.0/pms/providerconfig', { pmsId: PMS, config: { name: 'ACME' } });
      expect(answer).toMatchObject({ status: 200, body: { name: 'ACME' } });
      expect(schemas.validate('setProviderConfiguration', 200, answer.body).length).toBeGreaterThan(0);
    }));
});
