import { test, expect } from '@playwright/test';
import { credentials, faults, startSandbox, type WebcamconsultFault } from '../../../fixtures/sandboxes/webcamconsult/server.ts';
import type { RunningSandbox } from '../../../fixtures/sandboxes/index.ts';
import { caller, contractSchemas, generatedCaseFailures, type Call } from './support.ts';

const schemas = await contractSchemas('webcamconsult');
// One worker per file: the contract is loaded once, and the tests share one sandbox.
test.describe.configure({ mode: 'default' });
const TOKEN = credentials.WEBCAMCONSULT_TOKEN;
const AUTH = { authorization: `Token token=${TOKEN}` };
const DOC_USER_ID = '1234567890abcdef12345678';
const DOC_CLIENT_ID = '5492ba6da19ea682ea000001';
const DOC_APPOINTMENT_ID = '1234567890abcdef12345678';

const newUser = (email: string) => ({
  user: { titles: 'Dokter', initials: 'B', last_name: 'Jansen', email, address: 'Blaak 1', postal_code: '3011AB', city: 'Rotterdam' },
});

test.describe('webcamconsult sandbox', () => {
  let sandbox: RunningSandbox;
  let call: Call;
  test.beforeAll(async () => {
    sandbox = await startSandbox();
    call = caller(sandbox, AUTH);
  });
  test.afterAll(async () => {
    await sandbox.close();
  });

  test('the token is taken from "Authorization: Token token=…" (quoted or not) and from authentication_token', async () => {
    expect((await call('GET', '/users.json')).status).toBe(200);
    expect((await call('GET', '/users.json', undefined, { authorization: `Token token="${TOKEN}"` })).status).toBe(200);
    expect((await call('GET', `/users.json?authentication_token=${TOKEN}`, undefined, {})).status).toBe(200);
    const missing = await call('GET', '/users.json', undefined, {});
    expect(missing.status).toBe(401);
    expect(schemas.validate('listUsers', 401, missing.body)).toEqual([]);
    expect((await call('GET', '/users.json', undefined, { authorization: 'Token token=wrong' })).status).toBe(401);
    expect((await call('GET', '/users.json', undefined, { authorization: `Bearer ${TOKEN}` })).status).toBe(401);
  });

  test("lists are bare arrays that validate; the document's example records resolve by id", async () => {
    for (const [path, operationId] of [
      ['/users.json', 'listUsers'],
      ['/clients.json', 'listClients'],
      ['/appointments.json', 'listAppointments'],
    ] as const) {
      const { status, body } = await call('GET', path);
      expect(status).toBe(200);
      expect(Array.isArray(body)).toBe(true);
      expect(schemas.validate(operationId, 200, body)).toEqual([]);
    }
    expect((await call('GET', `/users/${DOC_USER_ID}.json`)).body).toMatchObject({
      user: { id: DOC_USER_ID, full_name: 'Dokter J Akkermans' },
    });
    expect((await call('GET', `/client/${DOC_CLIENT_ID}.json`)).body).toMatchObject({
      client: { id: DOC_CLIENT_ID, client_full_name: 'Dhr. Dr. T de Ester' },
    });
    expect((await call('GET', `/appointment/${DOC_APPOINTMENT_ID}.json`)).body).toMatchObject({
      appointment: { id: DOC_APPOINTMENT_ID, state: 'idle' },
    });
  });

  test('users: create, view, update and delete on the documented paths; generated attributes are ignored on input', async () => {
    const created = await call('POST', '/users.json', {
      user: { ...newUser('crud@example.com').user, id: 'mine', full_name: 'Forged', roles: ['admin'] },
    });
    expect(created.status).toBe(200);
    expect(schemas.validate('createUser', 200, created.body)).toEqual([]);
    const user = (created.body as { user: Record<string, unknown> }).user;
    expect(user.id).toMatch(/^[0-9a-f]{24}$/);
    expect(user).toMatchObject({ full_name: 'Dokter B Jansen', roles: ['consultant'], email: 'crud@example.com' });
    const path = `/users/${user.id}.json`;
    const viewed = await call('GET', path);
    expect(viewed.body).toEqual({ user });
    expect(schemas.validate('getUser', 200, viewed.body)).toEqual([]);
    const updated = await call('PUT', path, { user: { city: 'Delft', full_name: 'Forged again' } });
    expect(updated.status).toBe(200);
    expect(schemas.validate('updateUser', 200, updated.body)).toEqual([]);
    expect(updated.body).toMatchObject({ user: { id: user.id, city: 'Delft', full_name: 'Dokter B Jansen' } });
    const deleted = await call('DELETE', path, { user: { id: user.id } });
    expect(deleted).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(schemas.validate('deleteUser', 200, deleted.body)).toEqual([]);
    const gone = await call('GET', path);
    expect(gone).toMatchObject({ status: 422, body: { errors: { user_id: [expect.any(String)] } } });
    expect(schemas.validate('getUser', 422, gone.body)).toEqual([]);
  });

  test('a duplicate email (in any case) is 422 {errors: {email: ["is al in gebruik"]}}, on create and on update', async () => {
    const duplicate = await call('POST', '/users.json', newUser('JAKKERMANS@example.com'));
    expect(duplicate).toEqual(expect.objectContaining({ status: 422, body: { errors: { email: ['is al in gebruik'] } } }));
    expect(schemas.validate('createUser', 422, duplicate.body)).toEqual([]);
    const other = (await call('POST', '/users.json', newUser('dup-update@example.com'))).body as { user: { id: string } };
    const update = await call('PUT', `/users/${other.user.id}.json`, { user: { email: 'jakkermans@example.com' } });
    expect(update).toMatchObject({ status: 422, body: { errors: { email: ['is al in gebruik'] } } });
  });

  test('missing required attributes or a missing wrapper are 422 field errors', async () => {
    const missing = await call('POST', '/users.json', { user: { titles: 'Dr.' } });
    expect(missing).toMatchObject({ status: 422, body: { errors: { last_name: [expect.any(String)], email: [expect.any(String)] } } });
    expect(schemas.validate('createUser', 422, missing.body)).toEqual([]);
    expect(await call('POST', '/clients.json', { last_name: 'Unwrapped' })).toMatchObject({
      status: 422,
      body: { errors: { client: [expect.any(String)] } },
    });
    const appointment = await call('POST', '/appointments.json', {
      appointment: { user_id: 'ffffffffffffffffffffffff', client_id: DOC_CLIENT_ID, date: 'tomorrow' },
    });
    expect(appointment).toMatchObject({ status: 422, body: { errors: { user_id: [expect.any(String)], date: [expect.any(String)] } } });
    expect(schemas.validate('createAppointment', 422, appointment.body)).toEqual([]);
  });

  test('clients live at /clients.json and the singular /client/{id}.json; the plural record path is 404', async () => {
    const created = await call('POST', '/clients.json', {
      client: {
        email: 'c@example.com',
        titles: '',
        initials: 'M',
        surname_prefix: 'van',
        last_name: 'Dijk',
        gender: 'female',
        date_of_birth: '1980-02-03T00:00:00.000+01:00',
        id: 'mine',
        client_full_name: 'Forged',
      },
    });
    expect(created.status).toBe(200);
    expect(schemas.validate('createClient', 200, created.body)).toEqual([]);
    const client = (created.body as { client: Record<string, unknown> }).client;
    expect(client).toMatchObject({ client_full_name: 'Mevr. M van Dijk', external: null, division_ids: [] });
    expect(client.id).not.toBe('mine');
    expect((await call('GET', `/client/${client.id}.json`)).body).toEqual({ client });
    expect((await call('GET', `/clients/${client.id}.json`)).status).toBe(404);
    const updated = await call('PUT', `/client/${client.id}.json`, { client: { reference_code: '777' } });
    expect(schemas.validate('updateClient', 200, updated.body)).toEqual([]);
    expect(updated.body).toMatchObject({ client: { reference_code: '777' } });
    expect(await call('DELETE', `/client/${client.id}.json`)).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  test("appointments live at /appointments.json and the singular /appointment/{id}.json; the document's create body works", async () => {
    const documented = schemas.operation('createAppointment').requestBody!.content[0].examples[0].value as {
      appointment: Record<string, unknown>;
    };
    const created = await call('POST', '/appointments.json', documented);
    expect(created.status).toBe(200);
    expect(schemas.validate('createAppointment', 200, created.body)).toEqual([]);
    const appointment = (created.body as { appointment: Record<string, unknown> }).appointment;
    expect(appointment.id).not.toBe(documented.appointment.id);
    expect(appointment).toMatchObject({ state: 'idle', duration: 100, user_id: DOC_USER_ID });
    expect(appointment.created_at).not.toBe(documented.appointment.created_at);
    const path = `/appointment/${appointment.id}.json`;
    expect(schemas.validate('getAppointment', 200, (await call('GET', path)).body)).toEqual([]);
    const updated = await call('PUT', path, { appointment: { duration: 45, state: 'started' } });
    expect(updated.body).toMatchObject({ appointment: { duration: 45, state: 'idle' } });
    expect((await call('GET', `/appointments/${appointment.id}.json`)).status).toBe(404);
    expect(await call('DELETE', path, { appointment: { id: 'someone-else' } })).toMatchObject({ status: 422 });
    expect(await call('DELETE', path, { appointment: { id: appointment.id } })).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  test('the generated TARGET=sandbox cases pass every check against the sandbox', async ({ request }) => {
    const { ran, failures } = await generatedCaseFailures(request, 'webcamconsult', sandbox, schemas);
    expect(ran).toBeGreaterThan(15);
    expect(failures).toEqual([]);
  });
});

test.describe('webcamconsult sandbox faults', () => {
  const fault = async (name: WebcamconsultFault, run: (call: Call, sandbox: RunningSandbox) => Promise<void>) => {
    const sandbox = await startSandbox({ fault: name });
    try {
      await run(caller(sandbox, AUTH), sandbox);
    } finally {
      await sandbox.close();
    }
  };

  test('every fault has a one-line description and the list names the required ones', () => {
    for (const f of faults) expect(f.description).toMatch(/^\S.{10,200}$/);
    expect(faults.map((f) => f.name)).toEqual(
      expect.arrayContaining(['wrong-wrapper', 'wrong-path', 'auth-not-enforced', 'duplicate-email-accepted']),
    );
  });

  test('wrong-wrapper: a user comes back as {data: …} and fails the contract schema', () =>
    fault('wrong-wrapper', async (call) => {
      const { body } = await call('GET', `/users/${DOC_USER_ID}.json`);
      expect(body).toEqual({ data: expect.objectContaining({ id: DOC_USER_ID }) });
      expect(schemas.validate('getUser', 200, body).length).toBeGreaterThan(0);
    }));

  test('wrong-path: /clients/{id}.json answers and the documented /client/{id}.json is 404', () =>
    fault('wrong-path', async (call) => {
      expect((await call('GET', `/clients/${DOC_CLIENT_ID}.json`)).status).toBe(200);
      expect((await call('GET', `/client/${DOC_CLIENT_ID}.json`)).status).toBe(404);
      expect((await call('GET', `/appointment/${DOC_APPOINTMENT_ID}.json`)).status).toBe(404);
    }));

  test('auth-not-enforced: a request without a token is served', () =>
    fault('auth-not-enforced', async (call) => {
      expect((await call('GET', '/users.json', undefined, {})).status).toBe(200);
    }));

  test('duplicate-email-accepted: a second user with a taken email is created', () =>
    fault('duplicate-email-accepted', async (call) => {
      expect((await call('POST', '/users.json', newUser('jakkermans@example.com'))).status).toBe(200);
    }));

  test('read-only-fields-accepted: a client-chosen id and full_name are stored', () =>
    fault('read-only-fields-accepted', async (call) => {
      const { body } = await call('POST', '/users.json', {
        user: { ...newUser('ro@example.com').user, id: 'chosen-by-client', full_name: 'Forged' },
      });
      expect(body).toMatchObject({ user: { id: 'chosen-by-client', full_name: 'Forged' } });
    }));

  test('list-wrapped: GET /users.json answers {users: [...]} and fails the contract schema', () =>
    fault('list-wrapped', async (call) => {
      const { body } = await call('GET', '/users.json');
      expect(body).toEqual({ users: expect.any(Array) });
      expect(schemas.validate('listUsers', 200, body).length).toBeGreaterThan(0);
    }));
});
