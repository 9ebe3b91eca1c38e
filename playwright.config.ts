import { defineConfig } from '@playwright/test';
import { join, relative } from 'node:path';
import type { VendorOptions } from './fixtures/index.ts';
import { discoverContracts } from './src/contract/discover.ts';
import { writeSuiteStubs } from './src/generate/stubs.ts';
import { startFreshResults } from './src/report/results.ts';
import { CONTRACTS_DIR, GENERATED_DIR, REPORTS_DIR, ROOT } from './src/targets/paths.ts';

const contracts = discoverContracts(CONTRACTS_DIR);
const allureResults = join(REPORTS_DIR, 'allure-results');
startFreshResults(allureResults);
writeSuiteStubs(GENERATED_DIR, contracts, join(ROOT, 'src', 'generate', 'suite.ts'));

export default defineConfig<VendorOptions>({
  testDir: './suites',
  outputDir: join(REPORTS_DIR, 'test-results'),
  globalSetup: './src/targets/global-setup.ts',
  fullyParallel: true,
  workers: process.env.WORKERS ? Number(process.env.WORKERS) : 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: [
    [process.env.CI ? 'dot' : 'list'],
    ['allure-playwright', { resultsDir: allureResults, detail: false, suiteTitle: false }],
    ['junit', { outputFile: join(REPORTS_DIR, 'junit.xml') }],
  ],
  projects: [
    ...contracts.map(({ vendor, file }) => ({
      name: vendor,
      testMatch: [`${relative(join(ROOT, 'suites'), GENERATED_DIR)}/${vendor}.contract.spec.ts`, `properties/${vendor}/**/*.spec.ts`, `webhooks/${vendor}/**/*.spec.ts`],
      use: { vendor, contractFile: file },
    })),
    // A gate run started by an engine self-test never runs the self-tests again.
    ...(process.env.CONFORMANCE_NESTED ? [] : [{ name: 'engine', testMatch: ['engine/**/*.spec.ts'] }]),
  ],
});
