import { test, expect } from '@playwright/test';
import { syntheticContract } from '../../src/generate/synthetic.ts';
import { engineFixture, runGate } from './support/nested-run.ts';

test.describe.configure({ mode: 'parallel', timeout: 180_000 });

test('a Swagger 2.0 JSON document (definitions, x-example, */*, form body, custom format, unused security) becomes a green project', () => {
  const run = runGate({ 'legacy-crm.json': engineFixture('dropin/legacy-crm.json') }, ['--project=legacy-crm']);
  expect(run.status, run.output).toBe(0);
  expect(run.output).toMatch(/\d+ passed/);
});

test('a messy OpenAPI 3.0 document (nullable, oneOf/discriminator, allOf, circular refs, default, binary) becomes a green project with explained skips', () => {
  const run = runGate({ 'messy-30.yaml': engineFixture('dropin/messy-30.yaml') }, ['--project=messy-30', '--reporter=list']);
  expect(run.status, run.output).toBe(0);
  expect(run.output).toMatch(/default response.*skipped|skipped/);
});

test('a synthetic 500-operation contract with circular $refs loads, lists and runs', () => {
  const document = JSON.stringify(syntheticContract(500));
  const listed = runGate({ 'synthetic.json': document }, ['--project=synthetic', '--list']);
  expect(listed.status, listed.output).toBe(0);
  const count = Number(listed.output.match(/Total: (\d+) tests? in/)?.[1]);
  expect(count).toBeGreaterThanOrEqual(500 + 2);
  const run = runGate({ 'synthetic.json': document }, ['--project=synthetic', '--workers=2']);
  expect(run.status, run.output.slice(-3000)).toBe(0);
  expect(run.output).toContain(`${count} passed`);
});
