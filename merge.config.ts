import { defineConfig } from '@playwright/test';
import runConfig from './playwright.config.ts';

/**
 * Config for `playwright merge-reports` (run by `npm run report:merge`, scripts/report-merge.ts): the run's own
 * reporters (progress, Allure, JUnit, coverage), with their options, re-emitted over the merged shards; the blob
 * reporter left out. Taken from playwright.config.ts so that a merged report is built exactly as a single run's.
 */
type ReporterEntry = [string, unknown?];
const reporters = (Array.isArray(runConfig.reporter) ? runConfig.reporter : []) as ReporterEntry[];

export default defineConfig({
  testDir: runConfig.testDir,
  reporter: reporters
    .filter(([name]) => name !== 'blob')
    // allure-playwright cannot be configured by a merge as it stands; the wrapper says why.
    .map(([name, options]): ReporterEntry =>
      name === 'allure-playwright' ? ['./src/report/allure-merge-reporter.ts', options] : [name, options],
    ),
});
