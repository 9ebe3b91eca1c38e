import { test, expect } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractFor } from '../../src/contract/cache.ts';
import { casesFor } from '../../src/generate/cases.ts';
import {
  buildCoverageMatrix,
  coverageAnnotations,
  coverageGate,
  coverageMinFrom,
  documentedPairs,
  formatCoverageAnnotation,
  formatCoverageMarkdown,
  formatCoverageTable,
  parseCoverageAnnotation,
  type CoverageObservation,
  type DocumentedPair,
  type VendorCoverage,
} from '../../src/report/coverage.ts';
import { ROOT } from '../../src/targets/paths.ts';
import { engineFixture, runGateAsync } from './support/nested-run.ts';
import { testPatience } from './support/patience.ts';

const petstoreFile = join(ROOT, 'suites', 'engine', 'fixtures', 'petstore.yaml');
const pair = (status: string): DocumentedPair => ({ operation: 'GET /pets/{pet_id}', method: 'GET', path: '/pets/{pet_id}', status });
const seen = (status: string, outcome: CoverageObservation['outcome'], project = 'petstore', reason?: string): CoverageObservation => ({
  method: 'GET',
  path: '/pets/{pet_id}',
  status,
  outcome,
  project,
  target: project.endsWith('@reference') ? 'reference sandbox' : 'mock',
  title: `${status} case`,
  ...(reason ? { reason } : {}),
});

test.describe('coverage matrix', () => {
  test('the documented pairs are every operation × every documented status', async () => {
    const contract = await contractFor(petstoreFile);
    expect(documentedPairs(contract).map((p) => `${p.operation} ${p.status}`)).toEqual([
      'GET /pets/{pet_id} 200',
      'GET /pets/{pet_id} 204',
      'GET /pets/{pet_id} 400',
    ]);
  });

  test('each generated case names the documented cells it exercises, against the mock and a live target', async () => {
    const contract = await contractFor(petstoreFile);
    const [operation] = contract.operations;
    const cells = (target: 'mock' | 'sandbox') => {
      const cases = casesFor(operation, target);
      return cases.map((c) => [c.title, coverageAnnotations(operation, c, cases).map((a) => a.description)]);
    };
    expect(cells('mock')).toEqual([
      ['200 example "rex"', ['GET /pets/{pet_id} 200']],
      ['204', ['GET /pets/{pet_id} 204']],
      ['400 example "e1"', ['GET /pets/{pet_id} 400']],
      ['rejects a request without query parameter "key"', ['GET /pets/{pet_id} 400']],
    ]);
    // A live target is asked for one success; the skip that stands for the rest names the cells it leaves out.
    expect(cells('sandbox')).toEqual([
      ['200 example "rex"', ['GET /pets/{pet_id} 200']],
      ['other documented responses (2)', ['GET /pets/{pet_id} 204', 'GET /pets/{pet_id} 400']],
      ['rejects a request without query parameter "key"', ['GET /pets/{pet_id} 400']],
    ]);
  });

  test('a skipped operation names all its cells; a "default" response names its own', async () => {
    const contract = await contractFor(petstoreFile);
    const [operation] = contract.operations;
    const skipped = { ...operation, skipReason: 'browser redirect; not an API call' };
    const [notCalled] = casesFor(skipped, 'mock');
    expect(coverageAnnotations(skipped, notCalled, [notCalled]).map((a) => a.description)).toEqual([
      'GET /pets/{pet_id} 200',
      'GET /pets/{pet_id} 204',
      'GET /pets/{pet_id} 400',
    ]);
    const withDefault = { ...operation, responses: [...operation.responses, { ...operation.responses[2], status: 'default' }] };
    const cases = casesFor(withDefault, 'mock');
    const defaultCase = cases.find((c) => c.title === 'default response')!;
    expect(coverageAnnotations(withDefault, defaultCase, cases).map((a) => a.description)).toEqual(['GET /pets/{pet_id} default']);
  });

  test('annotations read back into method, path and status', () => {
    const text = formatCoverageAnnotation('get', '/v2/patients/{id}/notes', '4XX');
    expect(text).toBe('GET /v2/patients/{id}/notes 4XX');
    expect(parseCoverageAnnotation(text)).toEqual({ method: 'GET', path: '/v2/patients/{id}/notes', status: '4XX' });
    expect(parseCoverageAnnotation('Sikka API › Patients')).toBeUndefined();
  });

  test('cells: failed beats passed beats skipped beats not exercised; skips keep their reasons; targets are recorded', () => {
    const matrix = buildCoverageMatrix(
      'petstore',
      [pair('200'), pair('204'), pair('400'), pair('default')],
      [
        seen('200', 'passed'),
        seen('200', 'skipped', 'petstore@reference', 'a live target cannot be asked for 204; the mock run covers them'),
        seen('204', 'passed'),
        seen('204', 'failed', 'petstore@reference'),
        seen('400', 'skipped', 'petstore', 'POST writes to the sandbox; set SANDBOX_WRITES=1 to allow it'),
        seen('400', 'skipped', 'petstore', 'POST writes to the sandbox; set SANDBOX_WRITES=1 to allow it'),
        { ...seen('200', 'passed'), path: '/pets' },
      ],
      { targets: { petstore: 'mock', 'petstore@reference': 'reference sandbox' } },
    );
    expect(matrix.cells.map((c) => [c.status, c.state])).toEqual([
      ['200', 'passed'],
      ['204', 'failed'],
      ['400', 'skipped'],
      ['default', 'not exercised'],
    ]);
    expect(matrix.cells[0].tests.map((t) => `${t.project} (${t.target}): ${t.outcome}`)).toEqual([
      'petstore (mock): passed',
      'petstore@reference (reference sandbox): skipped',
    ]);
    expect(matrix.cells[2].skipReasons).toEqual(['POST writes to the sandbox; set SANDBOX_WRITES=1 to allow it']);
    expect(matrix.cells[3].tests).toEqual([]);
    expect(matrix.summary).toEqual({
      operations: 1,
      documented: 4,
      exercised: 2,
      passed: 1,
      failed: 1,
      skipped: 1,
      notExercised: 1,
      percentExercised: 50,
    });
    expect(matrix.unmatched.map((o) => `${o.method} ${o.path} ${o.status}`)).toEqual(['GET /pets 200']);
    const markdown = formatCoverageMarkdown(matrix);
    expect(markdown).toContain(
      '| `GET /pets/{pet_id}` | 400 | ⏭ skipped | petstore (mock): skipped | POST writes to the sandbox; set SANDBOX_WRITES=1 to allow it |',
    );
    expect(markdown).toContain('| `GET /pets/{pet_id}` | default | · not exercised |  |  |');
  });

  test('COVERAGE_MIN names each vendor below it and by how much; unset means no gate', () => {
    const half = buildCoverageMatrix('lupl', [pair('200'), pair('204')], [seen('200', 'failed')]);
    const full = buildCoverageMatrix('sikka', [pair('200')], [seen('200', 'passed')]);
    const broken: VendorCoverage = { ...buildCoverageMatrix('broken', [], []), error: 'CONTRACT_INVALID: …' };
    expect(coverageGate([half, full, broken], undefined)).toEqual([]);
    expect(coverageGate([half, full, broken], 50)).toEqual([]);
    expect(coverageGate([half, full, broken], 80)).toEqual([
      'COVERAGE_BELOW_MIN: lupl exercised 50% of 2 documented operation×status pairs, 30 points below COVERAGE_MIN=80',
    ]);
    expect(coverageMinFrom({ COVERAGE_MIN: '85%' })).toBe(85);
    expect(coverageMinFrom({})).toBeUndefined();
    expect(() => coverageMinFrom({ COVERAGE_MIN: 'most' })).toThrow(/COVERAGE_MIN must be a number/);
    const table = formatCoverageTable([half, full]);
    expect(table).toMatch(/vendor\s+operations\s+documented pairs\s+exercised\s+passed\s+failed\s+skipped\s+% exercised/);
    expect(table).toMatch(/lupl\s+1\s+2\s+1\s+0\s+1\s+0\s+50\.0%/);
  });
});

test.describe('coverage reporter in a run', () => {
  test.describe.configure({ timeout: testPatience(2) });

  test('COVERAGE_MIN=101 fails a run that passes, naming the vendor; reports/coverage/petstore.json is written', async () => {
    const run = await runGateAsync(
      { 'petstore.yaml': engineFixture('petstore.yaml') },
      ['--project=petstore'],
      { COVERAGE_MIN: '101' },
      { configReporters: true },
    );
    expect(run.output).toContain('6 passed');
    expect(run.output).toMatch(/petstore\s+1\s+3\s+3\s+3\s+0\s+0\s+100\.0%/);
    expect(run.output).toContain(
      'COVERAGE_BELOW_MIN: petstore exercised 100% of 3 documented operation×status pairs, 1 points below COVERAGE_MIN=101',
    );
    expect(run.status, run.output).toBe(1);

    const file = join(run.reportsDir, 'coverage', 'petstore.json');
    expect(existsSync(file), file).toBe(true);
    const matrix = JSON.parse(readFileSync(file, 'utf8')) as VendorCoverage;
    expect(matrix.summary).toMatchObject({ operations: 1, documented: 3, exercised: 3, passed: 3, percentExercised: 100 });
    expect(matrix.cells.map((c) => [c.status, c.state, c.tests.map((t) => `${t.project}/${t.target}`)])).toEqual([
      ['200', 'passed', ['petstore/mock']],
      ['204', 'passed', ['petstore/mock']],
      ['400', 'passed', ['petstore/mock', 'petstore/mock']],
    ]);
    // Shown in Allure: one result per vendor carrying the matrix.
    const allure = join(run.reportsDir, 'allure-results');
    const coverageResult = readResults(allure).find((r) => r.fullName === 'coverage:petstore');
    expect(coverageResult?.status).toBe('failed');
    expect(coverageResult?.description).toContain('# API coverage: petstore');
  });
});

function readResults(dir: string): { fullName: string; status: string; description?: string }[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('-result.json'))
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')));
}
