import { matchCategory, normalizeCategoriesConfig, type CategoryRule } from '@allurereport/core-api';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../../src/targets/paths.ts';

let rules: ReturnType<typeof normalizeCategoriesConfig> | undefined;

/** The Allure category a failure message lands in, by Allure's own matching over allurerc.mjs. */
export async function categoryOf(message: string, status: 'failed' | 'broken' = 'failed'): Promise<string | undefined> {
  rules ??= normalizeCategoriesConfig(
    ((await import(pathToFileURL(join(ROOT, 'allurerc.mjs')).href)).default as { categories: CategoryRule[] }).categories,
  );
  return matchCategory(rules, { status, labels: [], message: `Error: ${message}`, flaky: false })?.name;
}
