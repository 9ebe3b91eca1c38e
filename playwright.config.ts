import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import type { VendorOptions } from './fixtures/index.ts';
import { sandboxVendors } from './fixtures/sandboxes/index.ts';
import { discoverContracts } from './src/contract/discover.ts';
import { operationCounts, stubPattern, writeSuiteStubs } from './src/generate/stubs.ts';
import { reportEnvironment } from './src/report/environment.ts';
import { startFreshResults } from './src/report/results.ts';
import { blobReporter } from './src/report/shard.ts';
import { targetMode } from './src/targets/env.ts';
import { runState } from './src/targets/run-state.ts';
import { environmentProblems, exitOnUsageError, unconfiguredProblems, unknownProjectProblems, UsageError } from './src/targets/config.ts';
import { CONTRACTS_DIR, GENERATED_DIR, REPORTS_DIR, ROOT } from './src/targets/paths.ts';
import { isReferenceProject } from './src/targets/selection.ts';
// Every Playwright process (runner and workers) loads this file: the vendors' rules, profiles and secret names reach
// the engine from here.
import './src/vendors/registry.ts';

const isRunner = process.env.TEST_WORKER_INDEX === undefined;
// Variables and arguments are checked before anything runs or the previous run's results are removed.
const contracts = exitOnUsageError(() => {
  try {
    const found = discoverContracts(CONTRACTS_DIR);
    const problems = isRunner ? environmentProblems(found.map((c) => c.vendor)) : [];
    if (problems.length > 0) throw new UsageError(problems);
    return found;
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError([`CONTRACTS_CONFLICT: ${(error as Error).message}`]);
  }
});
const target = targetMode();
// The reference sandboxes stand in for vendor sandboxes, so the default run exercises the sandbox path too.
const referenceVendors =
  target === 'mock' && !process.env.NO_REFERENCE_SANDBOXES ? sandboxVendors.filter((v) => contracts.some((c) => c.vendor === v)) : [];
// The runner writes the spec stubs (a large contract gets several files, so it reads the operation counts);
// workers start after that and only read them.
if (isRunner)
  writeSuiteStubs(
    GENERATED_DIR,
    contracts,
    join(ROOT, 'fixtures', 'suites', 'contract-suite.ts'),
    referenceVendors,
    await operationCounts(contracts),
  );
const allureResults = join(REPORTS_DIR, 'allure-results');
const listing = process.argv.includes('--list');
const blob = blobReporter(join(REPORTS_DIR, 'blob'));

const projects: { name: string; testMatch: (string | RegExp)[]; use?: VendorOptions }[] = [
  ...contracts.map(({ vendor, file }) => ({
    name: vendor,
    testMatch: [stubPattern(GENERATED_DIR, vendor, 'contract'), `properties/${vendor}/**/*.spec.ts`, `webhooks/${vendor}/**/*.spec.ts`],
    use: { vendor, contractFile: file, targetKind: target },
  })),
  // Each reference sandbox runs twice: its faithful reading and its alternate one (the other defensible answer
  // wherever the document allows several), so that the gate is shown to accept both.
  ...contracts
    .filter(({ vendor }) => referenceVendors.includes(vendor as never))
    .flatMap(({ vendor, file }) =>
      ['@reference', '@reference-alt'].map((suffix) => ({
        name: `${vendor}${suffix}`,
        testMatch: [stubPattern(GENERATED_DIR, vendor, 'reference'), `properties/${vendor}/target/**/*.spec.ts`],
        use: { vendor, contractFile: file, targetKind: 'sandbox' as const },
      })),
    ),
  // A gate run started by an engine self-test never runs the self-tests again.
  ...(runState.nested.read() ? [] : [{ name: 'engine', testMatch: ['engine/**/*.spec.ts'] }]),
];
if (isRunner) {
  exitOnUsageError(() => {
    const plan = projects.map((p) => ({
      name: p.name,
      vendor: p.use?.vendor,
      kind: p.use?.targetKind,
      reference: isReferenceProject(p.name),
    }));
    const problems = [
      ...unknownProjectProblems(
        process.argv,
        plan.map((p) => p.name),
      ),
      ...unconfiguredProblems(plan, process.argv),
    ];
    if (problems.length > 0) throw new UsageError(problems);
  });
  startFreshResults(allureResults);
}

export default defineConfig<VendorOptions>({
  testDir: './suites',
  outputDir: join(REPORTS_DIR, 'test-results'),
  globalSetup: './fixtures/global-setup.ts',
  fullyParallel: true,
  workers: process.env.WORKERS ? Number(process.env.WORKERS) : 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // A hang guard, not a speed limit: on a loaded 2-core machine a Prism answer can take seconds. Requests carry
  // their own time-out (REQUEST_TIMEOUT_MS); a test that runs past this one is stuck, not slow.
  timeout: 120_000,
  // Reporters run in the runner alone, so the environment (a `git` call, a hash of every contract) is read there.
  // `--list` runs nothing, so it reports nothing: the result writers would otherwise add every listed test to the
  // last run's Allure results as skipped (one fsync'd file each) and overwrite its JUnit file.
  reporter: listing
    ? [['list']]
    : [
        [process.env.CI ? 'dot' : 'list'],
        [
          'allure-playwright',
          {
            resultsDir: allureResults,
            detail: false,
            suiteTitle: false,
            environmentInfo: isRunner ? reportEnvironment(contracts, referenceVendors) : {},
          },
        ],
        ['junit', { outputFile: join(REPORTS_DIR, 'junit.xml') }],
        // Coverage matrix per vendor, table at the end, COVERAGE_MIN gate (docs/ci.md). Keep it when passing
        // --reporter on the command line: `--reporter=line,./src/report/coverage-reporter.ts`.
        ['./src/report/coverage-reporter.ts', { allureResultsDir: allureResults }],
        // Findings that do not fail the gate (contract assumptions, document gaps) and run-level warnings.
        ['./src/report/findings-reporter.ts'],
        // reports/summary.md (and GITHUB_STEP_SUMMARY) from the run and the two reporters above: keep it after them.
        ['./src/report/summary-reporter.ts'],
        // Shards (`--shard=i/n`) and BLOB=1 runs also write a blob for `npm run report:merge` (merge.config.ts).
        ...(blob ? [blob] : []),
      ],
  projects,
});
