import { randomUUID } from 'node:crypto';
import { test, expect } from '../../../../fixtures/index.ts';
import { answerViolations, call, STATELESS } from '../../../../fixtures/live.ts';
import { sandboxEnv } from '../../../../src/targets/target.ts';
import type { Target } from '../../../../src/targets/target.ts';

const bearer = (target: Target) => ({ authorization: `Bearer ${sandboxEnv(target.project).LUPL_ACCESS_TOKEN}` });

test.describe('lupl configuration against the target @property', () => {
  test.beforeEach(({ liveTarget }) => test.skip(liveTarget.kind === 'mock', STATELESS));

  test('a PMS provider that does not exist is refused with 403 and an empty object', async ({ liveTarget, contract, validators }) => {
    // The document: 403 when the provider is not the caller's "or if the PMS provider does not exist".
    const answer = await call(liveTarget, 'GET', '/api/1.0/pms/providerconfig', { pmsId: randomUUID() }, { headers: bearer(liveTarget) });
    expect(answer.status).toBe(403);
    expect({
      violations: answerViolations({ contract, validators, target: liveTarget }, 'GET /api/1.0/pms/providerconfig', answer),
    }).toConform();
  });

  test('setting the provider configuration answers 200 with an empty object', async ({ liveTarget, contract, validators }) => {
    test.skip(process.env.SANDBOX_WRITES !== '1', 'writes the PMS provider configuration; set SANDBOX_WRITES=1 to allow it');
    const pmsId = sandboxEnv(liveTarget.project).LUPL_PMS_ID!;
    const before = await call(liveTarget, 'GET', '/api/1.0/pms/providerconfig', { pmsId }, { headers: bearer(liveTarget) });
    expect(before.status).toBe(200);
    const config = before.body ?? { conformanceProbe: true };
    // Writes back what was there (or a marker where there was none), so the provider keeps its configuration.
    const answer = await call(
      liveTarget,
      'POST',
      '/api/1.0/pms/providerconfig',
      {},
      {
        headers: { ...bearer(liveTarget), 'content-type': 'application/json' },
        body: JSON.stringify({ pmsId, config }),
      },
    );
    expect({
      violations: answerViolations({ contract, validators, target: liveTarget }, 'POST /api/1.0/pms/providerconfig', answer),
    }).toConform();
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({});
  });

  test('calls beyond the documented 1000 per minute are answered 429', async ({ liveTarget }) => {
    const env = sandboxEnv(liveTarget.project);
    test.skip(
      env.LUPL_PROBE_THROTTLE !== '1',
      'sends 1001 calls in a burst; set LUPL_PROBE_THROTTLE=1 to run it (never against a shared sandbox)',
    );
    const perMinute = 1000;
    const url = `${env.LUPL_BASE_URL}/api/1.0/pms/providerconfig?pmsId=${env.LUPL_PMS_ID}`;
    // Straight to the server, past the suite's own throttle, which would otherwise keep the burst under the limit.
    let refused = 0;
    for (let sent = 0; sent <= perMinute && refused === 0; sent += 50) {
      const statuses = await Promise.all(
        Array.from({ length: 50 }, () => fetch(url, { headers: bearer(liveTarget) }).then((r) => r.status)),
      );
      refused += statuses.filter((s) => s === 429).length;
    }
    expect(refused, `no 429 after ${perMinute + 1} calls within a minute`).toBeGreaterThan(0);
  });
});
