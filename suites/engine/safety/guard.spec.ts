import { expect, test } from '@playwright/test';
import { credentials as webcamCredentials, startSandbox as webcamconsult } from '../../../fixtures/sandboxes/webcamconsult/server.ts';
import { credentials as luplCredentials, startSandbox as lupl } from '../../../fixtures/sandboxes/lupl/server.ts';
import { credentials as sikkaCredentials, startSandbox as sikka } from '../../../fixtures/sandboxes/sikka/server.ts';
import { credentials as drchronoCredentials, startSandbox as drchrono } from '../../../fixtures/sandboxes/drchrono/server.ts';
import { cleanUp } from '../../../src/safety/cleanup.ts';
import { fingerprint, memoryLedger, type Ledger } from '../../../src/safety/ledger.ts';
import type { Contract } from '../../../src/contract/types.ts';
import { SandboxSafetyRefusal } from '../../../src/targets/errors.ts';
import { credentialFor } from '../../../src/targets/session.ts';
import { type Session } from '../../../src/core/session.ts';
import type { Target } from '../../../src/targets/target.ts';
import type { RecordedRequest } from '../../../src/core/wire.ts';
import { fetchSend } from '../../../src/targets/transport.ts';
import { vendorContract } from '../../../src/properties/vendor-contract.ts';
import { guarded, liveTarget, sandboxState, stateDifferences } from './support.ts';

// The sandbox guard on its own, against the reference sandboxes: each rule refuses a violating request before it
// is sent (the sandbox's state says nothing changed) and lets the safe form through.

const webcamSession = (): Session => {
  const token = webcamCredentials.WEBCAMCONSULT_TOKEN;
  return { values: {}, schemes: { apiKey: `Token token=${token}`, tokenHeader: `Token token=${token}`, tokenQuery: token } };
};

/** The run-level clean-up of a ledger against a sandbox, with a session's credentials. */
const cleanUpOn = (url: string, project: string, contract: Contract, session: Session, ledger: Ledger) =>
  cleanUp(
    {
      project,
      contract,
      baseURL: url,
      send: fetchSend,
      timeoutMs: 5000,
      values: session.values,
      credentials: (scheme) => credentialFor(session, scheme),
      disposables: {},
    },
    ledger,
  );

async function refusal(promise: Promise<unknown>): Promise<SandboxSafetyRefusal> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the guard refused the request').toBeInstanceOf(SandboxSafetyRefusal);
  return error as SandboxSafetyRefusal;
}

const put = (url: string, body: unknown): RecordedRequest => ({
  method: 'PUT',
  url,
  headers: { authorization: `Token token=${webcamCredentials.WEBCAMCONSULT_TOKEN}`, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

test('a write to a record the run did not create is refused before it is sent; one to a record it created goes through', async () => {
  const sandbox = await webcamconsult();
  try {
    const contract = await vendorContract('webcamconsult');
    const raw = liveTarget(sandbox.url, 'webcamconsult', webcamSession());
    const { target, ledger } = guarded(raw, contract);
    const before = await sandboxState(sandbox.url);
    const existing = before.records.user[0].id;
    const error = await refusal(target.send(put(`${sandbox.url}/users/${existing}.json`, { user: { last_name: 'Overwritten' } }), 5000));
    expect(error.code).toBe('SANDBOX_WRITE_REFUSED');
    expect(error.reason).toContain(`user_id=${existing}`);
    expect(raw.sent, 'nothing reached the sandbox').toEqual([]);
    expect(stateDifferences(before, await sandboxState(sandbox.url))).toEqual([]);

    // The plan for a write creates a record of the run's own, and the write names it in the path and the body.
    const update = contract.operations.find((o) => o.key === 'PUT /users/{user_id}.json')!;
    const plan = await target.prepareWrite!(update);
    expect(plan.skipReason).toBeUndefined();
    const id = plan.overrides.user_id;
    expect([...ledger.ownedIds(raw.project)]).toEqual([id]);
    const answer = await target.send(put(`${sandbox.url}/users/${id}.json`, { user: { last_name: 'Changed by its creator' } }), 5000);
    expect(answer.status).toBe(200);
    // A body that names another record than the path's is refused as well.
    const named = await refusal(target.send(put(`${sandbox.url}/users/${id}.json`, { user: { id: existing } }), 5000));
    expect(named.reason).toContain(existing);

    const report = await cleanUpOn(sandbox.url, raw.project, contract, webcamSession(), ledger);
    expect(report).toMatchObject({ deleted: 1, left: [] });
    expect(stateDifferences(before, await sandboxState(sandbox.url))).toEqual([]);
  } finally {
    await sandbox.close();
  }
});

test('with writes off only reads and token requests are sent', async () => {
  const sandbox = await webcamconsult();
  try {
    const contract = await vendorContract('webcamconsult');
    const { target } = guarded(liveTarget(sandbox.url, 'webcamconsult', webcamSession()), contract, { writes: false });
    const create: RecordedRequest = {
      ...put(`${sandbox.url}/users.json`, { user: { last_name: 'X', email: 'x@example.com' } }),
      method: 'POST',
    };
    expect((await refusal(target.send(create, 5000))).reason).toContain('SANDBOX_WRITES=1');
    expect((await target.send({ method: 'GET', url: `${sandbox.url}/users.json`, headers: create.headers }, 5000)).status).toBe(200);
  } finally {
    await sandbox.close();
  }
});

test('the run never sends its own refresh token to the operation that revokes it; one it obtained for the purpose is revoked', async () => {
  const sandbox = await sikka();
  try {
    const contract = await vendorContract('sikka');
    const session: Session = {
      values: {
        refresh_token: sikkaCredentials.SIKKA_REFRESH_TOKEN,
        client_id: sikkaCredentials.SIKKA_APP_ID,
        client_secret: sikkaCredentials.SIKKA_APP_KEY,
      },
      schemes: {},
    };
    const revoke = (token: string): RecordedRequest => ({
      method: 'DELETE',
      url: `${sandbox.url}/v2/refresh_token/${token}?client_id=${sikkaCredentials.SIKKA_APP_ID}&client_secret=${sikkaCredentials.SIKKA_APP_KEY}`,
      headers: {},
    });
    const before = await sandboxState(sandbox.url);
    const raw = liveTarget(sandbox.url, 'sikka', session);
    const { target, ledger } = guarded(raw, contract);
    const own = await refusal(target.send(revoke(sikkaCredentials.SIKKA_REFRESH_TOKEN), 5000));
    expect(own.code).toBe('SANDBOX_CREDENTIAL_GUARD');
    expect(raw.sent).toEqual([]);
    // With no credential of its own the revocation is a skip that says how to provide one.
    const operation = contract.operations.find((o) => o.key === 'DELETE /v2/refresh_token/{refresh_token}')!;
    expect((await target.prepareWrite!(operation)).skipReason).toMatch(/obtained none for the purpose/);

    // A refresh token the run got from an authorization code is its own to revoke.
    const grant = await fetch(`${sandbox.url}/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        code: sikkaCredentials.SIKKA_AUTH_CODE,
        client_id: sikkaCredentials.SIKKA_APP_ID,
        client_secret: sikkaCredentials.SIKKA_APP_KEY,
      }),
    });
    const disposable = ((await grant.json()) as { refresh_token: string }).refresh_token;
    ledger.append({ type: 'credential', project: raw.project, name: 'refresh_token', fingerprint: fingerprint(disposable), at: '' });
    const { target: withDisposable } = guarded(raw, contract, { ledger, disposables: { refresh_token: disposable } });
    expect((await withDisposable.prepareWrite!(operation)).overrides).toEqual({ refresh_token: disposable });
    expect((await withDisposable.send(revoke(disposable), 5000)).status).toBe(200);
    expect(ledger.entries().some((e) => e.type === 'revoked' && e.fingerprint === fingerprint(disposable))).toBe(true);
    expect(stateDifferences(before, await sandboxState(sandbox.url))).toEqual([]);
  } finally {
    await sandbox.close();
  }
});

test('a held credential outside its credential position is refused, wherever the request carries it', async () => {
  const sandbox = await webcamconsult();
  try {
    const contract = await vendorContract('webcamconsult');
    const { target } = guarded(liveTarget(sandbox.url, 'webcamconsult', webcamSession()), contract);
    const token = webcamCredentials.WEBCAMCONSULT_TOKEN;
    // In a body field of another name: the token would become data of the record.
    const create: RecordedRequest = {
      ...put(`${sandbox.url}/users.json`, { user: { last_name: token, email: 'a@example.com' } }),
      method: 'POST',
    };
    expect((await refusal(target.send(create, 5000))).reason).toContain('body field "last_name"');
    // In its position (the Authorization header, the apiKey query parameter) it is what authenticates the call.
    const read = await target.send({ method: 'GET', url: `${sandbox.url}/users.json?authentication_token=${token}`, headers: {} }, 5000);
    expect(read.status).toBe(200);
  } finally {
    await sandbox.close();
  }
});

test('a singleton that is not set is never written; one that is set is read first and written back by the clean-up', async () => {
  const unset = await lupl({ providerConfig: null });
  const set = await lupl();
  try {
    const contract = await vendorContract('lupl');
    const session: Session = {
      values: { pmsId: luplCredentials.LUPL_PMS_ID, organizationId: luplCredentials.LUPL_ORGANIZATION_ID },
      schemes: { bearer: luplCredentials.LUPL_ACCESS_TOKEN },
    };
    const write = (url: string): RecordedRequest => ({
      method: 'POST',
      url: `${url}/api/1.0/pms/providerconfig`,
      headers: { authorization: `Bearer ${luplCredentials.LUPL_ACCESS_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pmsId: luplCredentials.LUPL_PMS_ID, config: { generated: true } }),
    });
    const before = await sandboxState(unset.url);
    const rawUnset = liveTarget(unset.url, 'lupl', session);
    const error = await refusal(guarded(rawUnset, contract).target.send(write(unset.url), 5000));
    expect(error.reason).toMatch(/it is not set .* null.* no DELETE/);
    expect(
      rawUnset.sent.map((r) => r.method),
      'only the read of its state was sent',
    ).toEqual(['GET']);
    expect(stateDifferences(before, await sandboxState(unset.url))).toEqual([]);

    const beforeSet = await sandboxState(set.url);
    const raw = liveTarget(set.url, 'lupl', session);
    const { target, ledger } = guarded(raw, contract);
    expect((await target.send(write(set.url), 5000)).status).toBe(200);
    expect(stateDifferences(beforeSet, await sandboxState(set.url))).not.toEqual([]);
    expect(ledger.snapshots()).toHaveLength(1);
    const report = await cleanUpOn(set.url, raw.project, contract, session, ledger);
    expect(report).toMatchObject({ restored: 1, left: [] });
    expect(stateDifferences(beforeSet, await sandboxState(set.url))).toEqual([]);
  } finally {
    await Promise.all([unset.close(), set.close()]);
  }
});

test('a refresh grant that hands back a new refresh token leaves the run holding the new one', async () => {
  const sandbox = await drchrono({ reading: 'alternate' });
  try {
    const contract = await vendorContract('drchrono');
    const session: Session = {
      values: {
        client_id: drchronoCredentials.DRCHRONO_CLIENT_ID,
        client_secret: drchronoCredentials.DRCHRONO_CLIENT_SECRET,
        refresh_token: drchronoCredentials.DRCHRONO_REFRESH_TOKEN,
      },
      schemes: {},
    };
    const raw = liveTarget(sandbox.url, 'drchrono', session);
    const { target } = guarded(raw, contract, { writes: false });
    const answer = await target.send(
      {
        method: 'POST',
        url: `${sandbox.url}/o/token/`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...session.values, grant_type: 'refresh_token' }).toString(),
      },
      5000,
    );
    expect(answer.status).toBe(200);
    const rotated = (JSON.parse(answer.text) as { refresh_token: string }).refresh_token;
    expect(rotated).not.toBe(drchronoCredentials.DRCHRONO_REFRESH_TOKEN);
    expect((await (target as Target).session()).values.refresh_token).toBe(rotated);
  } finally {
    await sandbox.close();
  }
});

test('the clean-up lists what it cannot undo: a record whose create named no id, a delete the target ignored', async () => {
  const sandbox = await webcamconsult({ fault: 'delete-ignored' });
  try {
    const contract = await vendorContract('webcamconsult');
    const ledger = memoryLedger();
    const project = 'webcamconsult@safety';
    const create = (email: string) =>
      fetch(`${sandbox.url}/users.json`, {
        method: 'POST',
        headers: { authorization: `Token token=${webcamCredentials.WEBCAMCONSULT_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user: { last_name: 'Kept', email } }),
      }).then(async (r) => ((await r.json()) as { user: { id: string } }).user.id);
    const id = await create('kept@example.com');
    ledger.append({ type: 'created', project, operation: 'POST /users.json', id, status: 200, at: '' });
    ledger.append({ type: 'created', project, operation: 'POST /users.json', status: 200, at: '' });
    const report = await cleanUpOn(sandbox.url, project, contract, webcamSession(), ledger);
    expect(report.deleted).toBe(0);
    expect(report.left.map((l) => l.reason)).toEqual([
      'the answer (200) named no id; the run does not guess one',
      'DELETE /users/{user_id}.json answered success, but GET /users/{user_id}.json still reads it',
    ]);
    expect(report.left[1].id).toBe(id);
  } finally {
    await sandbox.close();
  }
});

test('a revoked credential is a difference; a rotated one is not when the newest the run handed back is honoured', () => {
  const state = (credentials: string[]) => ({ records: {}, singletons: {}, credentials });
  const before = state(['old-token', 'kept']);
  expect(stateDifferences(before, state(['kept']))).toEqual(['a credential that existed before the run was revoked (old-…)']);
  expect(stateDifferences(before, state(['kept', 'new-token']), new Map([['old-token', 'new-token']]))).toEqual([]);
  expect(stateDifferences(before, state(['kept']), new Map([['old-token', 'new-token']]))).toEqual([
    'a credential was rotated and the newest the run handed back is not honoured (old-…)',
  ]);
});
