/**
 * `npm run report:merge [blob-folder]`: merges the blob reports of sharded runs (`--shard=i/n`, written to
 * `reports/blob/` by default) with `playwright merge-reports` and merge.config.ts, which re-emits the Allure
 * results, JUnit and the coverage matrix (COVERAGE_MIN included) as one single-machine run would. See docs/ci.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPORTS_DIR, ROOT } from '../src/targets/paths.ts';

const blobDir = resolve(process.argv[2] ?? join(REPORTS_DIR, 'blob'));
const blobs = existsSync(blobDir) ? readdirSync(blobDir).filter((name) => name.endsWith('.zip')) : [];
if (blobs.length === 0) {
  console.error(
    `MERGE_NO_BLOBS: no blob reports (*.zip) in ${blobDir}; run the shards with --shard=i/n (or BLOB=1) first, or pass the folder holding their reports`,
  );
  process.exit(2);
}

// The merged results replace whatever an earlier run left, as a fresh run would (history lives elsewhere).
if (process.env.KEEP_ALLURE_RESULTS !== '1') rmSync(join(REPORTS_DIR, 'allure-results'), { recursive: true, force: true });
rmSync(join(REPORTS_DIR, 'coverage-summary.json'), { force: true });

const started = performance.now();
const cli = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
const merged = spawnSync(process.execPath, [cli, 'merge-reports', '--config', join(ROOT, 'merge.config.ts'), blobDir], {
  cwd: ROOT,
  stdio: 'inherit',
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`report:merge: ${blobs.length} blob report(s) from ${blobDir} merged in ${seconds} s into ${REPORTS_DIR}`);
if (merged.status !== 0) process.exit(merged.status ?? 1);

// merge-reports exits 0 even when the merged tests failed; exit as the single-machine run would have, tests and
// COVERAGE_MIN included, from the verdict the coverage reporter wrote.
const summaryFile = join(REPORTS_DIR, 'coverage-summary.json');
const verdict = existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as { status?: string }) : undefined;
if (verdict?.status && verdict.status !== 'passed') {
  console.error(
    `report:merge: the merged run ${verdict.status === 'failed' ? 'failed' : `ended "${verdict.status}"`}; see the report (and ${summaryFile})`,
  );
  process.exit(1);
}
