import { test, expect } from '@playwright/test';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxes } from '../../fixtures/sandboxes/index.ts';
import { loadContract } from '../../src/contract/load.ts';
import { ROOT } from '../../src/targets/paths.ts';
import { SessionCoordinator } from '../../src/targets/renewal.ts';
import { runState } from '../../src/targets/run-state.ts';
import type { Session } from '../../src/core/session.ts';
import { resolveTarget } from '../../src/targets/target.ts';
import { runGateAsync } from './support/nested-run.ts';
import { testPatience } from './support/patience.ts';

const DAY_AND_AN_HOUR_MS = 25 * 60 * 60 * 1000;

test.describe('session renewal', () => {
  test("the run's coordinator renews once however many callers find the session expired, and never for a stale generation", async () => {
    const coordinator = new SessionCoordinator();
    let renewals = 0;
    coordinator.hold('sikka', { values: { request_key: 'k0' }, schemes: {} }, async (current) => {
      renewals += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return { ...current, values: { request_key: `k${renewals}` } };
    });
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => coordinator.renew('sikka', 0)));
    expect(renewals).toBe(1);
    expect(new Set(concurrent.map((h) => h.session.values.request_key))).toEqual(new Set(['k1']));
    // A worker whose request was built with generation 0 learns of generation 1 without a second renewal.
    expect((await coordinator.renew('sikka', 0)).generation).toBe(1);
    expect(renewals).toBe(1);
    expect((await coordinator.renew('sikka', 1)).session.values.request_key).toBe('k2');
    expect(renewals).toBe(2);
    await expect(coordinator.renew('nobody', 0)).rejects.toThrow(/ENGINE_NO_SESSION/);
  });

  test('a worker renews for real: the expired key is replaced, concurrent refusals share one renewal, a refusal of an old key renews nothing', async () => {
    let now = Date.now();
    const sandbox = await sandboxes.sikka({ clock: () => now });
    try {
      const contract = await loadContract(join(ROOT, 'contracts', 'sikka.yaml'));
      const start = await fetch(
        `${sandbox.url}/v2/start?${new URLSearchParams({ app_id: sandbox.credentials.SIKKA_APP_ID, app_key: sandbox.credentials.SIKKA_APP_KEY, office_id: sandbox.credentials.SIKKA_OFFICE_ID, secret_key: sandbox.credentials.SIKKA_SECRET_KEY })}`,
      );
      const [{ request_key }] = (await start.json()) as { request_key: string }[];
      const session: Session = {
        values: {
          request_key,
          app_id: sandbox.credentials.SIKKA_APP_ID,
          app_key: sandbox.credentials.SIKKA_APP_KEY,
          office_id: sandbox.credentials.SIKKA_OFFICE_ID,
          secret_key: sandbox.credentials.SIKKA_SECRET_KEY,
        },
        schemes: {},
      };
      const env: NodeJS.ProcessEnv = { ...process.env, ...sandbox.credentials, SIKKA_BASE_URL: sandbox.url };
      runState.session('sikka-renewal').write(session, env);
      delete env[runState.sessionCoordinatorUrl.name];
      const target = resolveTarget({ vendor: 'sikka', project: 'sikka-renewal', kind: 'sandbox', contract, env });
      const used = await target.session();
      now += DAY_AND_AN_HOUR_MS;
      const refused = await target.send(
        { method: 'GET', url: `${sandbox.url}/v2/practices?request_key=${used.values.request_key}`, headers: {} },
        5_000,
      );
      expect(refused.text).toContain('API1025');
      const renewed = await Promise.all([
        target.renewedAfter(refused, used),
        target.renewedAfter(refused, used),
        target.renewedAfter(refused, used),
      ]);
      expect(renewed).toEqual([true, true, true]);
      const fresh = await target.session();
      expect(fresh.values.request_key).not.toBe(used.values.request_key);
      const answer = await target.send(
        { method: 'GET', url: `${sandbox.url}/v2/practices?request_key=${fresh.values.request_key}`, headers: {} },
        5_000,
      );
      expect(answer.status).toBe(200);
      // A late refusal of the old key: the newer session is already held, nothing is renewed again.
      expect(await target.renewedAfter(refused, used)).toBe(true);
      expect((await target.session()).values.request_key).toBe(fresh.values.request_key);
    } finally {
      await sandbox.close();
    }
  });
});

/**
 * A loopback proxy in front of a sandbox that moves the sandbox's clock by a day every `every` data requests, so
 * that request keys expire mid-run at points fixed by count, not by time.
 */
async function expiringProxy(
  upstream: string,
  every: number,
  advance: () => void,
): Promise<{ url: string; jumps: () => number; close(): Promise<void> }> {
  let data = 0;
  let jumps = 0;
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    if (!req.url?.startsWith('/v2/start') && req.url?.startsWith('/v2/') && ++data % every === 0) {
      advance();
      jumps += 1;
    }
    const forward = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    jumps: () => jumps,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test.describe('in a run', () => {
  test.describe.configure({ timeout: testPatience() });

  test('keys that expire mid-run under 2 workers are renewed through the runner, at most once per expiry, and the run stays green', async () => {
    let offset = 0;
    const sandbox = await sandboxes.sikka({ clock: () => Date.now() + offset });
    const proxy = await expiringProxy(sandbox.url, 8, () => (offset += DAY_AND_AN_HOUR_MS));
    try {
      const contract = readFileSync(join(ROOT, 'contracts', 'sikka.yaml'), 'utf8');
      const run = await runGateAsync({ 'sikka.yaml': contract }, ['--project=sikka', '--workers=2', 'suites/generated/'], {
        TARGET: 'sandbox',
        ...sandbox.credentials,
        SIKKA_BASE_URL: proxy.url,
      });
      expect(run.status, run.output.slice(-3000)).toBe(0);
      expect(proxy.jumps(), 'the run crossed at least one expiry').toBeGreaterThan(0);
      // At most one renewal per expiry: both workers' refusals share each one (the runner logs every renewal).
      const renewals = run.output.match(/^sikka: session renewed for all workers/gm)?.length ?? 0;
      expect(renewals).toBeGreaterThan(0);
      expect(renewals).toBeLessThanOrEqual(proxy.jumps());
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});
