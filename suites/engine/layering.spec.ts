import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from '../../src/targets/paths.ts';
import {
  closureOf,
  entriesMissingProvider,
  folderCycles,
  layerViolations,
  moduleCycles,
  readImportGraph,
  unplacedFolders,
  type ImportGraph,
  type LayerOrder,
} from './layering/graph.ts';

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

/**
 * The layer order, bottom up, written once. A unit may import units of lower layers only: never a higher layer, and
 * never a peer of its own layer, so no cycle can form between units. A subfolder named here (src/vendors/common,
 * the shared toolkit vendor folders build from, which imports nothing outside itself) is a unit of its own.
 */
const LAYERS: LayerOrder = [
  ['src/core'],
  ['src/contract', 'src/vendors/common'],
  ['src/checks', 'src/diff', 'src/import'],
  ['src/targets'],
  ['src/properties'],
  ['src/generate'],
  ['src/report'],
  ['src/webhooks', 'src/traffic'],
  ['src/safety'],
  ['src/vendors'],
  ['src/cli'],
  ['fixtures'],
  ['suites', 'scripts'],
];

/** Modules that wait for the vendor registry to hand them vendor behaviour (provide… functions). */
const VENDOR_PORTS = [
  'src/core/secret-names.ts',
  'src/checks/vendor-errors.ts',
  'src/targets/sandbox.ts',
  'src/webhooks/target.ts',
  'src/webhooks/checks/index.ts',
];
const VENDOR_REGISTRY = 'src/vendors/registry.ts';

const realTree = () => readImportGraph(ROOT, ['src', 'fixtures', 'suites', 'scripts']);

const planted = (edges: [string, string][]): ImportGraph => ({
  files: [...new Set(edges.flat())],
  edges: edges.map(([from, to]) => ({ from, to })),
});

test.describe('the layer order', () => {
  test('the checker is red on an upward import, a peer import, a module cycle and a folder cycle it is shown', () => {
    const order: LayerOrder = [['src/core'], ['src/checks', 'src/diff'], ['src/targets']];
    expect(layerViolations(planted([['src/targets/a.ts', 'src/core/b.ts']]), order)).toEqual([]);
    expect(layerViolations(planted([['src/core/b.ts', 'src/targets/a.ts']]), order)).toEqual([
      'src/core/b.ts → src/targets/a.ts (src/core may not import the higher layer src/targets)',
    ]);
    expect(layerViolations(planted([['src/checks/a.ts', 'src/diff/b.ts']]), order)).toEqual([
      'src/checks/a.ts → src/diff/b.ts (src/checks may not import its peer src/diff)',
    ]);
    expect(
      moduleCycles(
        planted([
          ['src/core/a.ts', 'src/core/b.ts'],
          ['src/core/b.ts', 'src/core/c.ts'],
          ['src/core/c.ts', 'src/core/a.ts'],
        ]),
      ),
    ).toEqual([['src/core/a.ts', 'src/core/b.ts', 'src/core/c.ts', 'src/core/a.ts']]);
    expect(moduleCycles(planted([['src/core/a.ts', 'src/core/a.ts']]))).toEqual([['src/core/a.ts', 'src/core/a.ts']]);
    expect(moduleCycles(planted([['src/core/a.ts', 'src/core/b.ts']]))).toEqual([]);
    // No two modules close this cycle: it runs between the folders only.
    const folderLoop = planted([
      ['src/checks/a.ts', 'src/targets/x.ts'],
      ['src/targets/y.ts', 'src/checks/b.ts'],
    ]);
    expect(moduleCycles(folderLoop)).toEqual([]);
    expect(folderCycles(folderLoop, order)).toEqual([['src/checks', 'src/targets', 'src/checks']]);
  });

  test('a folder without a declared layer is named, so a new folder cannot slip past the order', () => {
    const order: LayerOrder = [['src/core'], ['src/vendors/common', 'src/checks'], ['src/vendors']];
    const graph = planted([
      ['src/reports/a.ts', 'src/core/b.ts'],
      ['src/vendors/sikka/c.ts', 'src/vendors/common/d.ts'],
    ]);
    expect(unplacedFolders(graph, order)).toEqual(['src/reports']);
    // The longest declared unit holds a file: a vendor folder may import the shared toolkit below it, not the reverse.
    expect(layerViolations(graph, order)).toEqual([]);
    expect(layerViolations(planted([['src/vendors/common/d.ts', 'src/vendors/sikka/c.ts']]), order)).toHaveLength(1);
  });

  test('the reader resolves static, dynamic, side-effect and type imports from the files on disk, and no import in a comment or a string', () => {
    const root = mkdtempSync(join(tmpdir(), 'layering-'));
    try {
      const write = (path: string, text: string) => {
        mkdirSync(join(root, path, '..'), { recursive: true });
        writeFileSync(join(root, path), text);
      };
      write(
        'src/core/wire.ts',
        "import type { T } from '../targets/t.ts';\n// import '../checks/ignored.ts';\nconst s = \"import('../checks/x.ts')\";\n",
      );
      write('src/targets/t.ts', "export { a } from '../core/wire.ts';\nawait import('../checks/c.ts');\nimport '../core/missing.ts';\n");
      write('src/checks/c.ts', 'export const c = 1;\n');
      const graph = readImportGraph(root, ['src']);
      expect(graph.files).toHaveLength(3);
      expect(graph.edges).toEqual(
        expect.arrayContaining([
          { from: 'src/core/wire.ts', to: 'src/targets/t.ts' },
          { from: 'src/targets/t.ts', to: 'src/core/wire.ts' },
          { from: 'src/targets/t.ts', to: 'src/checks/c.ts' },
        ]),
      );
      expect(graph.edges).toHaveLength(3);
      expect(graph.unresolved).toEqual(['src/targets/t.ts → ../core/missing.ts']);
      const order: LayerOrder = [['src/core'], ['src/checks'], ['src/targets']];
      expect(layerViolations(graph, order)).toEqual([
        'src/core/wire.ts → src/targets/t.ts (src/core may not import the higher layer src/targets)',
      ]);
      expect(moduleCycles(graph)).toEqual([['src/core/wire.ts', 'src/targets/t.ts', 'src/core/wire.ts']]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('every folder of src/ has a declared layer, and every import resolves to a file', () => {
    const graph = realTree();
    expect(graph.files.length).toBeGreaterThan(50);
    expect(graph.files.filter((file) => file.startsWith('src/')).length).toBeGreaterThan(50);
    expect(unplacedFolders(graph, LAYERS)).toEqual([]);
    expect(graph.unresolved).toEqual([]);
  });

  test('no import reaches a higher layer or a peer of its own layer', () => {
    const graph = realTree();
    expect(graph.edges.length).toBeGreaterThan(500);
    expect(layerViolations(graph, LAYERS)).toEqual([]);
  });

  test('no cycle between modules, nor between folders', () => {
    const graph = realTree();
    expect(graph.edges.length).toBeGreaterThan(500);
    expect(moduleCycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
    expect(folderCycles(graph, LAYERS).map((cycle) => cycle.join(' → '))).toEqual([]);
  });
});

test.describe('vendor behaviour reaches the engine as data', () => {
  test('redaction, the error rule, the sandbox profiles and the webhook modules load no vendor folder', () => {
    const graph = realTree();
    for (const port of VENDOR_PORTS) {
      const loaded = [...closureOf(graph, port)];
      expect(loaded.length, port).toBeGreaterThan(0);
      expect(
        loaded.filter((file) => file.startsWith('src/vendors/') && !file.startsWith('src/vendors/common/')),
        port,
      ).toEqual([]);
    }
    const redaction = [...closureOf(graph, 'src/report/redact.ts')];
    expect(redaction).toContain('src/core/secret-names.ts');
    expect(redaction.filter((file) => file.startsWith('src/vendors/'))).toEqual([]);
  });

  test('every process entry that loads a module waiting for the vendors also loads the vendor registry', () => {
    expect(
      entriesMissingProvider(planted([['scripts/x.ts', 'src/checks/vendor-errors.ts']]), ['scripts/x.ts'], VENDOR_PORTS, VENDOR_REGISTRY),
    ).toEqual(['scripts/x.ts loads src/checks/vendor-errors.ts but not src/vendors/registry.ts']);
    const graph = realTree();
    // Playwright loads its config in the runner and in every worker, so every spec and reporter runs with the registry.
    const entries = ['playwright.config.ts', ...graph.files.filter((file) => /^scripts\/[^/]+\.ts$/.test(file))];
    expect(entries.length).toBeGreaterThan(5);
    expect(entriesMissingProvider(graph, entries, VENDOR_PORTS, VENDOR_REGISTRY)).toEqual([]);
  });

  test('in a process that never loads the vendors, redaction by name fails with VENDORS_NOT_LOADED instead of letting a vendor credential through', () => {
    const script = [
      "const { scrubValues } = await import('./src/core/secrets.ts');",
      "console.log(scrubValues('key abcdef', ['abcdef']));",
      "const { redactUrl } = await import('./src/report/redact.ts');",
      "try { redactUrl('http://127.0.0.1/?request_key=1', []); console.log('redacted without vendors'); } catch (error) { console.log(String(error.message).split(':')[0]); }",
    ].join('\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual(['key [REDACTED]', 'VENDORS_NOT_LOADED']);
  });
});
