import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
// Not a direct dependency: installed with Prism and Allure (both read and write XML).
import { XMLValidator } from 'fast-xml-parser';
import { join } from 'node:path';
import { ROOT } from '../../src/targets/paths.ts';
import { engineFixture, runGateAsync, type NestedRun } from './support/nested-run.ts';
import { PATIENCE_MS, testPatience } from './support/patience.ts';
import { isMockUrlVariable, runState } from '../../src/targets/run-state.ts';

// Three whole gate runs and a merge, one after the other: they share one contracts folder (so the same generated
// spec files), and each has its own reports folder, as separate CI machines would.
test.describe.configure({ timeout: testPatience(4) });

const contracts = { 'petstore.yaml': engineFixture('petstore.yaml') };

test('--shard=1/2 and --shard=2/2 merged with `npm run report:merge` give the outcomes of one unsharded run', async () => {
  const work = mkdtempSync(join(tmpdir(), 'shards-'));
  try {
    const gate = (name: string, args: string[]): Promise<NestedRun> =>
      runGateAsync(contracts, ['--project=petstore', ...args], {}, { configReporters: true, workDir: work, reportsDir: join(work, name) });
    const shards = [await gate('shard-1', ['--shard=1/2']), await gate('shard-2', ['--shard=2/2'])];
    const single = await gate('single', []);
    for (const run of [...shards, single]) expect(run.status, run.output).toBe(0);

    // Each shard wrote its blob, named after its shard, and no coverage of its own (it holds half the tests).
    const blobs = join(work, 'blobs');
    mkdirSync(blobs);
    shards.forEach((run, i) => {
      const blob = join(run.reportsDir, 'blob', `report-${i + 1}-of-2.zip`);
      expect(existsSync(blob), run.output).toBe(true);
      expect(existsSync(join(run.reportsDir, 'coverage')), 'a shard judges no coverage').toBe(false);
      copyFileSync(blob, join(blobs, `report-${i + 1}-of-2.zip`));
    });
    expect(existsSync(join(single.reportsDir, 'blob')), 'an unsharded run writes no blob').toBe(false);
    const shardTests = shards.map((run) => allureOutcomes(join(run.reportsDir, 'allure-results')).length);
    expect(
      shardTests.every((n) => n > 0),
      `tests per shard: ${shardTests.join(', ')}`,
    ).toBe(true);

    const mergedDir = join(work, 'merged');
    const merge = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'report-merge.ts'), blobs],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: PATIENCE_MS,
        env: { ...parentEnv(), CONTRACTS_DIR: join(work, 'contracts'), REPORTS_DIR: mergedDir, CI: '', [runState.nested.name]: '1' },
      },
    );
    const mergeOutput = `${merge.stdout}\n${merge.stderr}`;
    expect(merge.status, mergeOutput).toBe(0);
    expect(mergeOutput).toMatch(/report:merge: 2 blob report\(s\) from .* merged in [\d.]+ s/);

    // Allure: the same tests with the same outcomes (the coverage result included), JUnit and coverage alike.
    const merged = allureOutcomes(join(mergedDir, 'allure-results'));
    expect(merged).toEqual(allureOutcomes(join(single.reportsDir, 'allure-results')));
    expect(merged).toContain('coverage:petstore passed');
    expect(merged.length).toBe(shardTests[0] + shardTests[1] + 1);
    expect(junitCounts(join(mergedDir, 'junit.xml'))).toEqual(junitCounts(join(single.reportsDir, 'junit.xml')));
    const cells = (dir: string) =>
      (
        JSON.parse(readFileSync(join(dir, 'coverage', 'petstore.json'), 'utf8')) as { cells: { status: string; state: string }[] }
      ).cells.map((c) => `${c.status} ${c.state}`);
    expect(cells(mergedDir)).toEqual(cells(single.reportsDir));
    expect(mergeOutput).toMatch(/petstore\s+1\s+3\s+3\s+3\s+0\s+0\s+100\.0%/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

/** `fullName status` of every Allure result, sorted: a multiset, so repeated names still count. */
function allureOutcomes(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('-result.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { fullName: string; status: string })
    .map((r) => `${r.fullName} ${r.status}`)
    .sort();
}

/** Test, failure, error and skip counts of a JUnit file; it must parse as one `<testsuites>` document. */
function junitCounts(file: string): Record<string, number> {
  const xml = readFileSync(file, 'utf8');
  expect(XMLValidator.validate(xml), `${file} is well-formed XML`).toBe(true);
  const root = /<testsuites\b([^>]*)>/.exec(xml);
  expect(root, file).not.toBeNull();
  expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  const attribute = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(root![1])?.[1]);
  return {
    tests: attribute('tests'),
    failures: attribute('failures'),
    errors: attribute('errors'),
    skipped: attribute('skipped'),
    testcases: xml.match(/<testcase\b/g)?.length ?? 0,
  };
}

function parentEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(TEST_|PW_|PLAYWRIGHT_|FORCE_COLOR)/.test(key) && !isMockUrlVariable(key)),
  );
}
