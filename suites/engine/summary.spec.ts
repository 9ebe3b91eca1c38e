import { test, expect } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSummary, replayLine, type SummaryInput } from '../../src/report/summary.ts';
import { engineFixture, runGateAsync } from './support/nested-run.ts';
import { testPatience } from './support/patience.ts';

const petstore = engineFixture('petstore.yaml');

const green: SummaryInput = {
  status: 'passed',
  counts: { passed: 6, failed: 0, flaky: 0, skipped: 1 },
  durationMs: 12_400,
  failures: [],
  errors: [],
  findings: {
    strict: false,
    findings: { 'document-gap': ['petstore: GET /pets/{pet_id} › statusCodeConformance › undocumented-status (401)'] },
  },
  coverage: {
    status: 'passed',
    coverageMin: null,
    failures: [],
    vendors: {
      petstore: { operations: 1, documented: 3, exercised: 3, passed: 3, failed: 0, skipped: 0, notExercised: 0, percentExercised: 100 },
    },
  },
};

test.describe('run summary (reports/summary.md)', () => {
  test('a green run is short: the verdict, counts, findings, one line of coverage', () => {
    const text = formatSummary(green);
    expect(text.split('\n')[0]).toBe('# API conformance: ✅ PASS');
    expect(text).toContain('6 passed, 0 failed, 1 skipped in 12 s.');
    expect(text).toContain('Coverage, documented operation × status pairs exercised: petstore 3/3 (100%).');
    expect(text).not.toContain('What failed');
    expect(text.trim().split('\n').length).toBeLessThanOrEqual(12);
  });

  test('what a run could not undo in a sandbox is listed before the findings, with ids', () => {
    const text = formatSummary({
      ...green,
      findings: {
        ...green.findings,
        leftInSandbox: [
          {
            project: 'webcamconsult',
            what: 'record',
            operation: 'POST /users.json',
            id: 'abc123',
            reason: 'DELETE /users/{user_id}.json answered 403',
          },
        ],
      },
    });
    const lines = text.split('\n');
    expect(lines.indexOf('## Left in the sandbox')).toBeGreaterThan(0);
    expect(lines.indexOf('## Left in the sandbox')).toBeLessThan(lines.findIndex((l) => l.startsWith('## Findings')));
    expect(text).toContain('- webcamconsult: record `abc123` (POST /users.json): DELETE /users/{user_id}.json answered 403');
    expect(formatSummary(green)).not.toContain('Left in the sandbox');
  });

  test('a red run leads with what failed, by category, each with its replay line; then breaking changes', () => {
    const text = formatSummary({
      ...green,
      status: 'failed',
      counts: { passed: 5, failed: 2, flaky: 0, skipped: 0 },
      failures: [
        {
          project: 'petstore',
          title: 'GET /pets/{pet_id} › 200 example "rex"',
          category: 'contract violation',
          excerpt: ['1 contract violation:', '1. [responseSchemaConformance › schema-type] GET /pets/{pet_id}, status 200, at /id'],
          replay: replayLine('1 contract violation:', 'petstore', ['GET /pets/{pet_id}', '200 example "rex"']),
        },
        {
          project: 'sikka',
          title: 'GET /v2/patients › generative positive @generative',
          category: 'vendor error',
          excerpt: ['VENDOR_ERROR: sikka answered 500'],
          replay: replayLine('Error: replay: FC_SEED=1 FC_PATH=0 npm test -- --project=sikka -g x\nmore', 'sikka', ['x']),
        },
      ],
      diff: {
        ref: 'main',
        commit: '0123456789abcdef',
        summary: { breaking: 1, acknowledged: 0, nonBreaking: 2 },
        findings: [{ contract: 'sikka', kind: 'breaking', rule: 'operation-removed', location: 'GET /v2/patients', message: 'removed' }],
      },
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('# API conformance: ❌ FAIL');
    const failedAt = lines.indexOf('## What failed');
    expect(failedAt).toBeGreaterThan(0);
    expect(failedAt).toBeLessThan(lines.findIndex((l) => l.startsWith('## Findings')));
    expect(text).toContain('- **breaking contract changes**: 1 unacknowledged (below)');
    expect(text).toContain('### contract violation: 1');
    expect(text).toContain('### vendor error: 1');
    expect(text).toContain('replay: `npm test -- --project=petstore -g \'GET /pets/\\{pet_id\\} 200 example "rex"\'`');
    expect(text).toContain('replay: `FC_SEED=1 FC_PATH=0 npm test -- --project=sikka -g x`');
    expect(text).toContain('## Contract changes against main (0123456789ab)');
    expect(text).toContain('- sikka `operation-removed` GET /v2/patients: removed');
    expect(text).toContain('| petstore | 1 | 3/3 (100%) | 3 | 0 | 0 | 0 |');
  });

  test.describe('written by every run', () => {
    test.describe.configure({ mode: 'parallel', timeout: testPatience() });

    test('green: summary.md says PASS and is appended to GITHUB_STEP_SUMMARY', async () => {
      const work = mkdtempSync(join(tmpdir(), 'summary-green-'));
      try {
        const step = join(work, 'step-summary.md');
        writeFileSync(step, 'earlier step\n');
        const run = await runGateAsync(
          { 'petstore.yaml': petstore },
          ['--project=petstore'],
          { GITHUB_STEP_SUMMARY: step },
          { configReporters: true, workDir: work },
        );
        expect(run.status, run.output).toBe(0);
        const summary = readFileSync(join(run.reportsDir, 'summary.md'), 'utf8');
        expect(summary.split('\n')[0]).toBe('# API conformance: ✅ PASS');
        expect(summary).toMatch(/^\d+ passed, 0 failed, \d+ skipped in /m);
        expect(summary).toContain('petstore 3/3 (100%)');
        expect(summary).not.toContain('What failed');
        expect(readFileSync(step, 'utf8')).toBe(`earlier step\n${summary}\n`);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });

    test('red: summary.md leads with the failure, its category, its replay line, and the breaking changes left by contracts:diff', async () => {
      const work = mkdtempSync(join(tmpdir(), 'summary-red-'));
      try {
        const broken = petstore.replace("rex: { value: { id: '7', name: Rex", 'rex: { value: { id: 7, name: Rex');
        expect(broken).not.toBe(petstore);
        const reports = join(work, 'reports');
        mkdirSync(reports, { recursive: true });
        writeFileSync(
          join(reports, 'contracts-diff.json'),
          JSON.stringify({
            ref: 'main',
            commit: 'abcdef0123456789',
            exitCode: 1,
            summary: { breaking: 1, acknowledged: 0, nonBreaking: 0 },
            findings: [
              {
                contract: 'petstore',
                kind: 'breaking',
                rule: 'response-removed',
                location: 'GET /pets/{pet_id} 404',
                message: 'a documented response was removed',
              },
            ],
          }),
        );
        const run = await runGateAsync({ 'petstore.yaml': broken }, ['--project=petstore'], {}, { configReporters: true, workDir: work });
        expect(run.status).toBe(1);
        const summary = readFileSync(join(reports, 'summary.md'), 'utf8');
        const lines = summary.split('\n');
        expect(lines[0]).toBe('# API conformance: ❌ FAIL');
        // The served example breaks its schema: the 200 case fails, and so does the contract's example check.
        expect(lines[2], summary).toMatch(/^\d+ passed, 2 failed, \d+ skipped in /);
        expect(lines[4], summary).toBe('## What failed');
        expect(summary).toContain('- **breaking contract changes**: 1 unacknowledged (below)');
        expect(summary).toMatch(/### contract violation: \d/);
        expect(summary).toContain('- **petstore** › GET /pets/{pet_id} › 200 example "rex" @smoke');
        expect(summary).toContain('[responseSchemaConformance › schema-type] GET /pets/{pet_id}, status 200, at /id');
        expect(summary).toContain(
          'replay: `npm test -- --project=petstore -g \'petstore GET /pets/\\{pet_id\\} 200 example "rex" @smoke\'`',
        );
        expect(summary).toContain('## Contract changes against main (abcdef012345)');
        expect(summary).toContain('- petstore `response-removed` GET /pets/{pet_id} 404: a documented response was removed');
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  });
});
