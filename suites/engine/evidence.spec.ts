import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationsOfPart, partsFor, stubName, stubPattern, OPERATIONS_PER_FILE } from '../../src/generate/stubs.ts';
import { engineFixture, runGateAsync } from './support/nested-run.ts';
import { testPatience } from './support/patience.ts';

test.describe.configure({ timeout: testPatience() });

interface AllureResult {
  name: string;
  status: string;
  labels: { name: string; value: string }[];
  attachments: { name: string }[];
  steps: { attachments: { name: string }[] }[];
}

/** The Allure results of a run's generated tests (several share a title: each operation has its phases). */
function results(reportsDir: string): AllureResult[] {
  const dir = join(reportsDir, 'allure-results');
  return readdirSync(dir)
    .filter((name) => name.endsWith('-result.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as AllureResult);
}

const attachmentsOf = (result: AllureResult): string[] => [
  ...result.attachments.map((a) => a.name),
  ...result.steps.flatMap((s) => s.attachments.map((a) => a.name)),
];
const label = (result: AllureResult, name: string) => result.labels.find((l) => l.name === name)?.value;

// The mock serves example "rex"; with a numeric id it breaks the documented schema (id: string).
const broken = engineFixture('petstore.yaml').replace("rex: { value: { id: '7', name: Rex", 'rex: { value: { id: 7, name: Rex');

test('a failing test carries its exchange and violations in the report, a clean pass none; REPORT_EXCHANGES=all keeps every one', async () => {
  expect(broken).toContain('id: 7, name: Rex');
  // Beside the broken contract, the same contract as written (vendor `tidy`), whose generative phases all pass.
  // The second run, the contract as written with REPORT_EXCHANGES=all, is independent: both run at once.
  const [run, everything] = await Promise.all([
    runGateAsync(
      { 'petstore.yaml': broken, 'tidy.yaml': engineFixture('petstore.yaml') },
      ['--project=petstore', '--project=tidy'],
      { GEN_PHASES: 'on' },
      { configReporters: true },
    ),
    runGateAsync(
      { 'petstore.yaml': engineFixture('petstore.yaml') },
      ['--project=petstore'],
      { REPORT_EXCHANGES: 'all', GEN_PHASES: 'on' },
      { configReporters: true },
    ),
  ]);
  expect(run.status, run.output).toBe(1);
  const all = results(run.reportsDir);
  const ofPetstore = all.filter((r) => label(r, 'epic') === 'petstore');
  const failed = ofPetstore.filter((r) => r.status === 'failed' && /rex/.test(r.name));
  const passed = ofPetstore.filter((r) => r.status === 'passed' && label(r, 'operationId') === 'getPet');
  expect(failed.length, run.output).toBeGreaterThan(0);
  expect(passed.length, run.output).toBeGreaterThan(0);
  for (const result of failed) {
    expect(attachmentsOf(result), result.name).toEqual(expect.arrayContaining(['exchange', 'violations']));
    expect(label(result, 'epic'), result.name).toBe('petstore');
    expect(label(result, 'feature'), result.name).toBe('GET /pets/{pet_id}');
    expect(label(result, 'check'), result.name).toBe('documented-response');
  }
  for (const result of passed) {
    expect(attachmentsOf(result), result.name).not.toContain('exchange');
    expect(label(result, 'vendor'), result.name).toBe('petstore');
  }
  // The generative phases: labelled statically like the example tests; a clean phase keeps no exchange unless it
  // has something to say, a failing one keeps its violations.
  const generative = (of: AllureResult[], status: string) =>
    of.filter((r) => r.status === status && label(r, 'story')?.startsWith('generative '));
  const cleanPositive = generative(all, 'passed').filter((r) => label(r, 'story') === 'generative positive');
  expect(cleanPositive.length, run.output).toBeGreaterThan(0);
  for (const result of generative(all, 'passed')) {
    expect(['petstore', 'tidy'], result.name).toContain(label(result, 'epic'));
    expect(label(result, 'check'), result.name).toMatch(/^generative-(positive|negative|stateful)$/);
  }
  for (const result of cleanPositive) expect(attachmentsOf(result), result.name).not.toContain('last request');
  const failedPhases = generative(ofPetstore, 'failed');
  expect(failedPhases.length, run.output).toBeGreaterThan(0);
  for (const result of failedPhases)
    expect(attachmentsOf(result), result.name).toEqual(expect.arrayContaining(['smallest failing request', 'violations']));

  // The contract as written, so that every phase passes: with REPORT_EXCHANGES=all a clean pass keeps its exchange.
  expect(everything.status, everything.output).toBe(0);
  const cleanPasses = results(everything.reportsDir).filter(
    (r) => r.status === 'passed' && label(r, 'operationId') === 'getPet' && label(r, 'story') === undefined,
  );
  expect(cleanPasses.length, everything.output).toBeGreaterThan(0);
  for (const result of cleanPasses) expect(attachmentsOf(result), result.name).toContain('exchange');
  const keptPositive = results(everything.reportsDir).filter((r) => r.status === 'passed' && label(r, 'story') === 'generative positive');
  expect(keptPositive.length, everything.output).toBeGreaterThan(0);
  for (const result of keptPositive) expect(attachmentsOf(result), result.name).toContain('last request');
});

test('a large contract is spread over spec files that hold every operation exactly once', () => {
  expect(partsFor(undefined)).toBe(1);
  expect(partsFor(0)).toBe(1);
  expect(partsFor(OPERATIONS_PER_FILE)).toBe(1);
  expect(partsFor(OPERATIONS_PER_FILE + 1)).toBe(2);
  let checked = 0;
  for (const count of [0, 1, 7, OPERATIONS_PER_FILE, OPERATIONS_PER_FILE + 1, 499, 500, 5000]) {
    const operations = Array.from({ length: count }, (_, i) => i);
    const parts = partsFor(count);
    const spread = Array.from({ length: parts }, (_, i) => operationsOfPart(operations, i + 1, parts));
    expect(spread.flat(), `${count} operations`).toEqual(operations);
    for (const slice of spread) expect(slice.length, `${count} operations`).toBeLessThanOrEqual(OPERATIONS_PER_FILE);
    checked++;
  }
  expect(checked).toBe(8);

  const dir = '/work/suites/generated/contracts';
  const pattern = stubPattern(dir, 'sikka', 'contract');
  expect(stubName('sikka', 'contract')).toBe('sikka.contract.spec.ts');
  expect(stubName('sikka', 'reference', 3)).toBe('sikka.reference-3.spec.ts');
  expect(pattern.test(join(dir, stubName('sikka', 'contract')))).toBe(true);
  expect(pattern.test(join(dir, stubName('sikka', 'contract', 12)))).toBe(true);
  expect(pattern.test(join(dir, stubName('sikka', 'reference')))).toBe(false);
  expect(pattern.test(join(dir, stubName('sikka-v2', 'contract')))).toBe(false);
  expect(pattern.test(join('/elsewhere', stubName('sikka', 'contract')))).toBe(false);
});
