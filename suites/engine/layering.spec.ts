import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../../src/targets/paths.ts';

/** Relative module paths a source file imports (static and dynamic), as written. */
export function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('the engine (src/) never imports the Playwright adapters (fixtures/) or the suites', () => {
  const files = filesUnder(join(ROOT, 'src'));
  expect(files.length).toBeGreaterThan(50);
  const crossings = files.flatMap((file) =>
    importsOf(readFileSync(file, 'utf8'))
      .map((spec) => relative(ROOT, join(file, '..', spec)))
      .filter((target) => /^(fixtures|suites)\//.test(target))
      .map((target) => `${relative(ROOT, file)} → ${target}`),
  );
  expect(crossings).toEqual([]);
});

test('the import scan sees static, dynamic and side-effect imports', () => {
  expect(importsOf("import { a } from '../../fixtures/x.ts';\nconst m = await import('../../fixtures/y.ts');\nimport '../z.ts';")).toEqual([
    '../../fixtures/x.ts',
    '../../fixtures/y.ts',
    '../z.ts',
  ]);
});

test('generic engine modules never import a vendor folder: vendor behaviour reaches them through the descriptors', () => {
  const vendorFolders = readdirSync(join(ROOT, 'src/vendors')).filter(
    (name) => name !== 'common' && statSync(join(ROOT, 'src/vendors', name)).isDirectory(),
  );
  expect(vendorFolders.length).toBeGreaterThan(4);
  const files = filesUnder(join(ROOT, 'src')).filter((file) => !relative(ROOT, file).startsWith('src/vendors/'));
  const crossings = files.flatMap((file) =>
    importsOf(readFileSync(file, 'utf8'))
      .map((spec) => relative(ROOT, join(file, '..', spec)))
      .filter((target) => vendorFolders.some((vendor) => target.startsWith(`src/vendors/${vendor}/`)))
      .map((target) => `${relative(ROOT, file)} → ${target}`),
  );
  expect(crossings).toEqual([]);
});
