import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGateAsync } from '../support/nested-run.ts';
import { testPatience } from '../support/patience.ts';
import { CONTRACTS } from './support.ts';

// Each test runs the gate over imported drafts against their own mocks, in a child process; two run side by side.
test.describe.configure({ mode: 'parallel', timeout: testPatience() });

/**
 * A spread of the committed imports (fixtures/imports/SOURCES.md): every shape once, so that the self-test stays
 * short; the whole set is run by hand the same way (`CONTRACTS_DIR=fixtures/imports/contracts`).
 */
const POSTMAN = ['newman-sample', 'postman-echo', 'adyen-recurring'];
const BLUEPRINT = ['apib-07-parameters', 'apib-14-json-schema', 'apib-real-world-api'];

for (const [label, names] of [
  ['Postman collections', POSTMAN],
  ['API Blueprints', BLUEPRINT],
] as const) {
  test(`drafts imported from ${label} run green against their own mocks`, async () => {
    const contracts = Object.fromEntries(names.map((n) => [`${n}.yaml`, readFileSync(join(CONTRACTS, `${n}.yaml`), 'utf8')]));
    const run = await runGateAsync(
      contracts,
      names.map((n) => `--project=${n}`),
    );
    expect(run.status, run.output).toBe(0);
    const passed = Number(/(\d+) passed/.exec(run.output)?.[1] ?? 0);
    expect(passed, run.output).toBeGreaterThanOrEqual(names.length * 3);
    expect(run.output).not.toMatch(/\d+ failed/);
  });
}
