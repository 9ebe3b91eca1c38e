import { test, expect } from '@playwright/test';
import { syntheticContract } from '../../src/generate/synthetic.ts';
import { engineFixture, runGate } from './support/nested-run.ts';
import { testPatience } from './support/patience.ts';

// Correctness only: how load, list and run time grow with the size of a document is `npm run bench`'s job.
test.describe.configure({ mode: 'parallel', timeout: testPatience(2) });

test('a Swagger 2.0 JSON document (definitions, x-example, */*, form body, custom format, unused security) becomes a green project', () => {
  const run = runGate({ 'legacy-crm.json': engineFixture('dropin/legacy-crm.json') }, ['--project=legacy-crm']);
  expect(run.status, run.output).toBe(0);
  expect(run.output).toMatch(/\d+ passed/);
});

test('a messy OpenAPI 3.0 document (nullable, oneOf/discriminator, allOf, circular refs, default, binary) becomes a green project with explained skips', () => {
  const run = runGate({ 'messy-30.yaml': engineFixture('dropin/messy-30.yaml') }, ['--project=messy-30', '--reporter=list']);
  expect(run.status, run.output).toBe(0);
  // The `default` response has no status to ask the mock for: a skip of its own, not a failure and not a pass.
  expect(run.output).toMatch(/^\s+-\s+\d+ \[messy-30\] .* › GET \/trees\/\{id\} › default response$/m);
  expect(run.output).toMatch(/^\s+1 skipped$/m);
});

test('a synthetic 500-operation contract with circular $refs loads and lists every operation', () => {
  const listed = runGate({ 'synthetic.json': JSON.stringify(syntheticContract(500)) }, ['--project=synthetic', '--list']);
  expect(listed.status, listed.output).toBe(0);
  const count = Number(listed.output.match(/Total: (\d+) tests? in/)?.[1]);
  expect(count).toBeGreaterThanOrEqual(500 + 2);
});

test('the same synthetic shape runs green end to end (60 operations; the 500-operation run is timed by the bench)', () => {
  const document = JSON.stringify(syntheticContract(60));
  const run = runGate({ 'synthetic.json': document }, ['--project=synthetic', '--workers=2']);
  expect(run.status, run.output.slice(-3000)).toBe(0);
  const passed = Number(run.output.match(/(\d+) passed/)?.[1]);
  expect(passed).toBeGreaterThanOrEqual(60 + 2);
  expect(run.output).not.toMatch(/\d+ (failed|flaky)/);
});
