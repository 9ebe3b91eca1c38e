import { test, expect } from '@playwright/test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { isSelfContained } from '../../src/contract/load.ts';
import { isObject, resolve as resolvePointer } from '../../src/core/pointer.ts';
import { syntheticContract } from '../../src/generate/synthetic.ts';
import { ROOT } from '../../src/targets/paths.ts';
import { CORPUS_DIR, corpusDocuments } from './support/corpus.ts';

// A document whose references are all plain local pointers skips the ref parser's bundle step, which costs the square
// of the references. These tests hold the two promises that makes: such a document is recognised only when bundling
// would change nothing that matters, and on every real document where it is, bundling would only re-spell chains.

const schemas = (components: Record<string, unknown>) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {},
  components: { schemas: components },
});

test('plain local references are self-contained; anything the ref parser would resolve differently is not', () => {
  expect(isSelfContained(schemas({ A: { type: 'string' }, B: { $ref: '#/components/schemas/A' } }))).toBe(true);
  expect(isSelfContained(schemas({ A: { type: 'object', properties: { b: { $ref: '#' } } } }))).toBe(true);
  // An external file: only the ref parser reads it.
  expect(isSelfContained(schemas({ A: { $ref: 'common.yaml#/Pet' } }))).toBe(false);
  // A pointer through a reference: the ref parser follows A's $ref to B, plain lookup would not.
  expect(
    isSelfContained(
      schemas({
        A: { $ref: '#/components/schemas/B' },
        B: { properties: { x: { type: 'string' } } },
        C: { $ref: '#/components/schemas/A/properties/x' },
      }),
    ),
  ).toBe(false);
  // The same through a reference that has siblings (3.1): the sibling is not what the ref parser reaches.
  expect(
    isSelfContained(
      schemas({
        A: { $ref: '#/components/schemas/B', properties: { x: { type: 'integer' } } },
        B: { properties: { x: { type: 'string' } } },
        C: { $ref: '#/components/schemas/A/properties/x' },
      }),
    ),
  ).toBe(false);
  // Percent-encoded and unresolvable pointers go to the ref parser, which decodes or reports them.
  expect(isSelfContained(schemas({ 'A B': { type: 'string' }, C: { $ref: '#/components/schemas/A%20B' } }))).toBe(false);
  expect(isSelfContained(schemas({ C: { $ref: '#/components/schemas/Missing' } }))).toBe(false);
  // A schema resource with its own $id: fragments inside it resolve against it, which only the ref parser follows.
  expect(
    isSelfContained(
      schemas({ A: { $id: 'https://example.test/a', properties: { b: { $ref: '#/components/schemas/B' } } }, B: { type: 'string' } }),
    ),
  ).toBe(false);
  // An escaped token (~1 for "/") is a plain pointer.
  expect(isSelfContained({ ...schemas({}), paths: { '/a': { get: {} } }, 'x-b': { $ref: '#/paths/~1a/get' } })).toBe(true);
});

/** Every `$ref` of a document with where its chain of local references ends. */
function refTargets(document: unknown): { at: string; target: string }[] {
  const out: { at: string; target: string }[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${at}/${i}`));
    else if (isObject(node))
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') out.push({ at, target: resolvePointer(document, value).pointer });
        else walk(value, `${at}/${key}`);
      }
  };
  walk(document, '#');
  return out;
}

/** The document with every `$ref` value blanked: what must be equal apart from how references are spelt. */
const withoutRefs = (node: unknown): unknown =>
  Array.isArray(node)
    ? node.map(withoutRefs)
    : isObject(node)
      ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? '' : withoutRefs(v)]))
      : node;

test('on every self-contained OpenAPI 3 document of the corpus and the contracts, bundling would only re-spell reference chains', async () => {
  const files = [
    ...corpusDocuments().map((name) => join(CORPUS_DIR, name)),
    ...readdirSync(join(ROOT, 'contracts')).map((name) => join(ROOT, 'contracts', name)),
  ];
  const synthetic = join(mkdtempSync(join(tmpdir(), 'synthetic-')), 'synthetic.json');
  writeFileSync(synthetic, JSON.stringify(syntheticContract(300)));
  const documents = [
    ...files.map((file) => ({ file, document: parse(readFileSync(file, 'utf8'), { maxAliasCount: -1 }) as Record<string, unknown> })),
    { file: synthetic, document: JSON.parse(readFileSync(synthetic, 'utf8')) as Record<string, unknown> },
  ].filter(({ document }) => String(document.openapi ?? '').startsWith('3.'));
  let compared = 0;
  let respelt = 0;
  for (const { file, document } of documents) {
    if (!isSelfContained(document)) continue;
    const bundled = await SwaggerParser.bundle(file, structuredClone(document) as never);
    expect(isDeepStrictEqual(withoutRefs(bundled), withoutRefs(document)), `${file}: bundling changed more than references`).toBe(true);
    expect(refTargets(bundled), `${file}: a reference ends elsewhere after bundling`).toEqual(refTargets(document));
    compared++;
    if (!isDeepStrictEqual(bundled, document)) respelt++;
  }
  expect(compared, 'self-contained documents compared').toBeGreaterThanOrEqual(15);
  // The comparison sees differences: bundling re-spells chains in some documents (bbc-nitro's `A → B` becomes `B`).
  expect(respelt, 'documents whose references bundling re-spelt').toBeGreaterThan(0);
});
