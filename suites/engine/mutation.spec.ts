import { test, expect } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readings, sandboxes, sandboxFaults, sandboxVendors, type Reading, type SandboxVendor } from '../../fixtures/sandboxes/index.ts';
import { envPrefix } from '../../src/targets/env.ts';
import { REPORTS_DIR, ROOT } from '../../src/targets/paths.ts';
import { filesUnder, leaks } from './support/leaks.ts';
import { runGateAsync, type NestedRun } from './support/nested-run.ts';
import { testPatience } from './support/patience.ts';

// Mutation self-test: each reference sandbox breaks one documented behaviour at a time, and the vendor's
// sandbox-mode suite (generated tests and target properties) must go red on it. Writes are on, as a
// nightly smoke run with SANDBOX_WRITES=1 would have them. Every fault is planted on both readings of the
// document (faithful and alternate): a fault must break a documented rule, which no reading may excuse.
test.describe.configure({ mode: 'parallel', timeout: testPatience() });

async function gateAgainst(
  vendor: SandboxVendor,
  reading: Reading,
  fault?: string,
): Promise<NestedRun & { credentials: Record<string, string> }> {
  const sandbox = await sandboxes[vendor]({ fault, reading });
  try {
    const contract = readFileSync(join(ROOT, 'contracts', `${vendor}.yaml`), 'utf8');
    // The generated tests and the target properties are what talk to the sandbox; pure properties and lint do not.
    // A planted fault needs one red test to count as caught; stopping there spares a worker restart per failure.
    const stopEarly = fault ? ['--max-failures=1'] : [];
    const run = await runGateAsync(
      { [`${vendor}.yaml`]: contract },
      [`--project=${vendor}`, 'suites/generated/', `suites/properties/${vendor}/target/`, ...stopEarly],
      {
        TARGET: 'sandbox',
        SANDBOX_WRITES: '1',
        ...sandbox.credentials,
        [`${envPrefix(vendor)}_BASE_URL`]: sandbox.url,
        // The throttle probe exhausts the minute's calls; with one worker it runs last, so nothing after it waits.
        ...(vendor === 'lupl' ? { LUPL_PROBE_THROTTLE: '1' } : {}),
        // Every exchange in the report, passes included, so that the leak scan reads all the traffic.
        ...(fault ? {} : { REPORT_EXCHANGES: 'all' }),
      },
      { configReporters: !fault, fromWorkDir: true },
    );
    return { ...run, credentials: sandbox.credentials };
  } finally {
    await sandbox.close();
  }
}

/** The first failed test of a nested run's line-reporter output: the test that caught the fault. */
const firstFailure = (output: string): string | undefined =>
  output
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
    .match(/^\s+1\) \[[^\]]+\] › \S+ › (.+)$/m)?.[1]
    ?.trim();

/** `reports/mutation/<vendor>--<fault>.json` for the faithful reading, `<vendor>--<fault>@alternate.json` for the other. */
function record(vendor: string, fault: string, reading: Reading, caught: boolean, caughtBy?: string) {
  const dir = join(REPORTS_DIR, 'mutation');
  mkdirSync(dir, { recursive: true });
  const name = `${vendor}--${fault}${reading === 'faithful' ? '' : `@${reading}`}.json`;
  writeFileSync(join(dir, name), JSON.stringify({ vendor, fault, reading, caught, caughtBy }));
}

for (const vendor of sandboxVendors) {
  for (const reading of readings) {
    test(`${vendor} (${reading} reading): the reference sandbox passes the sandbox-mode suite with writes on, and no credential reaches the reports`, async () => {
      const run = await gateAgainst(vendor, reading);
      expect(run.status, run.output.slice(-4000)).toBe(0);
      expect(filesUnder(join(run.reportsDir, 'allure-results')).length, 'the run wrote Allure results to scan').toBeGreaterThan(10);
      expect(leaks(run, run.credentials)).toEqual([]);
    });
    for (const fault of sandboxFaults[vendor]) {
      test(`${vendor} (${reading} reading): the suite goes red on fault "${fault.name}" (${fault.description})`, async () => {
        const run = await gateAgainst(vendor, reading, fault.name);
        // A red run only counts when tests failed; a sandbox the gate could not reach proves nothing.
        const unreachable = /SANDBOX_UNAVAILABLE|Error in global setup/.test(run.output);
        record(vendor, fault.name, reading, run.status === 1 && !unreachable, firstFailure(run.output));
        expect(unreachable, run.output.slice(-3000)).toBe(false);
        expect(run.status, `fault "${fault.name}" (${reading} reading) was not caught:\n${run.output.slice(-3000)}`).toBe(1);
      });
    }
  }
}
