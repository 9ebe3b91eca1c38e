import { matchCategory, normalizeCategoriesConfig, type CategoryRule } from '@allurereport/core-api';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../../src/targets/paths.ts';

let rules: ReturnType<typeof normalizeCategoriesConfig> | undefined;

/**
 * The Allure category a failure lands in, by Allure's own matching over allurerc.mjs: its message, and the
 * `finding` labels its test carries (the finding categories match on those).
 */
export async function categoryOf(
  message: string,
  status: 'failed' | 'broken' = 'failed',
  findings: string[] = [],
): Promise<string | undefined> {
  rules ??= normalizeCategoriesConfig(
    ((await import(pathToFileURL(join(ROOT, 'allurerc.mjs')).href)).default as { categories: CategoryRule[] }).categories,
  );
  return matchCategory(rules, {
    status,
    labels: findings.map((value) => ({ name: 'finding', value })),
    message: `Error: ${message}`,
    flaky: false,
  })?.name;
}
