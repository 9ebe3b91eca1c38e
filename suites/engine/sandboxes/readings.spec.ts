import { test, expect } from '@playwright/test';
import { readings, sandboxAlternateReadings, sandboxes, sandboxVendors, type RunningSandbox } from '../../../fixtures/sandboxes/index.ts';
import { credentials as sikkaCredentials } from '../../../fixtures/sandboxes/sikka/server.ts';
import { credentials as webcamCredentials } from '../../../fixtures/sandboxes/webcamconsult/server.ts';
import { credentials as luplCredentials } from '../../../fixtures/sandboxes/lupl/server.ts';
import { credentials as drchronoCredentials } from '../../../fixtures/sandboxes/drchrono/server.ts';
import { contractSchemas, generatedCaseFailures, getJson } from './support.ts';

// The alternate reading of each reference sandbox takes the other defensible answer wherever the contract records
// a decision. Each decision is shown to differ from the faithful reading (so the reading is not a no-op), to be
// accepted by the contract, and the generated sandbox-mode cases pass on it.
test.describe.configure({ mode: 'default' });

async function both(
  vendor: keyof typeof sandboxes,
  run: (faithful: RunningSandbox, alternate: RunningSandbox) => Promise<void>,
): Promise<void> {
  const faithful = await sandboxes[vendor]();
  const alternate = await sandboxes[vendor]({ reading: 'alternate' });
  try {
    expect([faithful.reading, alternate.reading]).toEqual(['faithful', 'alternate']);
    await run(faithful, alternate);
  } finally {
    await Promise.all([faithful.close(), alternate.close()]);
  }
}

test('every sandbox lists what its alternate reading answers differently, and refuses an unknown reading', async () => {
  expect(readings).toEqual(['faithful', 'alternate']);
  for (const vendor of sandboxVendors) {
    expect(sandboxAlternateReadings[vendor].length, vendor).toBeGreaterThan(1);
    await expect(sandboxes[vendor]({ reading: 'lenient' })).rejects.toThrow(/^SANDBOX_UNKNOWN_READING: .*"lenient"/);
  }
});

test('sikka: the other generic missing-parameter code, bare lists and bare objects, lenient paging, text/xml, XML errors, a rotated refresh token, a bodiless revocation', async () => {
  const schemas = await contractSchemas('sikka');
  await both('sikka', async (faithful, alternate) => {
    const { SIKKA_APP_ID: app_id, SIKKA_APP_KEY: app_key, SIKKA_SECRET_KEY: secret_key, SIKKA_OFFICE_ID: office_id } = sikkaCredentials;
    const noOffice = new URLSearchParams({ app_id, app_key, secret_key });
    expect((await getJson(`${faithful.url}/v2/start?${noOffice}`)).body).toMatchObject({ error_code: 'API1020' });
    expect((await getJson(`${alternate.url}/v2/start?${noOffice}`)).body).toMatchObject({ error_code: 'API1026' });
    const allowed = schemas
      .operation('getRequestKey')
      .parameters.find((p) => p.name === 'office_id')!
      .missingResponses!.map((m) => m.match?.error_code);
    expect(allowed).toEqual(['API1020', 'API1026']);

    const start = await getJson(`${alternate.url}/v2/start?${new URLSearchParams({ app_id, app_key, secret_key, office_id })}`);
    expect(Array.isArray(start.body)).toBe(false);
    expect(schemas.validate('getRequestKey', 200, start.body)).toEqual([]);
    const key = (start.body as { request_key: string }).request_key;

    const page = await getJson(`${alternate.url}/v2/patients?${new URLSearchParams({ request_key: key, limit: '3' })}`);
    expect((page.body as Record<string, unknown>[]).map((row) => Object.keys(row).includes('patient_id'))).toEqual([true, true, true]);
    expect(schemas.validate('getPatients', 200, page.body)).toEqual([]);
    const patient = await getJson(
      `${alternate.url}/v2/patients/${(page.body as { patient_id: string }[])[0].patient_id}?request_key=${key}`,
    );
    expect(patient.body).toMatchObject({ patient_id: expect.any(String) });
    expect(schemas.validate('getPatient', 200, patient.body)).toEqual([]);

    // An offset that is no integer at all reads as absent on the alternate reading, and is API1026 on the faithful one.
    const unparseable = new URLSearchParams({ request_key: key, offset: 'first', limit: '2' });
    expect((await getJson(`${alternate.url}/v2/patients?${unparseable}`)).status).toBe(200);
    const faithfulKey = (
      (await getJson(`${faithful.url}/v2/start?${new URLSearchParams({ app_id, app_key, secret_key, office_id })}`)).body as {
        request_key: string;
      }[]
    )[0].request_key;
    expect(
      (await getJson(`${faithful.url}/v2/patients?${new URLSearchParams({ request_key: faithfulKey, offset: 'first' })}`)).body,
    ).toMatchObject({ error_code: 'API1026' });
    expect((await getJson(`${alternate.url}/v2/patients?${new URLSearchParams({ request_key: key, offset: '-1' })}`)).status).toBe(400);

    // XML as text/xml, and an /xml request's error in XML.
    const xmlPage = await fetch(`${alternate.url}/v2/patients/xml?${new URLSearchParams({ request_key: key, limit: '1' })}`);
    expect(xmlPage.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const xmlError = await fetch(`${alternate.url}/v2/patients/xml`);
    expect([xmlError.status, xmlError.headers.get('content-type')]).toEqual([400, 'text/xml; charset=utf-8']);
    expect(await xmlError.text()).toMatch(/<error>.*<error_code>API1004<\/error_code>.*<\/error>/);
    expect((await fetch(`${faithful.url}/v2/patients/xml`)).headers.get('content-type')).toMatch(/^application\/json/);

    // A refresh grant rotates the refresh token and spends the one it was given.
    const refresh = (token: string) =>
      getJson(`${alternate.url}/v2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: token, client_id: app_id, client_secret: app_key }),
      });
    const rotated = await refresh(sikkaCredentials.SIKKA_REFRESH_TOKEN);
    const next = (rotated.body as { refresh_token: string }).refresh_token;
    expect([rotated.status, next === sikkaCredentials.SIKKA_REFRESH_TOKEN]).toEqual([200, false]);
    expect(schemas.validate('createToken', 200, rotated.body)).toEqual([]);
    expect((await refresh(sikkaCredentials.SIKKA_REFRESH_TOKEN)).body).toMatchObject({ error_code: 'API1026' });

    const revoked = await fetch(`${alternate.url}/v2/refresh_token/${next}?client_id=${app_id}&client_secret=${app_key}`, {
      method: 'DELETE',
    });
    expect([revoked.status, await revoked.text(), revoked.headers.get('content-type')]).toEqual([200, '', null]);
  });
});

test('webcamconsult: a bodiless 401, null generated timestamps, no client token, field errors as problem+json', async () => {
  const schemas = await contractSchemas('webcamconsult');
  await both('webcamconsult', async (faithful, alternate) => {
    const refused = await fetch(`${alternate.url}/users.json`);
    expect([refused.status, await refused.text()]).toEqual([401, '']);
    expect((await fetch(`${faithful.url}/users.json`).then((r) => r.text())).length).toBeGreaterThan(0);
    const auth = { headers: { authorization: `Token token=${webcamCredentials.WEBCAMCONSULT_TOKEN}` } };
    const appointments = (await getJson(`${alternate.url}/appointments.json`, auth)).body as Record<string, unknown>[];
    expect(appointments.length).toBeGreaterThan(0);
    expect(appointments.every((a) => a.started_at === null && a.orig_date === null)).toBe(true);
    expect(schemas.validate('listAppointments', 200, appointments)).toEqual([]);
    const clients = (await getJson(`${alternate.url}/clients.json`, auth)).body as Record<string, unknown>[];
    expect(clients.some((c) => 'authentication_token' in c)).toBe(false);
    expect(schemas.validate('listClients', 200, clients)).toEqual([]);
    const invalid = await fetch(`${alternate.url}/users.json`, {
      method: 'POST',
      headers: { ...auth.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { email: 'jakkermans@example.com', last_name: 'Twee' } }),
    });
    expect([invalid.status, invalid.headers.get('content-type')]).toEqual([422, 'application/problem+json; charset=utf-8']);
  });
});

test('lupl: bodiless 401 and 403, a bare errors object as problem+json, {} for an organization without a configuration', async () => {
  const schemas = await contractSchemas('lupl');
  await both('lupl', async (faithful, alternate) => {
    const auth = { headers: { authorization: `Bearer ${luplCredentials.LUPL_ACCESS_TOKEN}` } };
    const forbidden = await fetch(`${alternate.url}/api/1.0/pms/providerconfig?pmsId=0b5e7c1e-9d2a-4f43-8b61-3c0f2a9e7d10`, auth);
    expect([forbidden.status, await forbidden.text()]).toEqual([403, '']);
    expect(schemas.operation('getProviderConfiguration').responses.find((r) => r.status === '403')?.bodyOptional).toBe(true);
    expect([
      (await fetch(`${alternate.url}/api/1.0/pms/providerconfig?pmsId=x`)).status,
      await fetch(`${alternate.url}/api/1.0/pms/providerconfig?pmsId=x`).then((r) => r.text()),
    ]).toEqual([401, '']);
    const invalid = await getJson(`${alternate.url}/api/1.0/pms/providerconfig?pmsId=asdf`, auth);
    expect(invalid.body).toEqual({ errors: { pmsId: [expect.any(String)] } });
    expect(invalid.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect((await getJson(`${faithful.url}/api/1.0/pms/providerconfig?pmsId=asdf`, auth)).body).toHaveProperty('title');
    const organization = await getJson(
      `${alternate.url}/api/1.0/pms/organizationconfig?organizationId=${luplCredentials.LUPL_ORGANIZATION_ID}`,
      auth,
    );
    expect(organization.body).toEqual({});
    expect(schemas.validate('getOrganizationConfiguration', 200, organization.body)).toEqual([]);
  });
});

test('drchrono: 204 iframe answers, a bodiless 401, token answers with the documented keys only, a rotated refresh token', async () => {
  const schemas = await contractSchemas('drchrono');
  await both('drchrono', async (faithful, alternate) => {
    const refresh = (url: string) =>
      getJson(`${url}/o/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: drchronoCredentials.DRCHRONO_REFRESH_TOKEN,
          client_id: drchronoCredentials.DRCHRONO_CLIENT_ID,
          client_secret: drchronoCredentials.DRCHRONO_CLIENT_SECRET,
        }).toString(),
      });
    const token = (await refresh(alternate.url)).body as Record<string, unknown>;
    expect(Object.keys(token).sort()).toEqual(['access_token', 'expires_in', 'refresh_token']);
    expect(token.refresh_token).not.toBe(drchronoCredentials.DRCHRONO_REFRESH_TOKEN);
    expect(schemas.validate('exchangeToken', 200, token)).toEqual([]);
    expect(((await refresh(faithful.url)).body as Record<string, unknown>).refresh_token).toBe(drchronoCredentials.DRCHRONO_REFRESH_TOKEN);
    const spent = await refresh(alternate.url);
    expect([spent.status, (spent.body as { error?: string }).error], 'the refresh token it was given is spent').toEqual([
      400,
      'invalid_grant',
    ]);
    const registered = await fetch(`${alternate.url}/api/iframe_integration`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect([registered.status, await registered.text()]).toEqual([204, '']);
    const refused = await fetch(`${alternate.url}/api/iframe_integration`, { method: 'POST' });
    expect([refused.status, await refused.text()]).toEqual([401, '']);
  });
});

for (const vendor of sandboxVendors) {
  test(`${vendor}: the generated TARGET=sandbox cases pass every check on the alternate reading`, async ({ request }) => {
    const schemas = await contractSchemas(vendor);
    const sandbox = await sandboxes[vendor]({ reading: 'alternate' });
    try {
      const { ran, failures } = await generatedCaseFailures(request, vendor, sandbox, schemas);
      expect(ran, 'cases run').toBeGreaterThan(1);
      expect(failures).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
}
