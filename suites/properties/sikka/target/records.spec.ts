import { test, expect } from '../../../../fixtures/index.ts';
import { call, STATELESS } from '../../../../fixtures/live.ts';
import { classifySikka } from '../../../../src/vendors/sikka/errors.ts';
import { parseLifetime } from '../../../../src/vendors/common/lifetime.ts';
import { SIKKA_REQUEST_KEY } from '../../../../src/vendors/sikka/request-key.ts';
import { sandboxEnv } from '../../../../src/targets/target.ts';

/** The first record of a collection answer: enveloped, or a bare list (both readings the contract accepts). */
const firstRecord = (body: unknown): Record<string, unknown> | undefined => {
  if (Array.isArray(body) && !(body[0] && typeof body[0] === 'object' && 'items' in body[0]))
    return body[0] as Record<string, unknown> | undefined;
  const envelope = Array.isArray(body) ? body[0] : body;
  const items = envelope && typeof envelope === 'object' ? (envelope as { items?: unknown }).items : undefined;
  return Array.isArray(items) ? (items[0] as Record<string, unknown>) : undefined;
};

test.describe('sikka records, keys and errors against the target @property', () => {
  test('fields=firstname,lastname returns only those fields plus identifiers and links', async ({ liveTarget }) => {
    test.skip(liveTarget.kind === 'mock', STATELESS);
    const answer = await call(
      liveTarget,
      'GET',
      '/v2/patients',
      { fields: 'firstname,lastname', limit: 5 },
      { fromSession: ['request_key'] },
    );
    expect(answer.status).toBe(200);
    const record = firstRecord(answer.body);
    expect(record, 'a patient row').toBeDefined();
    // The document names no mandatory list ("contact Sikka"): identifiers, links and related-object links are allowed.
    const unexpected = Object.keys(record!).filter(
      (k) => !['firstname', 'lastname', 'href'].includes(k) && !k.endsWith('_id') && !(record![k] && typeof record![k] === 'object'),
    );
    expect(unexpected).toEqual([]);
  });

  test('the request_key lifetime reported by /v2/start parses and equals the documented 24 hours', async ({ liveTarget }) => {
    const env = liveTarget.kind === 'mock' ? {} : sandboxEnv(liveTarget.project);
    const answer = await call(liveTarget, 'GET', '/v2/start', {
      app_id: env.SIKKA_APP_ID ?? 'mock',
      app_key: env.SIKKA_APP_KEY ?? 'mock',
      office_id: env.SIKKA_OFFICE_ID ?? 'mock',
      secret_key: env.SIKKA_SECRET_KEY ?? 'mock',
    });
    expect(answer.status).toBe(200);
    const grant = Array.isArray(answer.body) ? answer.body[0] : answer.body;
    expect(parseLifetime((grant as Record<string, unknown>).expires_in)).toBe(SIKKA_REQUEST_KEY.lifetimeSeconds);
  });

  test('the request_key lifetime reported by /v2/token (refresh_token grant) parses and equals the documented 24 hours', async ({
    liveTarget,
  }) => {
    const env = liveTarget.kind === 'mock' ? {} : sandboxEnv(liveTarget.project);
    test.skip(
      liveTarget.kind !== 'mock' && !env.SIKKA_REFRESH_TOKEN,
      'set SIKKA_REFRESH_TOKEN to run the refresh_token grant of /v2/token',
    );
    // By the document's Step 3 the OAuth client id and secret are the app id and app key.
    const answer = await call(
      liveTarget,
      'POST',
      '/v2/token',
      {},
      {
        headers: { 'content-type': 'application/json' },
        renew: false,
        body: JSON.stringify({
          grant_type: 'refresh_token',
          refresh_token: env.SIKKA_REFRESH_TOKEN ?? 'mock',
          client_id: env.SIKKA_APP_ID ?? 'mock',
          client_secret: env.SIKKA_APP_KEY ?? 'mock',
        }),
      },
    );
    expect(answer.status).toBe(200);
    const grant = Array.isArray(answer.body) ? answer.body[0] : answer.body;
    expect(parseLifetime((grant as Record<string, unknown>).expires_in)).toBe(SIKKA_REQUEST_KEY.lifetimeSeconds);
  });

  test('a request key issued more than 24 hours ago is refused with API1025', async ({ liveTarget }) => {
    test.skip(liveTarget.kind === 'mock', STATELESS);
    const expired = sandboxEnv(liveTarget.project).SIKKA_EXPIRED_REQUEST_KEY;
    test.skip(!expired, 'set SIKKA_EXPIRED_REQUEST_KEY (a key issued more than 24 h ago) to run this check');
    const answer = await call(liveTarget, 'GET', '/v2/patients', { request_key: expired!, limit: 1 }, { renew: false });
    expect(answer.status).toBe(400);
    expect(classifySikka(answer.status, answer.body)).toMatchObject({ kind: 'renew-request-key', code: 'API1025' });
  });

  test('every error answer agrees with the error-code table (status, code)', async ({ liveTarget }) => {
    const probes = [
      await call(liveTarget, 'GET', '/v2/patients'),
      await call(liveTarget, 'GET', '/v2/start', { app_key: 'x', office_id: 'x', secret_key: 'x' }),
      await call(liveTarget, 'GET', '/v2/patients', { limit: 5000 }, { fromSession: ['request_key'] }),
    ];
    for (const answer of probes) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      const outcome = classifySikka(answer.status, answer.body);
      expect(outcome.contractViolation?.problems ?? [], answer.text).toEqual([]);
    }
  });
});
