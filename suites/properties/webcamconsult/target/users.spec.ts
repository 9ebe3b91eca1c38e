import { test, expect } from '../../../../fixtures/index.ts';
import { answerViolations, call, STATELESS, type LiveAnswer } from '../../../../fixtures/live.ts';
import type { Target } from '../../../../src/targets/target.ts';
import { sandboxEnv } from '../../../../src/targets/target.ts';

const WRITES_OFF = 'creates and deletes users; set SANDBOX_WRITES=1 to allow it';

/** A call with the documented `Authorization: Token token=…` header and a JSON body. */
function withToken(target: Target, method: string, path: string, body?: unknown): Promise<LiveAnswer> {
  const token = sandboxEnv(target.project).WEBCAMCONSULT_TOKEN!;
  return call(
    target,
    method,
    path,
    {},
    {
      headers: { authorization: `Token token=${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    },
  );
}

/** A user this test owns: an address nobody else has, removed again whatever the test found. */
async function withUser<T>(
  target: Target,
  extra: Record<string, unknown>,
  use: (created: LiveAnswer, email: string) => Promise<T>,
): Promise<T> {
  const email = `conformance-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@example.com`;
  const created = await withToken(target, 'POST', '/users.json', { user: { last_name: 'Conformance', initials: 'C', email, ...extra } });
  const id = (created.body as { user?: { id?: unknown } } | undefined)?.user?.id;
  try {
    return await use(created, email);
  } finally {
    if (id !== undefined) await withToken(target, 'DELETE', `/users/${encodeURIComponent(String(id))}.json`);
  }
}

test.describe('webcamconsult users against the target @property', () => {
  test.beforeEach(({ liveTarget }) => {
    test.skip(liveTarget.kind === 'mock', STATELESS);
    test.skip(process.env.SANDBOX_WRITES !== '1', WRITES_OFF);
  });

  test('a second user with an email address already in use is refused with 422 {errors: {email: [...]}}', async ({
    liveTarget,
    contract,
    validators,
  }) => {
    await withUser(liveTarget, {}, async (first, email) => {
      expect(first.status).toBe(200);
      const second = await withToken(liveTarget, 'POST', '/users.json', { user: { last_name: 'Duplicate', initials: 'D', email } });
      const duplicateId = (second.body as { user?: { id?: unknown } } | undefined)?.user?.id;
      if (duplicateId !== undefined) await withToken(liveTarget, 'DELETE', `/users/${encodeURIComponent(String(duplicateId))}.json`);
      expect(second.status).toBe(422);
      expect({ violations: answerViolations({ contract, validators, target: liveTarget }, 'POST /users.json', second) }).toConform();
      expect(second.body).toMatchObject({ errors: { email: [expect.any(String)] } });
    });
  });

  test('generated attributes sent by the client (id, full_name, roles) are ignored', async ({ liveTarget }) => {
    const sent = { id: 987654321, full_name: 'Chosen By The Client', roles: ['admin'] };
    await withUser(liveTarget, sent, async (created) => {
      expect(created.status).toBe(200);
      const user = (created.body as { user: Record<string, unknown> }).user;
      expect(user.id).not.toBe(sent.id);
      expect(user.full_name).not.toBe(sent.full_name);
      expect(user.roles).not.toEqual(sent.roles);
    });
  });
});
