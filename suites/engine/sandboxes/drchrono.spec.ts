import { test, expect } from '@playwright/test';
import {
  ACCESS_TOKEN_SECONDS,
  CODE_LIFETIME_MS,
  credentials,
  faults,
  startSandbox,
  type DrchronoFault,
} from '../../../fixtures/sandboxes/drchrono/server.ts';
import type { RunningSandbox, SandboxOptions } from '../../../fixtures/sandboxes/index.ts';
import { contractSchemas, generatedCaseFailures, getJson, manualClock } from './support.ts';

const schemas = await contractSchemas('drchrono');
// One worker per file: the contract is loaded once, and the tests share one sandbox.
test.describe.configure({ mode: 'default' });

const codeGrant = (
  code: string = credentials.DRCHRONO_AUTH_CODE,
  redirectUri: string = credentials.DRCHRONO_REDIRECT_URI,
): Record<string, string> => ({
  code,
  grant_type: 'authorization_code',
  redirect_uri: redirectUri,
  client_id: credentials.DRCHRONO_CLIENT_ID,
  client_secret: credentials.DRCHRONO_CLIENT_SECRET,
});
const refreshGrant = (refreshToken: string = credentials.DRCHRONO_REFRESH_TOKEN): Record<string, string> => ({
  refresh_token: refreshToken,
  grant_type: 'refresh_token',
  client_id: credentials.DRCHRONO_CLIENT_ID,
  client_secret: credentials.DRCHRONO_CLIENT_SECRET,
});

type Token = { access_token: string; refresh_token: string; expires_in: unknown; token_type: string; scope: string };

const token = (sandbox: RunningSandbox, fields: Record<string, string>) =>
  getJson(`${sandbox.url}/o/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
const iframe = (sandbox: RunningSandbox, method: 'POST' | 'DELETE', accessToken?: string) =>
  getJson(`${sandbox.url}/api/iframe_integration`, {
    method,
    headers: accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` },
  });

async function withSandbox(options: SandboxOptions, run: (sandbox: RunningSandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox(options);
  try {
    await run(sandbox);
  } finally {
    await sandbox.close();
  }
}

/** A fresh code from the authorization redirect, as if the provider clicked "Authorize". */
async function authorize(sandbox: RunningSandbox, extra: Record<string, string> = {}): Promise<URL> {
  const query = new URLSearchParams({
    redirect_uri: credentials.DRCHRONO_REDIRECT_URI,
    response_type: 'code',
    client_id: credentials.DRCHRONO_CLIENT_ID,
    state: 'xyz',
    ...extra,
  });
  const answer = await fetch(`${sandbox.url}/o/authorize/?${query}`, { redirect: 'manual' });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location')!);
}

test.describe('drchrono sandbox', () => {
  test('the authorization code is exchanged exactly once for a 48-hour token pair; the second exchange is invalid_grant', () =>
    withSandbox({}, async (sandbox) => {
      const first = await token(sandbox, codeGrant());
      expect(first.status).toBe(200);
      expect(schemas.validate('exchangeToken', 200, first.body)).toEqual([]);
      expect(first.body).toMatchObject({ expires_in: ACCESS_TOKEN_SECONDS, token_type: 'Bearer' });
      expect(ACCESS_TOKEN_SECONDS).toBe(48 * 60 * 60);
      const second = await token(sandbox, codeGrant());
      expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      expect(schemas.validate('exchangeToken', 400, second.body)).toEqual([]);
    }));

  test('the refresh grant issues a new access token (the refresh token stays valid); an unknown one is invalid_grant', () =>
    withSandbox({}, async (sandbox) => {
      const first = await token(sandbox, refreshGrant());
      const second = await token(sandbox, refreshGrant());
      expect(schemas.validate('exchangeToken', 200, first.body)).toEqual([]);
      expect((first.body as Token).access_token).not.toBe((second.body as Token).access_token);
      expect(first.body).toMatchObject({ refresh_token: credentials.DRCHRONO_REFRESH_TOKEN, expires_in: 172800 });
      expect(await token(sandbox, refreshGrant('nope'))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      const fromCode = (await token(sandbox, codeGrant())).body as Token;
      expect((await token(sandbox, refreshGrant(fromCode.refresh_token))).status).toBe(200);
    }));

  test('token requests that are not valid get the RFC 6749 error for their fault', () =>
    withSandbox({}, async (sandbox) => {
      const { code: _code, ...withoutCode } = codeGrant();
      for (const [fields, error] of [
        [withoutCode, 'invalid_request'],
        [{ ...codeGrant(), grant_type: 'password' }, 'unsupported_grant_type'],
        [{ client_id: credentials.DRCHRONO_CLIENT_ID }, 'invalid_request'],
        [{ ...refreshGrant(), client_secret: 'wrong' }, 'invalid_client'],
        [codeGrant(credentials.DRCHRONO_AUTH_CODE, 'https://elsewhere.example/cb'), 'invalid_grant'],
      ] as const) {
        const answer = await token(sandbox, fields);
        expect(answer, JSON.stringify(fields)).toMatchObject({ status: 400, body: { error } });
        expect(schemas.validate('exchangeToken', 400, answer.body)).toEqual([]);
      }
      const json = await getJson(`${sandbox.url}/o/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(codeGrant()),
      });
      expect(json).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    }));

  test('the authorization redirect carries a fresh code and the state; the code expires quickly', async () => {
    const clock = manualClock();
    await withSandbox({ clock: clock.now }, async (sandbox) => {
      const back = await authorize(sandbox, { scope: 'patients:summary:read calendar:read' });
      expect(`${back.origin}${back.pathname}`).toBe(credentials.DRCHRONO_REDIRECT_URI);
      expect(back.searchParams.get('state')).toBe('xyz');
      const exchanged = await token(sandbox, codeGrant(back.searchParams.get('code')!));
      expect(exchanged).toMatchObject({ status: 200, body: { scope: 'patients:summary:read calendar:read' } });
      const late = await authorize(sandbox);
      clock.advance(CODE_LIFETIME_MS);
      expect(await token(sandbox, codeGrant(late.searchParams.get('code')!))).toMatchObject({
        status: 400,
        body: { error: 'invalid_grant' },
      });
      expect((await authorize(sandbox, { response_type: 'token' })).searchParams.get('error')).toBe('unsupported_response_type');
      const badClient = await fetch(
        `${sandbox.url}/o/authorize/?client_id=nope&response_type=code&redirect_uri=${encodeURIComponent(credentials.DRCHRONO_REDIRECT_URI)}`,
        { redirect: 'manual' },
      );
      expect(badClient.status).toBe(400);
    });
  });

  test('iframe integration: POST and DELETE with a token from /o/token/; none, a made-up or an expired one is 401', async () => {
    const clock = manualClock();
    await withSandbox({ clock: clock.now }, async (sandbox) => {
      const accessToken = ((await token(sandbox, refreshGrant())).body as Token).access_token;
      for (const method of ['POST', 'DELETE'] as const) {
        const operationId = method === 'POST' ? 'registerIframeDoctor' : 'unregisterIframeDoctor';
        const done = await iframe(sandbox, method, accessToken);
        expect(done.status).toBe(200);
        expect(schemas.validate(operationId, '2XX', done.body)).toEqual([]);
        const missing = await iframe(sandbox, method);
        expect(missing.status).toBe(401);
        expect(schemas.validate(operationId, 401, missing.body)).toEqual([]);
        expect((await iframe(sandbox, method, 'made-up')).status).toBe(401);
      }
      clock.advance(ACCESS_TOKEN_SECONDS * 1000);
      expect((await iframe(sandbox, 'POST', accessToken)).status).toBe(401);
    });
  });

  test('the generated TARGET=sandbox cases pass every check against the sandbox', ({ request }) =>
    withSandbox({}, async (sandbox) => {
      const { ran, failures } = await generatedCaseFailures(request, 'drchrono', sandbox, schemas);
      expect(ran).toBeGreaterThanOrEqual(2);
      expect(failures).toEqual([]);
    }));
});

test.describe('drchrono sandbox faults', () => {
  const fault = (name: DrchronoFault, run: (sandbox: RunningSandbox) => Promise<void>) => withSandbox({ fault: name }, run);

  test('every fault has a one-line description and the list names the required ones', () => {
    for (const f of faults) expect(f.description).toMatch(/^\S.{10,200}$/);
    expect(faults.map((f) => f.name)).toEqual(expect.arrayContaining(['code-reusable', 'wrong-expires-in', 'auth-not-enforced']));
  });

  test('code-reusable: the authorization code is exchanged a second time', () =>
    fault('code-reusable', async (sandbox) => {
      expect((await token(sandbox, codeGrant())).status).toBe(200);
      expect((await token(sandbox, codeGrant())).status).toBe(200);
    }));

  test('wrong-expires-in: tokens say expires_in 3600', () =>
    fault('wrong-expires-in', async (sandbox) => {
      expect((await token(sandbox, refreshGrant())).body).toMatchObject({ expires_in: 3600 });
    }));

  test('auth-not-enforced: iframe integration answers 200 without a token', () =>
    fault('auth-not-enforced', async (sandbox) => {
      expect((await iframe(sandbox, 'POST')).status).toBe(200);
      expect((await iframe(sandbox, 'DELETE', 'made-up')).status).toBe(200);
    }));

  test('expires-in-as-string: expires_in is "172800" and fails the contract schema', () =>
    fault('expires-in-as-string', async (sandbox) => {
      const { body } = await token(sandbox, refreshGrant());
      expect(body).toMatchObject({ expires_in: '172800' });
      expect(schemas.validate('exchangeToken', 200, body).length).toBeGreaterThan(0);
    }));

  test('error-not-oauth: a refused grant is {detail: ...} and fails the contract schema', () =>
    fault('error-not-oauth', async (sandbox) => {
      const { status, body } = await token(sandbox, refreshGrant('nope'));
      expect(status).toBe(400);
      expect(body).toEqual({ detail: expect.any(String) });
      expect(schemas.validate('exchangeToken', 400, body).length).toBeGreaterThan(0);
    }));
});
