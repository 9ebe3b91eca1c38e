import { test, expect } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readings, sandboxes, sandboxFaults, sandboxVendors, type Reading, type SandboxVendor } from '../../fixtures/sandboxes/index.ts';
import { envPrefix } from '../../src/targets/env.ts';
import { REPORTS_DIR, ROOT } from '../../src/targets/paths.ts';
import { filesUnder, leaks } from './support/leaks.ts';
import { runGateAsync, type NestedRun } from './support/nested-run.ts';
import { testPatience } from './support/patience.ts';
import { sandboxState, stateDifferences } from './safety/support.ts';
import { credentials as sikkaCredentials } from '../../fixtures/sandboxes/sikka/server.ts';
import { credentials as drchronoCredentials } from '../../fixtures/sandboxes/drchrono/server.ts';

// Mutation self-test: each reference sandbox breaks one documented behaviour at a time, and the vendor's
// sandbox-mode suite (generated tests and target properties) must go red on it. Writes are on, as a
// nightly smoke run with SANDBOX_WRITES=1 would have them. Every fault is planted on both readings of the
// document (faithful and alternate): a fault must break a documented rule, which no reading may excuse.
test.describe.configure({ mode: 'parallel', timeout: testPatience() });

interface SandboxRun extends NestedRun {
  credentials: Record<string, string>;
  /** What the run changed in the sandbox (empty: left as found), and whether its credentials still work after it. */
  changed: string[];
  credentialsWork: boolean;
}

/** How a fault run is set up: the nightly run with writes first, then with the generative phases, then with existing data open. */
interface Mode {
  name: 'writes' | 'writes+generative' | 'destructive';
  generative: boolean;
  destructive: boolean;
}
const MODES: Mode[] = [
  { name: 'writes', generative: false, destructive: false },
  { name: 'writes+generative', generative: true, destructive: false },
  { name: 'destructive', generative: true, destructive: true },
];

async function gateAgainst(vendor: SandboxVendor, reading: Reading, fault?: string, mode: Mode = MODES[0]): Promise<SandboxRun> {
  const sandbox = await sandboxes[vendor]({ fault, reading });
  try {
    const contract = readFileSync(join(ROOT, 'contracts', `${vendor}.yaml`), 'utf8');
    const before = await sandboxState(sandbox.url);
    // The generated tests and the target properties are what talk to the sandbox; pure properties and lint do not.
    // A planted fault needs one red test to count as caught; stopping there spares a worker restart per failure.
    const stopEarly = fault ? ['--max-failures=1'] : [];
    // Where the run hands back a credential the vendor replaced (a reading that rotates refresh tokens): outside the
    // project, as a user would name it.
    const credentialsOut = join(mkdtempSync(join(tmpdir(), 'credentials-out-')), 'rotated.env');
    const run = await runGateAsync(
      { [`${vendor}.yaml`]: contract },
      [`--project=${vendor}`, 'suites/generated/', `suites/properties/${vendor}/target/`, ...stopEarly],
      {
        TARGET: 'sandbox',
        SANDBOX_WRITES: '1',
        ...(mode.destructive ? { SANDBOX_DESTRUCTIVE: '1' } : {}),
        ...(fault && mode.generative ? { GEN_PHASES: 'on', GEN_EXAMPLES: '2' } : {}),
        ...sandbox.credentials,
        CREDENTIALS_OUT: credentialsOut,
        [`${envPrefix(vendor)}_BASE_URL`]: sandbox.url,
        // The throttle probe exhausts the minute's calls, after which the clean-up would wait for the window to
        // pass: it runs for the throttle fault alone. A faithful run, like a nightly one against a shared sandbox,
        // leaves it off.
        ...(vendor === 'lupl' && fault === 'throttle-not-enforced' ? { LUPL_PROBE_THROTTLE: '1' } : {}),
        // The faithful run is the nightly run with writes on: generative phases included (they write the most), and
        // every exchange in the report, passes included, so that the leak scan reads all the traffic.
        ...(fault ? {} : { REPORT_EXCHANGES: 'all', GEN_PHASES: 'on', GEN_EXAMPLES: '2' }),
      },
      { configReporters: !fault, fromWorkDir: true },
    );
    // A credential the vendor rotated is the vendor's rule, not the run's damage, when the run handed the newest back.
    const rotated = rotatedCredentials(credentialsOut);
    const replaced = new Map(Object.entries(rotated).map(([variable, now]) => [sandbox.credentials[variable], now]));
    const changed = stateDifferences(before, await sandboxState(sandbox.url), replaced);
    const newest = { ...sandbox.credentials, ...rotated };
    return { ...run, credentials: sandbox.credentials, changed, credentialsWork: await credentialsStillWork(vendor, sandbox.url, newest) };
  } finally {
    await sandbox.close();
  }
}

/** `CREDENTIALS_OUT` as the run wrote it (`NAME=value` lines), or nothing when the vendor replaced no credential. */
function rotatedCredentials(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes('='));
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

/**
 * The credentials a run leaves its user, used after it: every vendor's still answers 200 (a refresh grant, a read).
 * `given` is what the run was given, with any credential the vendor rotated replaced by the newest it handed back.
 */
async function credentialsStillWork(vendor: SandboxVendor, url: string, given: Record<string, string>): Promise<boolean> {
  const status = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, init).then((r) => r.status);
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  switch (vendor) {
    case 'sikka': {
      const c = given as typeof sikkaCredentials;
      const grant = await status('/v2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'refresh_token',
          refresh_token: c.SIKKA_REFRESH_TOKEN,
          client_id: c.SIKKA_APP_ID,
          client_secret: c.SIKKA_APP_KEY,
        }),
      });
      const start = await status(
        `/v2/start?${new URLSearchParams({ app_id: c.SIKKA_APP_ID, app_key: c.SIKKA_APP_KEY, office_id: c.SIKKA_OFFICE_ID, secret_key: c.SIKKA_SECRET_KEY })}`,
      );
      return grant === 200 && start === 200;
    }
    case 'drchrono': {
      const c = given as typeof drchronoCredentials;
      const grant = await status(
        '/o/token/',
        form({
          grant_type: 'refresh_token',
          refresh_token: c.DRCHRONO_REFRESH_TOKEN,
          client_id: c.DRCHRONO_CLIENT_ID,
          client_secret: c.DRCHRONO_CLIENT_SECRET,
        }),
      );
      return grant === 200;
    }
    case 'webcamconsult':
      return (await status('/users.json', { headers: { authorization: `Token token=${given.WEBCAMCONSULT_TOKEN}` } })) === 200;
    case 'lupl':
      return (
        (await status(`/api/1.0/pms/providerconfig?pmsId=${given.LUPL_PMS_ID}`, {
          headers: { authorization: `Bearer ${given.LUPL_ACCESS_TOKEN}` },
        })) === 200
      );
  }
}

/** The first failed test of a nested run's line-reporter output: the test that caught the fault. */
const firstFailure = (output: string): string | undefined =>
  output
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
    .match(/^\s+1\) \[[^\]]+\] › \S+ › (.+)$/m)?.[1]
    ?.trim();

/** `reports/mutation/<vendor>--<fault>.json` for the faithful reading, `<vendor>--<fault>@alternate.json` for the other. */
function record(vendor: string, fault: string, reading: Reading, caught: boolean, caughtBy: string | undefined, mode: string) {
  const dir = join(REPORTS_DIR, 'mutation');
  mkdirSync(dir, { recursive: true });
  const name = `${vendor}--${fault}${reading === 'faithful' ? '' : `@${reading}`}.json`;
  writeFileSync(join(dir, name), JSON.stringify({ vendor, fault, reading, caught, caughtBy, mode }));
}

for (const vendor of sandboxVendors) {
  for (const reading of readings) {
    test(`${vendor} (${reading} reading): the reference sandbox passes the sandbox-mode suite with writes on, is left as the run found it, and no credential reaches the reports`, async () => {
      const run = await gateAgainst(vendor, reading);
      expect(run.status, run.output.slice(-4000)).toBe(0);
      expect(filesUnder(join(run.reportsDir, 'allure-results')).length, 'the run wrote Allure results to scan').toBeGreaterThan(10);
      expect(leaks(run, run.credentials)).toEqual([]);
      // Every record that existed is there unchanged, no record of the run remains, every singleton reads as
      // before, and the credentials the run was given still work.
      expect(run.changed, run.output.slice(-3000)).toEqual([]);
      expect(run.credentialsWork, 'the credentials the run was given still work after it').toBe(true);
      expect(run.output).not.toMatch(/left in the sandbox/);
    });
    for (const fault of sandboxFaults[vendor]) {
      test(`${vendor} (${reading} reading): the suite goes red on fault "${fault.name}" (${fault.description})`, async () => {
        // Writes on, as a nightly run has them. A fault the example-based tests cannot see is planted again with the
        // generative phases (a DELETE that deletes nothing shows in the stateful phase), and one that only a run
        // allowed to change existing data can see (a singleton whose state cannot be read) with SANDBOX_DESTRUCTIVE=1.
        let run: SandboxRun | undefined;
        let mode = MODES[0];
        for (mode of MODES) {
          run = await gateAgainst(vendor, reading, fault.name, mode);
          if (run.status !== 0) break;
        }
        run = run!;
        // A red run only counts when tests failed; a sandbox the gate could not reach proves nothing.
        const unreachable = /SANDBOX_UNAVAILABLE|Error in global setup/.test(run.output);
        record(vendor, fault.name, reading, run.status === 1 && !unreachable, firstFailure(run.output), mode.name);
        expect(unreachable, run.output.slice(-3000)).toBe(false);
        expect(run.status, `fault "${fault.name}" (${reading} reading) was not caught:\n${run.output.slice(-3000)}`).toBe(1);
      });
    }
  }
}
