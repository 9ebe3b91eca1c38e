import { rmSync } from 'node:fs';

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
