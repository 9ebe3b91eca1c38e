import * as allurePlaywright from 'allure-playwright';
import type { FullConfig } from '@playwright/test/reporter';

// Loaded by Playwright's own transform, a default import can come back as the CommonJS namespace object.
type AllureReporterClass = typeof allurePlaywright.default;
const AllureReporter: AllureReporterClass =
  (allurePlaywright.default as unknown as { default?: AllureReporterClass }).default ?? allurePlaywright.default;

/**
 * allure-playwright for `playwright merge-reports` (merge.config.ts). Its `onConfigure` reads
 * `config.projects[0].outputDir`, but a merge announces the blobs' projects only after `onConfigure`, so the
 * stock reporter throws "Cannot read properties of undefined (reading 'outputDir')" there. The directories only
 * locate screenshot-diff attachments, which the merged blobs carry with them, so the config's own will do.
 */
export default class AllureMergeReporter extends AllureReporter {
  override onConfigure(config: FullConfig): void {
    if (config.projects.length > 0) return super.onConfigure(config);
    const stand = { outputDir: config.rootDir, snapshotDir: config.rootDir } as FullConfig['projects'][number];
    super.onConfigure({ ...config, projects: [stand] });
  }
}
