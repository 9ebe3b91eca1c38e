import { test, expect } from '@playwright/test';
import { engineFixture, runGate } from './support/nested-run.ts';
import { testPatience } from './support/patience.ts';

// Each test runs the whole gate in a child process, mocks included.
test.describe.configure({ mode: 'parallel', timeout: testPatience() });

const petstore = engineFixture('petstore.yaml');

test('a faithful contract passes the gate against its mock', () => {
  const run = runGate({ 'petstore.yaml': petstore }, ['--project=petstore']);
  expect(run.output).toContain('passed');
  expect(run.status, run.output).toBe(0);
});

test('a broken example turns the gate red, naming operation, status and JSON path', () => {
  const broken = petstore.replace("rex: { value: { id: '7', name: Rex", 'rex: { value: { id: 7, name: Rex');
  expect(broken).not.toBe(petstore);
  const run = runGate({ 'petstore.yaml': broken }, ['--project=petstore']);
  expect(run.status).toBe(1);
  expect(run.output).toContain('[responseSchemaConformance › schema-type] GET /pets/{pet_id}, status 200, at /id');
  expect(run.output).toContain('response body /id must be string');
  expect(run.output).toContain('Source: Engine fixture › Pets › 200');
});

test('an invalid contract fails its own project with file and pointer, and the other vendors still run', () => {
  const invalid = petstore.replace('description: A pet', 'summary: A pet');
  const run = runGate({ 'petstore.yaml': petstore, 'broken.yaml': invalid }, ['--project=petstore', '--project=broken']);
  expect(run.status).toBe(1);
  expect(run.output).toMatch(
    /CONTRACT_INVALID: \S*broken\.yaml#\/paths\/~1pets~1\{pet_id\}\/get\/responses\/200: must have required property 'description'/,
  );
  expect(run.output).toMatch(/\[petstore\] .* 200 example "rex"/);
  expect(run.output).toMatch(/1 failed/);
});
