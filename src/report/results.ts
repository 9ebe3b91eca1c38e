import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Empties the Allure results folder at the start of a run, so a report shows this run only (history is kept
 * separately by Allure). Only the runner does it, never a worker, and never a listing or a merge.
 */
export function startFreshResults(resultsDir: string, argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): void {
  const isWorker = env.TEST_WORKER_INDEX !== undefined;
  const isRun = argv.includes('test') && !argv.includes('--list');
  if (isWorker || !isRun || env.KEEP_ALLURE_RESULTS === '1') return;
  rmSync(resultsDir, { recursive: true, force: true });
}

/**
 * Removes the empty folders Playwright leaves for every test under its output folder (one per test, even when a
 * test writes nothing), so that what remains is what a failure left to look at. Returns how many were removed.
 */
export function pruneEmptyFolders(dir: string): number {
  let removed = 0;
  const visit = (folder: string): boolean => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return false;
    }
    let empty = true;
    for (const entry of entries) {
      if (entry.isDirectory() && visit(join(folder, entry.name))) continue;
      empty = false;
    }
    if (!empty || folder === dir) return false;
    try {
      rmdirSync(folder);
      removed++;
      return true;
    } catch {
      return false; // a file appeared meanwhile
    }
  };
  visit(dir);
  return removed;
}
