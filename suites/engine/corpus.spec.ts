import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractFor } from '../../src/contract/cache.ts';
import { checkDocument, CLASS_DOCUMENTS, corpusDocuments, CORPUS_DIR, positiveCases } from './support/corpus.ts';
import { queryString, serialiseParameter } from '../../src/generate/serialise.ts';

/**
 * Every request a positive case sends must be valid by the contract. The judge is an independent reader of the
 * same document: its Prism mock with request validation on, which lists what it found wrong with a request in
 * `sl-violations` or answers with its own 422/400/401/404 problem. The corpus is public vendor documents.
 */
test.describe.configure({ mode: 'parallel' });

const documents = corpusDocuments();
const FORMATS = ['swagger-2.0', 'openapi-3.0', 'openapi-3.1'];

test('the corpus holds at least 20 public documents of every format, and more than 2000 positive requests', async () => {
  test.setTimeout(120_000 + documents.length * 10_000);
  expect(documents.length).toBeGreaterThanOrEqual(20);
  const contracts = await Promise.all(documents.map((name) => contractFor(join(CORPUS_DIR, name))));
  expect(new Set(contracts.map((c) => c.format))).toEqual(new Set(FORMATS));
  const planned = contracts.reduce((sum, c) => sum + c.operations.reduce((n, op) => n + positiveCases(op).length, 0), 0);
  expect(planned).toBeGreaterThan(2000);
});

for (const name of documents) {
  test(`${name}: the mock rejects none of the positive requests the engine plans`, async () => {
    const contract = await contractFor(join(CORPUS_DIR, name));
    // A budget from the work, not the clock: mock start-up plus a generous allowance per planned request.
    const cases = contract.operations.reduce((n, op) => n + positiveCases(op).length, 0);
    test.setTimeout(60_000 + cases * 1_000);
    const result = await checkDocument(join(CORPUS_DIR, name));
    // A document kept for a class whose requests cannot be sent (a header name no client can write) or that the
    // mock cannot route (a `#` in every path template) sends nothing; each of its cases is then a skip naming why.
    const namedLimit = (reason: string) => /the mock \(Prism\)|not a valid HTTP header name|are required together/.test(reason);
    if (result.skipped.length === cases) expect(result.skipped.filter((s) => !namedLimit(s.reason))).toEqual([]);
    else expect(result.sent, 'requests sent').toBeGreaterThan(0);
    expect(result.sent + result.skipped.length).toBe(cases);
    expect(result.rejections, JSON.stringify(result.rejections.slice(0, 3), null, 2)).toEqual([]);
    // A refusal only where the mock cannot read what was sent is the mock's (a row of its table), and stays rare,
    // except in a document kept for such a class: trimmed to the class, it is most of its cases.
    expect(result.misread.filter((m) => m.rows.length === 0)).toEqual([]);
    const keptForAClass = CLASS_DOCUMENTS.some((c) => c.file === name);
    if (!keptForAClass) expect(result.misread.length, JSON.stringify(result.misread.slice(0, 3))).toBeLessThanOrEqual(cases / 4);
    // A planner that skips instead of sending would pass the assertion above: its skips stay the exception.
    // (Requests Prism cannot read are the mock's limit, and unsendable names the document's, named as such.)
    const plannerSkips = result.skipped.filter((s) => !namedLimit(s.reason));
    if (!keptForAClass) expect(plannerSkips.length, JSON.stringify(plannerSkips.slice(0, 3))).toBeLessThanOrEqual(cases / 4);
  });
}

const fixture = fileURLToPath(new URL('./fixtures/serialisation.yaml', import.meta.url));

test('every parameter style, form and multipart bodies, composition, readOnly/writeOnly and a contradicting example reach the mock valid', async () => {
  const result = await checkDocument(fixture);
  expect(result.rejections, JSON.stringify(result.rejections, null, 2)).toEqual([]);
  // Prism cannot read these two valid requests; they are skips that say so, never failures.
  expect(result.skipped.map((s) => [s.operation, s.reason.match(/mock \(Prism\) cannot read/) !== null])).toEqual([
    ['GET /matrix/{point}', true],
    ['GET /simple/{coords}', true],
  ]);
  expect(result.sent).toBe(7);
});

test.describe('parameter styles (OpenAPI "Style Examples": color = blue | [blue, black, brown] | {R: 100, G: 200, B: 150})', () => {
  const blue = 'blue';
  const list = ['blue', 'black', 'brown'];
  const rgb = { R: 100, G: 200, B: 150 };
  const path = (style: string, explode: boolean, value: unknown) =>
    (serialiseParameter('path', 'color', value, { style, explode }) as { text: string }).text;
  const query = (style: string, explode: boolean, value: unknown) =>
    queryString((serialiseParameter('query', 'color', value, { style, explode }) as { pairs: [string, string][] }).pairs);
  test('matrix', () => {
    expect([path('matrix', false, blue), path('matrix', false, list), path('matrix', false, rgb)]).toEqual([
      ';color=blue',
      ';color=blue,black,brown',
      ';color=R,100,G,200,B,150',
    ]);
    expect([path('matrix', true, list), path('matrix', true, rgb)]).toEqual([';color=blue;color=black;color=brown', ';R=100;G=200;B=150']);
  });
  test('label', () => {
    expect([path('label', false, blue), path('label', false, list), path('label', false, rgb)]).toEqual([
      '.blue',
      '.blue,black,brown',
      '.R,100,G,200,B,150',
    ]);
    expect([path('label', true, list), path('label', true, rgb)]).toEqual(['.blue.black.brown', '.R=100.G=200.B=150']);
  });
  test('simple', () => {
    expect([path('simple', false, list), path('simple', false, rgb), path('simple', true, rgb)]).toEqual([
      'blue,black,brown',
      'R,100,G,200,B,150',
      'R=100,G=200,B=150',
    ]);
  });
  test('form, spaceDelimited, pipeDelimited, deepObject', () => {
    expect([query('form', true, list), query('form', false, list), query('form', true, rgb), query('form', false, rgb)]).toEqual([
      'color=blue&color=black&color=brown',
      'color=blue%2Cblack%2Cbrown',
      'R=100&G=200&B=150',
      'color=R%2C100%2CG%2C200%2CB%2C150',
    ]);
    expect([query('spaceDelimited', false, list), query('pipeDelimited', false, list)]).toEqual([
      'color=blue%20black%20brown',
      'color=blue%7Cblack%7Cbrown',
    ]);
    expect(query('deepObject', true, rgb)).toBe('color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150');
  });
  test('a style a location does not define is refused, so the case becomes a skip', () => {
    expect(() => serialiseParameter('header', 'color', list, { style: 'form' })).toThrow(/only "simple"/);
    expect(() => serialiseParameter('query', 'color', blue, { style: 'deepObject' })).toThrow(/objects only/);
  });
});

test('the check is not blind: a deliberately broken planned request is reported as rejected', async () => {
  const broken = await checkDocument(fixture, {
    mutate: (planned) => {
      // A required query parameter goes missing and a deepObject field leaves its range.
      planned.query = planned.query.filter(([name]) => name !== 'ids').map(([k, v]) => [k, k === 'filter[min]' ? '1' : v]);
      if (planned.body && typeof planned.body.value === 'object')
        planned.body = { ...planned.body, value: { ...(planned.body.value as object), name: 42, title: 'x'.repeat(50) } };
    },
  });
  const rejected = new Set(broken.rejections.map((r) => r.operation));
  expect([...rejected].sort()).toEqual([
    'GET /query',
    'POST /bodies/form',
    'POST /bodies/json',
    'POST /bodies/multipart',
    'PUT /bodies/composed',
  ]);
  expect(broken.rejections.find((r) => r.operation === 'GET /query')?.reasons.join(' ')).toMatch(/ids/);
});
