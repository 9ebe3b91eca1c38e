import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ROOT } from '../../../src/targets/paths.ts';

test.describe.configure({ timeout: 120_000 });

/** One finished Allure result named `name`, as allure-playwright writes it. */
function writeResult(dir: string, name: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const uuid = randomUUID();
  const now = Date.now();
  writeFileSync(
    join(dir, `${uuid}-result.json`),
    JSON.stringify({
      uuid,
      name,
      fullName: `probe:${name}`,
      historyId: uuid,
      testCaseId: uuid,
      status: 'passed',
      stage: 'finished',
      start: now,
      stop: now,
      labels: [{ name: 'parentSuite', value: 'probe' }],
      links: [],
      parameters: [],
      steps: [],
      attachments: [],
    }),
  );
}

test('a second `npm run report` replaces the first: the index.html a user opens shows the latest run', () => {
  const reportsDir = mkdtempSync(join(tmpdir(), 'report-'));
  const env = { ...process.env, REPORTS_DIR: reportsDir, ALLURE_HISTORY_PATH: join(reportsDir, 'history.jsonl'), NO_COLOR: '1' };
  const report = () =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'report.ts')], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 90_000,
    });
  const output = join(reportsDir, 'allure-report');

  writeResult(join(reportsDir, 'allure-results'), 'first run test');
  const first = report();
  expect(first.status, first.stderr).toBe(0);
  expect(readFileSync(join(output, 'test-results.json'), 'utf8')).toContain('first run test');

  writeResult(join(reportsDir, 'allure-results'), 'second run test');
  const second = report();
  expect(second.status, second.stderr).toBe(0);
  expect(second.stdout).toContain('npm run report:open');
  expect(existsSync(join(output, 'awesome')), 'no nested report beside the root one').toBe(false);
  const shown = readFileSync(join(output, 'test-results.json'), 'utf8');
  expect(shown).toContain('second run test');
  expect(shown).not.toContain('first run test');
  expect(existsSync(join(reportsDir, 'history.jsonl')), 'the trend survives the rebuild').toBe(true);
});

test('`npm run report` without results says what to do in one line', () => {
  const reportsDir = mkdtempSync(join(tmpdir(), 'report-'));
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'report.ts')], {
    cwd: ROOT,
    env: { ...process.env, REPORTS_DIR: reportsDir },
    encoding: 'utf8',
  });
  expect(run.status).toBe(2);
  expect(run.stderr.trim()).toMatch(/^REPORT_NO_RESULTS: no Allure results in \S+; run `npm test` first$/);
});
