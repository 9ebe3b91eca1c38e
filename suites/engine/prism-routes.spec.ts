import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { contractFor } from '../../src/contract/cache.ts';
import { syntheticContract } from '../../src/generate/synthetic.ts';
import { mockableDocument, startMock } from '../../src/targets/mock.ts';
import { ROOT } from '../../src/targets/paths.ts';
import { routeIndex, type RoutedOperation } from '../../src/targets/prism-routes.ts';

const require = createRequire(import.meta.url);
const { getHttpOperationsFromSpec } = require('@stoplight/prism-http') as {
  getHttpOperationsFromSpec(document: unknown): Promise<(RoutedOperation & { method: string })[]>;
};
// Prism's own path match, the oracle: the index may hand Prism more operations than match, never fewer.
const { matchPath } = require('@stoplight/prism-http/dist/router/matchPath') as {
  matchPath(requestPath: string, operationPath: string): { _tag: string; right?: string };
};
const { MatchType } = require('@stoplight/prism-http/dist/router/types') as { MatchType: { NOMATCH: string } };
const NOMATCH = MatchType.NOMATCH;
const prismMatches = (requestPath: string, operationPath: string): boolean => {
  const result = matchPath(requestPath, operationPath);
  return result._tag === 'Right' && result.right !== NOMATCH;
};

/** Request paths for an operation path: its templates filled with plain, encoded and odd values. */
function requestPaths(path: string): string[] {
  return ['7', 'a%20b', 'x.json', ''].map((value) => path.replace(/{[^}]+}/g, value));
}

test('the route index hands Prism every operation whose path Prism itself matches, and fewer than all', async () => {
  const documents: [string, unknown][] = [
    ['synthetic 500', syntheticContract(500)],
    ...(await Promise.all(
      readdirSync(join(ROOT, 'contracts'))
        .filter((f) => f.endsWith('.yaml'))
        .map(async (f) => [f, (await contractFor(join(ROOT, 'contracts', f))).document] as [string, unknown]),
    )),
    ...(await Promise.all(
      ['bbc-nitro.yaml', 'museum.yaml', 'box.yaml'].map(
        async (f) => [f, (await contractFor(join(ROOT, 'fixtures', 'documents', f))).document] as [string, unknown],
      ),
    )),
  ];
  let checked = 0;
  for (const [name, document] of documents) {
    const operations = await getHttpOperationsFromSpec(mockableDocument(document as Record<string, unknown>));
    const index = routeIndex(operations);
    let narrowed = 0;
    const paths = [...new Set(operations.flatMap((o) => requestPaths(o.path))), '/', '/no/such/path/anywhere', '//', '/%E0%A4%A'];
    for (const requestPath of paths) {
      const candidates = new Set(index.candidates(requestPath));
      const matching = operations.filter((o) => prismMatches(requestPath, o.path));
      const missing = matching.filter((o) => !candidates.has(o)).map((o) => `${o.method} ${o.path}`);
      expect(missing, `${name}: ${requestPath}`).toEqual([]);
      if (candidates.size < operations.length) narrowed++;
      if (matching.length > 0) checked++;
    }
    if (operations.length > 3) expect(narrowed, `${name}: the index narrows some routes`).toBeGreaterThan(0);
    expect(index.candidates('/no/such/path/anywhere'), `${name}: an unknown path goes to Prism whole`).toHaveLength(operations.length);
  }
  expect(checked).toBeGreaterThan(1000);
});

test('a mock with the index still answers a templated path, 405 for another method and 404 for an unknown path', async () => {
  const contract = await contractFor(join(ROOT, 'suites', 'engine', 'fixtures', 'petstore.yaml'));
  const mock = await startMock(contract);
  try {
    const ok = await fetch(`${mock.url}/pets/7?key=k`);
    expect(ok.status).toBe(200);
    const wrongMethod = await fetch(`${mock.url}/pets/7?key=k`, { method: 'PATCH' });
    expect(wrongMethod.status).toBe(405);
    const unknown = await fetch(`${mock.url}/no/such/path`);
    expect(unknown.status).toBe(404);
  } finally {
    await mock.close();
  }
});

test("a path template Prism never routes is named a mock limitation, and one it routes is not: Prism's own path match is the oracle", async () => {
  const { mockLimitation } = await import('../../src/targets/mock.ts');
  const templates = [
    '/api/projects{.format}',
    '/files/{proxy+}',
    '/v1/{name*}',
    '/v1/{$id}',
    '/api/projects/{id}',
    '/api/projects/{project-id}',
    '/api/projects/{project_id}.json',
  ];
  for (const template of templates) {
    const routed = ['7', 'x.json', 'abc'].some((value) => prismMatches(template.replace(/{[^}]+}/g, value), template));
    const named = mockLimitation({ path: template, parameters: [], requestBody: undefined });
    expect(named === undefined, `${template}: Prism routes it: ${routed}; named: ${named}`).toBe(routed);
  }
});
