import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface Shard {
  current: number;
  total: number;
}

/** `--shard=2/3` or `--shard 2/3` on the command line; undefined otherwise. */
export function shardFromArgv(argv: readonly string[] = process.argv): Shard | undefined {
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i].startsWith('--shard=') ? argv[i].slice('--shard='.length) : argv[i] === '--shard' ? argv[i + 1] : undefined;
    const match = value ? /^(\d+)\/(\d+)$/.exec(value) : null;
    if (match) return { current: Number(match[1]), total: Number(match[2]) };
  }
  return undefined;
}

/**
 * The blob reporter entry for a sharded run (`--shard=i/n`) or any run with `BLOB=1`: `<blobDir>/report-<i>-of-<n>.zip`
 * (`report.zip` unsharded), which `npm run report:merge` merges. Undefined otherwise, so a plain run writes no blob.
 *
 * Playwright's blob reporter empties its whole folder first; shards that share one machine and one reports folder
 * would then delete each other's blobs, so it is told to keep the folder, and only blobs of another shard count
 * (a stale split) are removed here. Called by the runner's config load only (workers do not see `--shard`).
 */
export function blobReporter(
  blobDir: string,
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): ['blob', { outputDir: string; fileName: string }] | undefined {
  const shard = shardFromArgv(argv);
  if (!shard && env.BLOB !== '1') return undefined;
  // Only a test run writes blobs; `merge-reports` loads this config too (merge.config.ts) and must not prune them.
  if (env.TEST_WORKER_INDEX !== undefined || !argv.includes('test') || argv.includes('--list')) return undefined;
  const fileName = shard ? `report-${shard.current}-of-${shard.total}.zip` : 'report.zip';
  mkdirSync(blobDir, { recursive: true });
  for (const name of readdirSync(blobDir)) {
    const other = shard ? /^report-\d+-of-(\d+)\.zip$/.exec(name)?.[1] !== String(shard.total) : true;
    if (name.endsWith('.zip') && name !== fileName && other) rmSync(join(blobDir, name), { force: true });
  }
  // Read by Playwright's blob reporter when it prepares its file (packages/playwright/src/reporters/blob.ts).
  env.PWTEST_BLOB_DO_NOT_REMOVE = '1';
  return ['blob', { outputDir: blobDir, fileName }];
}
