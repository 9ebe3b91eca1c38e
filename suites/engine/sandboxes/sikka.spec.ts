import { gunzipSync } from 'node:zlib';
import { test, expect } from '@playwright/test';
import {
  CALLBACK_URL,
  credentials,
  faults,
  startSandbox,
  type SikkaFault,
  type SikkaSandboxOptions,
} from '../../../fixtures/sandboxes/sikka/server.ts';
import type { RunningSandbox } from '../../../fixtures/sandboxes/index.ts';
import { contractSchemas, generatedCaseFailures, getJson, manualClock, rawGet } from './support.ts';

const schemas = await contractSchemas('sikka');
// One worker per file: the contract is loaded once, and the tests share one sandbox.
test.describe.configure({ mode: 'default' });
const DAY = 86_400_000;
const TOTAL_PATIENTS = 2345;

type Envelope = {
  offset: string;
  limit: string;
  total_count: string;
  execution_time: string;
  more_information: string;
  items: Record<string, unknown>[];
};

const startParams = new URLSearchParams({
  app_id: credentials.SIKKA_APP_ID,
  app_key: credentials.SIKKA_APP_KEY,
  office_id: credentials.SIKKA_OFFICE_ID,
  secret_key: credentials.SIKKA_SECRET_KEY,
});

async function requestKey(sandbox: RunningSandbox): Promise<string> {
  const { body } = await getJson(`${sandbox.url}/v2/start?${startParams}`);
  return (body as { request_key: string }[])[0].request_key;
}

/** A running sandbox and a fresh request key; closed by the caller. */
async function withKey(
  options: SikkaSandboxOptions = {},
): Promise<{ sandbox: RunningSandbox; key: string; get(path: string, query?: Record<string, string>): ReturnType<typeof getJson> }> {
  const sandbox = await startSandbox(options);
  const key = await requestKey(sandbox);
  return {
    sandbox,
    key,
    get: (path, query = {}) => getJson(`${sandbox.url}${path}?${new URLSearchParams({ request_key: key, ...query })}`),
  };
}

const envelopeOf = (body: unknown): Envelope => (body as Envelope[])[0];
const ids = (body: unknown, field = 'patient_id'): number[] => envelopeOf(body).items.map((item) => Number(item[field]));

test.describe('sikka sandbox', () => {
  let s: Awaited<ReturnType<typeof withKey>>;
  test.beforeAll(async () => {
    s = await withKey();
  });
  test.afterAll(async () => {
    await s.sandbox.close();
  });

  test.describe('authorization', () => {
    test('authorized_practices answers the office_id and secret_key that /v2/start takes', async () => {
      const { status, body } = await getJson(
        `${s.sandbox.url}/auth/v2/authorized_practices?app_id=${credentials.SIKKA_APP_ID}&app_key=${credentials.SIKKA_APP_KEY}`,
      );
      expect(status).toBe(200);
      expect(schemas.validate('getAuthorizedPractices', 200, body)).toEqual([]);
      expect(envelopeOf(body).items[0]).toMatchObject({ office_id: credentials.SIKKA_OFFICE_ID, secret_key: credentials.SIKKA_SECRET_KEY });
    });

    test('authorized_practices rejects a missing app_id (API1001), app_key (API1002) and wrong keys (401 API2003)', async () => {
      const url = `${s.sandbox.url}/auth/v2/authorized_practices`;
      expect(await getJson(`${url}?app_key=x`)).toMatchObject({ status: 400, body: { error_code: 'API1001', http_code: '400' } });
      expect(await getJson(`${url}?app_id=x`)).toMatchObject({ status: 400, body: { error_code: 'API1002' } });
      const wrong = await getJson(`${url}?app_id=x&app_key=y`);
      expect(wrong).toMatchObject({ status: 401, body: { error_code: 'API2003' } });
      expect(schemas.validate('getAuthorizedPractices', 401, wrong.body)).toEqual([]);
    });

    test('/v2/start answers an array holding a request key valid "24 hours"', async () => {
      const { status, body } = await getJson(`${s.sandbox.url}/v2/start?${startParams}`);
      expect(status).toBe(200);
      expect(schemas.validate('getRequestKey', 200, body)).toEqual([]);
      expect(body).toEqual([
        expect.objectContaining({
          request_key: expect.stringMatching(/^[0-9a-f]{32}$/),
          expires_in: '24 hours',
          scope: expect.any(String),
          token_type: expect.any(String),
        }),
      ]);
    });

    test('/v2/start names each missing parameter by its error code', async () => {
      const without = (name: string) => {
        const params = new URLSearchParams(startParams);
        params.delete(name);
        return getJson(`${s.sandbox.url}/v2/start?${params}`);
      };
      for (const [name, code] of [
        ['app_id', 'API1001'],
        ['app_key', 'API1002'],
        ['office_id', 'API1020'],
        ['secret_key', 'API1005'],
      ]) {
        const answer = await without(name);
        expect(answer, name).toMatchObject({ status: 400, body: { error_code: code } });
        expect(schemas.validate('getRequestKey', 400, answer.body)).toEqual([]);
      }
      const params = new URLSearchParams(startParams);
      params.set('secret_key', 'wrong');
      expect(await getJson(`${s.sandbox.url}/v2/start?${params}`)).toMatchObject({ status: 401, body: { error_code: 'API2003' } });
      params.set('office_id', 'D00000');
      expect(await getJson(`${s.sandbox.url}/v2/start?${params}`)).toMatchObject({ status: 401, body: { error_code: 'API2007' } });
    });

    test('a data call without request_key is 400 API1004, with an unknown one 401 API2003', async () => {
      const missing = await getJson(`${s.sandbox.url}/v2/patients`);
      expect(missing).toMatchObject({ status: 400, body: { error_code: 'API1004', http_code: '400' } });
      expect(schemas.validate('getPatients', 400, missing.body)).toEqual([]);
      expect(await getJson(`${s.sandbox.url}/v2/patients?request_key=nope`)).toMatchObject({
        status: 401,
        body: { error_code: 'API2003' },
      });
    });

    test('a request key expires 24 hours after issue by the injected clock (400 API1025)', async () => {
      const clock = manualClock();
      const t = await withKey({ clock: clock.now });
      try {
        clock.advance(DAY - 1);
        expect((await t.get('/v2/practices')).status).toBe(200);
        clock.advance(1);
        const expired = await t.get('/v2/practices');
        expect(expired).toMatchObject({ status: 400, body: { error_code: 'API1025' } });
        expect(schemas.validate('getPractices', 400, expired.body)).toEqual([]);
        const fresh = await requestKey(t.sandbox);
        expect((await getJson(`${t.sandbox.url}/v2/practices?request_key=${fresh}`)).status).toBe(200);
      } finally {
        await t.sandbox.close();
      }
    });

    test('the authorization_code grant answers a request key (= access_token) with expires_in "86400"; the code works once', async () => {
      const t = await withKey();
      try {
        const grant = {
          grant_type: 'authorization_code',
          code: credentials.SIKKA_AUTH_CODE,
          client_id: credentials.SIKKA_APP_ID,
          client_secret: credentials.SIKKA_APP_KEY,
        };
        const post = (body: unknown) =>
          getJson(`${t.sandbox.url}/v2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        const first = await post(grant);
        expect(first.status).toBe(200);
        expect(schemas.validate('createToken', 200, first.body)).toEqual([]);
        const token = first.body as { access_token: string; request_key: string; expires_in: string; refresh_token: string };
        expect(token.expires_in).toBe('86400');
        expect(token.access_token).toBe(token.request_key);
        expect((await getJson(`${t.sandbox.url}/v2/patients?request_key=${token.request_key}&limit=1`)).status).toBe(200);
        const again = await post(grant);
        expect(again).toMatchObject({ status: 400, body: { error_code: 'API1026' } });
        expect(schemas.validate('createToken', 400, again.body)).toEqual([]);
        expect(await post({ grant_type: 'authorization_code', client_id: 'x' })).toMatchObject({
          status: 400,
          body: { error_code: 'API1020' },
        });
      } finally {
        await t.sandbox.close();
      }
    });

    test('the authorization link redirects with a code and state; the code is bound to its redirect_uri', async () => {
      const redirect = `${CALLBACK_URL}/subdir/other`;
      const link = `${s.sandbox.url}/portal/authapp.aspx?${new URLSearchParams({ response_type: 'code', client_id: credentials.SIKKA_APP_ID, redirect_uri: redirect, scope: '*', state: '123456' })}`;
      const answer = await fetch(link, { redirect: 'manual' });
      expect(answer.status).toBe(302);
      const location = new URL(answer.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(redirect);
      expect(location.searchParams.get('state')).toBe('123456');
      const post = (redirectUri: string) =>
        getJson(`${s.sandbox.url}/v2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'authorization_code',
            code: location.searchParams.get('code'),
            redirect_uri: redirectUri,
            client_id: credentials.SIKKA_APP_ID,
            client_secret: credentials.SIKKA_APP_KEY,
          }),
        });
      expect((await post('http://example.com/elsewhere')).status).toBe(400);
      expect((await post(redirect)).status).toBe(200);
      const outside = link.replace(encodeURIComponent(redirect), encodeURIComponent('http://evil.example.com/path'));
      expect((await fetch(outside, { redirect: 'manual' })).status).toBe(400);
    });

    test('the refresh grant issues new keys until DELETE /v2/refresh_token revokes the token and its keys', async () => {
      const t = await withKey();
      try {
        const refresh = () =>
          getJson(`${t.sandbox.url}/v2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              grant_type: 'refresh_token',
              refresh_token: credentials.SIKKA_REFRESH_TOKEN,
              client_id: credentials.SIKKA_APP_ID,
              client_secret: credentials.SIKKA_APP_KEY,
            }),
          });
        const first = await refresh();
        expect(first.status).toBe(200);
        expect(schemas.validate('createToken', 200, first.body)).toEqual([]);
        expect(first.body).toMatchObject({ expires_in: '86400', refresh_token: credentials.SIKKA_REFRESH_TOKEN });
        const key = (first.body as { request_key: string }).request_key;
        const revokeUrl = `${t.sandbox.url}/v2/refresh_token/${credentials.SIKKA_REFRESH_TOKEN}`;
        expect(await getJson(`${revokeUrl}?client_id=${credentials.SIKKA_APP_ID}`, { method: 'DELETE' })).toMatchObject({
          status: 400,
          body: { error_code: 'API1020' },
        });
        const revoked = await getJson(`${revokeUrl}?client_id=${credentials.SIKKA_APP_ID}&client_secret=${credentials.SIKKA_APP_KEY}`, {
          method: 'DELETE',
        });
        expect(revoked.status).toBe(200);
        expect(schemas.validate('revokeRefreshToken', 200, revoked.body)).toEqual([]);
        expect(await refresh()).toMatchObject({ status: 400, body: { error_code: 'API1026' } });
        expect(await getJson(`${t.sandbox.url}/v2/patients?request_key=${key}`)).toMatchObject({
          status: 401,
          body: { error_code: 'API2003' },
        });
        expect((await t.get('/v2/patients', { limit: '1' })).status).toBe(200);
      } finally {
        await t.sandbox.close();
      }
    });

    test('requests beyond the daily limit of the practice are 429 API2012, until the next day', async () => {
      const clock = manualClock();
      const t = await withKey({ clock: clock.now, dailyRequestLimit: 3 });
      try {
        for (let i = 0; i < 3; i++) expect((await t.get('/v2/practices')).status).toBe(200);
        const over = await t.get('/v2/practices');
        expect(over).toMatchObject({ status: 429, body: { error_code: 'API2012', http_code: '429' } });
        expect(schemas.validate('getPractices', 429, over.body)).toEqual([]);
        clock.advance(DAY);
        expect((await getJson(`${t.sandbox.url}/v2/practices?request_key=${await requestKey(t.sandbox)}`)).status).toBe(200);
      } finally {
        await t.sandbox.close();
      }
    });

    test('a method the path does not take is 405 API2014; an unknown path 404 API2009', async () => {
      expect(await getJson(`${s.sandbox.url}/v2/patients?request_key=${s.key}`, { method: 'POST' })).toMatchObject({
        status: 405,
        body: { error_code: 'API2014' },
      });
      expect(await getJson(`${s.sandbox.url}/v2/nothing?request_key=${s.key}`)).toMatchObject({
        status: 404,
        body: { error_code: 'API2009' },
      });
      expect(await getJson(`${s.sandbox.url}/v2/practices/1?request_key=${s.key}`)).toMatchObject({
        status: 404,
        body: { error_code: 'API2009' },
      });
    });
  });

  test.describe('pagination', () => {
    const examples = (
      schemas.contract.vendorRules.pagination as { examples: { offset: number; limit: number; firstRow: number; lastRow: number }[] }
    ).examples;

    for (const { offset, limit, firstRow, lastRow } of examples) {
      test(`offset=${offset}&limit=${limit} answers rows ${firstRow}..${lastRow} of the document's example (cut at the ${TOTAL_PATIENTS} rows)`, async () => {
        const { status, body } = await s.get('/v2/patients', { offset: String(offset), limit: String(limit), fields: 'patient_id' });
        expect(status).toBe(200);
        const last = Math.min(lastRow, TOTAL_PATIENTS);
        expect(ids(body)).toEqual(Array.from({ length: last - firstRow + 1 }, (_, i) => firstRow + i));
        expect(envelopeOf(body)).toMatchObject({ offset: String(offset), limit: String(limit), total_count: String(TOTAL_PATIENTS) });
      });
    }

    test('pages of size 500 (the default) tile rows 1..2345 exactly once', async () => {
      const seen: number[] = [];
      for (let offset = 0; ; offset++) {
        const { status, body } = await s.get('/v2/patients', { offset: String(offset), fields: 'patient_id' });
        if (status === 204) break;
        expect(envelopeOf(body).limit).toBe('500');
        seen.push(...ids(body));
      }
      expect(seen).toEqual(Array.from({ length: TOTAL_PATIENTS }, (_, i) => i + 1));
    });

    test('limit 4999 answers every row; a page past the end is 204 without a body', async () => {
      expect(ids((await s.get('/v2/patients', { limit: '4999', fields: 'patient_id' })).body)).toHaveLength(TOTAL_PATIENTS);
      const past = await rawGet(`${s.sandbox.url}/v2/patients?request_key=${s.key}&offset=5&limit=500`);
      expect(past.status).toBe(204);
      expect(past.body.length).toBe(0);
      expect((await s.get('/v2/patients', { limit: '0' })).status).toBe(204);
    });

    for (const [name, query] of [
      ['limit above 4999', { limit: '5000' }],
      ['a negative offset', { offset: '-1' }],
      ['a fractional limit', { limit: '1.5' }],
      ['a non-integer offset', { offset: 'two' }],
    ] as const) {
      test(`${name} is 400 API1026`, async () => {
        const answer = await s.get('/v2/patients', query);
        expect(answer).toMatchObject({ status: 400, body: { error_code: 'API1026' } });
        expect(schemas.validate('getPatients', 400, answer.body)).toEqual([]);
      });
    }
  });

  test.describe('collections and records', () => {
    for (const [path, operationId, idField] of [
      ['/v2/practices', 'getPractices', 'practice_id'],
      ['/v2/patients', 'getPatients', 'patient_id'],
      ['/v2/patients/veterinary_patients', 'getVeterinaryPatients', 'patient_id'],
      ['/v2/guarantors', 'getGuarantors', 'guarantor_id'],
      ['/v2/appointments', 'getAppointments', 'appointment_sr_no'],
    ] as const) {
      test(`${path} answers a collection envelope that validates against ${operationId}`, async () => {
        const { status, body, headers } = await s.get(path, { limit: '25' });
        expect(status).toBe(200);
        expect(headers.get('content-type')).toContain('application/json');
        expect(schemas.validate(operationId, 200, body)).toEqual([]);
        expect(envelopeOf(body).items.every((item) => typeof item[idField] === 'string' && typeof item.href === 'string')).toBe(true);
      });
    }

    test('fields returns only the requested fields plus href and the record id ("firstname,lastname, cell")', async () => {
      const { body } = await s.get('/v2/patients', { fields: 'firstname,lastname, cell', limit: '3' });
      for (const item of envelopeOf(body).items)
        expect(Object.keys(item).sort()).toEqual(['cell', 'firstname', 'href', 'lastname', 'patient_id']);
      expect(schemas.validate('getPatients', 200, body)).toEqual([]);
    });

    test("fields=name on practices keeps the mandatory fields of the document's example", async () => {
      const { body } = await s.get('/v2/practices', { fields: 'name' });
      expect(Object.keys(envelopeOf(body).items[0]).sort()).toEqual([
        'appointments',
        'guarantors',
        'href',
        'name',
        'patients',
        'practice_id',
        'providers',
        'transactions',
      ]);
    });

    test('GET /v2/patients/76?expand=practice embeds the practice; an unknown id is 404 API2009', async () => {
      const { status, body } = await s.get('/v2/patients/76', { expand: 'practice' });
      expect(status).toBe(200);
      expect(schemas.validate('getPatient', 200, body)).toEqual([]);
      expect(envelopeOf(body).items[0]).toMatchObject({
        patient_id: '76',
        practice_id: '1',
        practice: { practice_id: '1', href: expect.stringContaining('/v2/practices/1') },
      });
      const missing = await s.get('/v2/patients/99999');
      expect(missing).toMatchObject({ status: 404, body: { error_code: 'API2009' } });
      expect(schemas.validate('getPatient', 404, missing.body)).toEqual([]);
    });

    test('/json is the default format; /xml is XML with one element per item; another suffix is 415 API1006', async () => {
      const plain = await s.get('/v2/guarantors', { limit: '5' });
      const suffixed = await s.get('/v2/guarantors/json', { limit: '5' });
      expect(envelopeOf(suffixed.body).items).toEqual(envelopeOf(plain.body).items);
      const asXml = await fetch(`${s.sandbox.url}/v2/guarantors/xml?request_key=${s.key}&limit=5`);
      expect(asXml.headers.get('content-type')).toContain('application/xml');
      const text = await asXml.text();
      expect(text).toMatch(
        /^<\?xml version="1\.0" encoding="utf-8"\?><response><offset>0<\/offset><limit>5<\/limit><total_count>\d+<\/total_count>/,
      );
      expect(text.match(/<guarantor>/g)).toHaveLength(5);
      expect(schemas.validate('getGuarantorsXml', 200, text, 'application/xml')).toEqual([]);
      for (const path of ['/v2/guarantors/csv', '/v2/patients/csv']) {
        const unsupported = await s.get(path);
        expect(unsupported, path).toMatchObject({ status: 415, body: { error_code: 'API1006', http_code: '415' } });
        expect(schemas.validate('getGuarantors', 415, unsupported.body)).toEqual([]);
      }
    });

    test('Accept-Encoding: gzip gets a gzip body with Content-Encoding: gzip; without it the body is plain', async () => {
      const url = `${s.sandbox.url}/v2/patients?request_key=${s.key}&limit=200`;
      const zipped = await rawGet(url, { 'accept-encoding': 'gzip,compress' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      const plain = await rawGet(url);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
      // The same rows either way; execution_time is the server's own timing and differs from call to call.
      const untimed = (raw: Buffer) => (JSON.parse(raw.toString('utf8')) as Envelope[]).map(({ execution_time: _, ...rest }) => rest);
      expect(untimed(gunzipSync(zipped.body))).toEqual(untimed(plain.body));
    });

    test('interval (at most 1440) and loaded_startdate/loaded_enddate answer changed rows with their flag', async () => {
      const clock = manualClock();
      const t = await withKey({ clock: clock.now });
      try {
        const day = await t.get('/v2/patients', { interval: '1440', limit: '4999' });
        expect(day.status).toBe(200);
        const changed = envelopeOf(day.body);
        expect(Number(changed.total_count)).toBeGreaterThan(0);
        expect(Number(changed.total_count)).toBeLessThan(TOTAL_PATIENTS);
        expect(new Set(changed.items.map((i) => i.flag))).toEqual(new Set(['Added', 'Deleted']));
        expect(schemas.validate('getPatients', 200, day.body)).toEqual([]);
        const deleted = envelopeOf((await t.get('/v2/patients', { interval: '1440', flag: 'deleted' })).body);
        expect(deleted.items.every((i) => i.flag === 'Deleted')).toBe(true);
        const today = new Date(clock.now()).toISOString().slice(0, 10);
        const dated = await t.get('/v2/appointments', { loaded_startdate: '2020-01-01', loaded_enddate: `${today}T23:59:59` });
        expect(dated.status).toBe(200);
        expect(envelopeOf(dated.body).items[0].flag).toBe('Added');
        for (const query of [
          { interval: '1441' },
          { interval: 'soon' },
          { loaded_startdate: '2017-13-01' },
          { loaded_enddate: '01/03/2017' },
        ] as Record<string, string>[]) {
          expect(await t.get('/v2/patients', query), JSON.stringify(query)).toMatchObject({ status: 400, body: { error_code: 'API1026' } });
        }
      } finally {
        await t.sandbox.close();
      }
    });

    test('the generated TARGET=sandbox cases pass every check against the sandbox', async ({ request }) => {
      const { ran, failures } = await generatedCaseFailures(request, 'sikka', s.sandbox, schemas);
      expect(ran).toBeGreaterThan(30);
      expect(failures).toEqual([]);
    });
  });
});

test.describe('sikka sandbox faults', () => {
  const fault = async (
    name: SikkaFault,
    run: (t: Awaited<ReturnType<typeof withKey>>) => Promise<void>,
    options: SikkaSandboxOptions = {},
  ) => {
    const t = await withKey({ ...options, fault: name });
    try {
      await run(t);
    } finally {
      await t.sandbox.close();
    }
  };

  test('every fault has a one-line description and the list names the required ones', () => {
    for (const f of faults) expect(f.description).toMatch(/^\S.{10,200}$/);
    expect(faults.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'item-offset-paging',
        'error-status-mismatch',
        'missing-required-field',
        'fields-ignored',
        'auth-not-enforced',
        'request-key-never-expires',
      ]),
    );
  });

  test('item-offset-paging: offset=1&limit=940 starts at row 2, not 941', () =>
    fault('item-offset-paging', async (t) => {
      expect(ids((await t.get('/v2/patients', { offset: '1', limit: '940', fields: 'patient_id' })).body)[0]).toBe(2);
    }));

  test('error-status-mismatch: the API1004 body (http_code "400") comes with HTTP 500', () =>
    fault('error-status-mismatch', async (t) => {
      const { status, body } = await getJson(`${t.sandbox.url}/v2/patients`);
      expect(status).toBe(500);
      expect(body).toMatchObject({ error_code: 'API1004', http_code: '400' });
    }));

  test('missing-required-field: records lack href and fail the contract schema', () =>
    fault('missing-required-field', async (t) => {
      const { body } = await t.get('/v2/patients', { limit: '2' });
      expect(envelopeOf(body).items[0]).not.toHaveProperty('href');
      expect(schemas.validate('getPatients', 200, body).length).toBeGreaterThan(0);
    }));

  test('fields-ignored: fields=firstname still answers every field', () =>
    fault('fields-ignored', async (t) => {
      const item = envelopeOf((await t.get('/v2/patients', { fields: 'firstname', limit: '1' })).body).items[0];
      expect(item).toHaveProperty('lastname');
      expect(Object.keys(item).length).toBeGreaterThan(10);
    }));

  test('auth-not-enforced: a data call without request_key answers 200 with data', () =>
    fault('auth-not-enforced', async (t) => {
      const { status, body } = await getJson(`${t.sandbox.url}/v2/patients?limit=2`);
      expect(status).toBe(200);
      expect(envelopeOf(body).items).toHaveLength(2);
    }));

  test('request-key-never-expires: a key still works 25 hours after issue', async () => {
    const clock = manualClock();
    await fault(
      'request-key-never-expires',
      async (t) => {
        clock.advance(25 * 60 * 60 * 1000);
        expect((await t.get('/v2/practices')).status).toBe(200);
      },
      { clock: clock.now },
    );
  });

  test('ids-as-integers: numeric record ids are numbers and fail the contract schema', () =>
    fault('ids-as-integers', async (t) => {
      const { body } = await t.get('/v2/patients', { limit: '2' });
      expect(typeof envelopeOf(body).items[0].patient_id).toBe('number');
      expect(schemas.validate('getPatients', 200, body).length).toBeGreaterThan(0);
    }));

  test('xml-served-as-json: the /xml suffix answers JSON', () =>
    fault('xml-served-as-json', async (t) => {
      const { headers, body } = await t.get('/v2/patients/xml', { limit: '1' });
      expect(headers.get('content-type')).toContain('application/json');
      expect(Array.isArray(body)).toBe(true);
    }));
});
