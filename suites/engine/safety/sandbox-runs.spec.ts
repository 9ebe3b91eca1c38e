import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFaultInjector } from '../../../fixtures/faults/injector.ts';
import { sandboxes } from '../../../fixtures/sandboxes/index.ts';
import { envPrefix } from '../../../src/targets/env.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { runGateAsync } from '../support/nested-run.ts';
import { testPatience } from '../support/patience.ts';
import { vendorContract } from '../../../src/properties/vendor-contract.ts';
import { sandboxState, stateDifferences } from './support.ts';

// Sandbox-mode gate runs with writes on against reference sandboxes that misbehave in ways that threaten the
// sandbox or the run: the run must stay safe, say what it could not undo, and fail once, not everywhere.
test.describe.configure({ mode: 'parallel', timeout: testPatience() });

const contractText = (vendor: string) => readFileSync(join(ROOT, 'contracts', `${vendor}.yaml`), 'utf8');

function sandboxRun(vendor: string, url: string, credentials: Record<string, string>, args: string[] = [], reporters = false) {
  return runGateAsync(
    { [`${vendor}.yaml`]: contractText(vendor) },
    [`--project=${vendor}`, 'suites/generated/', `suites/properties/${vendor}/target/`, ...args],
    { TARGET: 'sandbox', SANDBOX_WRITES: '1', ...credentials, [`${envPrefix(vendor)}_BASE_URL`]: url },
    { fromWorkDir: true, configReporters: reporters },
  );
}

const count = (output: string, what: 'passed' | 'failed' | 'skipped'): number =>
  Number(new RegExp(`(\\d+) ${what}`).exec(output)?.[1] ?? 0);

test('a sandbox that ignores DELETE: the run lists every record it created and could not remove, with ids', async () => {
  const sandbox = await sandboxes.webcamconsult({ fault: 'delete-ignored' });
  try {
    // The configured reporters: the findings reporter writes reports/findings.json.
    const run = await sandboxRun('webcamconsult', sandbox.url, sandbox.credentials, [], true);
    const findings = JSON.parse(readFileSync(join(run.reportsDir, 'findings.json'), 'utf8')) as {
      leftInSandbox: { what: string; id?: string; reason: string }[];
    };
    expect(findings.leftInSandbox.length, run.output.slice(-3000)).toBeGreaterThan(0);
    for (const left of findings.leftInSandbox) {
      expect(left).toMatchObject({ what: 'record', reason: expect.stringContaining('still reads it') });
      expect(left.id).toMatch(/^[0-9a-f]{24}$/);
    }
    expect(run.output).toContain('left in the sandbox: record');
  } finally {
    await sandbox.close();
  }
});

test('a create answered without an id: the run guesses none, deletes nothing of anyone else, and lists what it made', async () => {
  const sandbox = await sandboxes.webcamconsult();
  const injector = await startFaultInjector(await vendorContract('webcamconsult'), sandbox.url, 'create-without-id');
  try {
    const before = await sandboxState(sandbox.url);
    const run = await sandboxRun('webcamconsult', injector.url, sandbox.credentials);
    expect(injector.fired(), 'creates answered without an id').toBeGreaterThan(0);
    expect(run.output).toContain('named no id; the run does not guess one');
    // What the run made stays (it cannot name it), and nothing that was there before changed.
    const changed = stateDifferences(before, await sandboxState(sandbox.url));
    expect(changed.filter((c) => !c.endsWith('was left by the run'))).toEqual([]);
    expect(changed.length).toBeGreaterThan(0);
  } finally {
    await injector.close();
    await sandbox.close();
  }
});

test('a credential bootstrap that fails fails one test, which names the cause; every other test skips, pointing there', async () => {
  const sandbox = await sandboxes.sikka();
  try {
    const credentials = { ...sandbox.credentials, SIKKA_SECRET_KEY: 'not-the-office-secret' };
    const [whole, selected] = await Promise.all([
      sandboxRun('sikka', sandbox.url, credentials),
      // A selection that leaves the bootstrap test out must not turn the run green on skips alone.
      sandboxRun('sikka', sandbox.url, credentials, ['--grep', 'GET /v2/patients ']),
    ]);
    expect(whole.status, whole.output.slice(-3000)).toBe(1);
    expect(count(whole.output, 'failed')).toBe(1);
    expect(whole.output).toMatch(/1\) .*credential bootstrap hands the run a credential/);
    expect(whole.output).toMatch(/SANDBOX_BOOTSTRAP: sikka: GET \/v2\/start answered \d{3}/);
    expect(count(whole.output, 'skipped')).toBeGreaterThan(20);
    expect(selected.status, selected.output.slice(-3000)).toBe(1);
    expect(count(selected.output, 'failed')).toBe(0);
    expect(selected.output).toContain('its target could not be prepared');
  } finally {
    await sandbox.close();
  }
});
