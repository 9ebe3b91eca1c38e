import { test, expect } from '@playwright/test';
import { describeExchange } from '../../src/report/attach.ts';
import { REDACTED } from '../../src/core/secrets.ts';
import { redactBody, redactUrl, scrubText } from '../../src/report/redact.ts';
import { secretValues } from '../../src/targets/secret-values.ts';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leaks } from './support/leaks.ts';
import { runState } from '../../src/targets/run-state.ts';

test('credential query parameters are redacted from URLs', () => {
  const url = redactUrl('http://127.0.0.1/v2/start?app_id=A&app_key=K123&office_id=O&secret_key=S456&request_key=R789');
  expect(url).toBe(`http://127.0.0.1/v2/start?app_id=A&app_key=${REDACTED}&office_id=O&secret_key=${REDACTED}&request_key=${REDACTED}`);
});

test('credential fields are redacted from JSON and form bodies at any depth', () => {
  expect(
    JSON.parse(redactBody(JSON.stringify([{ request_key: 'abc', nested: { client_secret: 'x', refresh_token: 'y' }, name: 'ok' }]))!),
  ).toEqual([{ request_key: REDACTED, nested: { client_secret: REDACTED, refresh_token: REDACTED }, name: 'ok' }]);
  expect(redactBody('grant_type=refresh_token&refresh_token=abc&client_secret=s3')).toBe(
    `grant_type=refresh_token&refresh_token=${encodeURIComponent(REDACTED)}&client_secret=${encodeURIComponent(REDACTED)}`,
  );
});

test('values of credential variables are scrubbed from any text', () => {
  const secrets = secretValues({ SIKKA_APP_KEY: 'super-secret-app-key', PATH: '/usr/bin', JOURNY_API_KEY: 'jk-123456' });
  expect(secrets).toEqual(['super-secret-app-key', 'jk-123456']);
  expect(scrubText('title with super-secret-app-key and jk-123456 inside', secrets)).toBe(`title with ${REDACTED} and ${REDACTED} inside`);
});

test('an attached exchange carries no credential header or parameter', () => {
  const text = describeExchange({
    request: {
      method: 'GET',
      url: 'http://127.0.0.1/x?authentication_token=t0k3n',
      headers: { authorization: 'Token token=t0k3n', 'x-api-key': 'k3y' },
    },
    response: { status: 200, headers: { 'content-type': 'application/json' }, text: '{"access_token":"at-1","token_type":"Bearer"}' },
  });
  for (const secret of ['t0k3n', 'k3y', 'at-1']) expect(text).not.toContain(secret);
  expect(text).toContain('"token_type": "Bearer"');
});

test('the report scan finds a credential value or an unredacted request_key left in any report file', () => {
  const reportsDir = mkdtempSync(join(tmpdir(), 'leak-scan-'));
  mkdirSync(join(reportsDir, 'allure-results'));
  writeFileSync(join(reportsDir, 'allure-results', 'a-attachment.json'), '{"url":"http://127.0.0.1/v2/patients?request_key=[REDACTED]"}');
  const clean = { output: 'GET /v2/patients?request_key=[REDACTED]', reportsDir };
  expect(leaks(clean, { SIKKA_APP_KEY: 'app-key-value' })).toEqual([]);
  writeFileSync(join(reportsDir, 'junit.xml'), '<failure>GET /v2/patients?request_key=0123abcd app-key-value</failure>');
  expect(leaks(clean, { SIKKA_APP_KEY: 'app-key-value' })).toEqual([
    expect.stringContaining('SIKKA_APP_KEY in'),
    expect.stringContaining('request_key='),
  ]);
});

test('credentials a reference sandbox hands to the run are scrubbed too', () => {
  const env: NodeJS.ProcessEnv = {};
  runState.referenceEnv('sikka').write({ SIKKA_EXPIRED_REQUEST_KEY: 'e0e0e0e0e0e0', SIKKA_BASE_URL: 'http://127.0.0.1:1' }, env);
  expect(Object.keys(env)).toEqual(['CONFORMANCE_REFERENCE_ENV_SIKKA']);
  expect(scrubText('key e0e0e0e0e0e0 at http://127.0.0.1:1', secretValues(env))).toBe(`key ${REDACTED} at http://127.0.0.1:1`);
});
