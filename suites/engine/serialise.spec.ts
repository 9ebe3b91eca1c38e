import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractFor } from '../../src/contract/cache.ts';
import { encodeBody, formBody, multipartBody } from '../../src/generate/form.ts';
import { serialiseParameter } from '../../src/generate/serialise.ts';
import { corpusDocuments, CORPUS_DIR } from './support/corpus.ts';
import { roundTrip, sameOnWire, type RoundTrip } from './support/round-trip.ts';

/**
 * One serialiser for both request paths, and the property that holds it to Prism's own request parser: every
 * request the example-based plan or the generative phases build is read back by Prism as the values the engine
 * meant to send, except the parts the mock-capability table says Prism cannot read (those are counted, by row).
 */
test.describe.configure({ mode: 'parallel' });

const fixture = fileURLToPath(new URL('./fixtures/serialisation.yaml', import.meta.url));
const GENERATED_PER_OPERATION = 6;

const summary = (result: RoundTrip) =>
  JSON.stringify(
    result.mismatches.slice(0, 5).map((m) => ({ ...m, request: { url: m.request.url, body: m.request.body?.slice(0, 300) } })),
    null,
    2,
  );

test('every parameter style, form and multipart body of the serialisation fixture round-trips through Prism', async () => {
  const contract = await contractFor(fixture);
  const result = await roundTrip(contract, contract.operations, 25);
  expect(result.compared, 'values compared').toBeGreaterThan(100);
  expect(result.mismatches, summary(result)).toEqual([]);
  // The table is used: some parts of this fixture are ones Prism cannot read (cookies, matrix paths, ...).
  expect([...result.unreadable.keys()]).toEqual(expect.arrayContaining(['cookie-parameters', 'path-structured']));
});

test.describe('the property is not blind', () => {
  test('a form body written as the generative phases once wrote it (encoding ignored, null as "null") is caught', async () => {
    const contract = await contractFor(fixture);
    const form = contract.operations.filter((o) => o.key === 'POST /bodies/form');
    const result = await roundTrip(contract, form, 10, {
      mutate: (request) => {
        if (!request.body) return request;
        // The former second serialiser: every field as text, objects as JSON, arrays as repeated keys, no encoding.
        const fields = Object.fromEntries(new URLSearchParams(request.body));
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(fields)) params.append(k.replace(/\[.*$/, ''), v === '' ? 'null' : v);
        return { ...request, body: params.toString() };
      },
    });
    expect(result.mismatches.length).toBeGreaterThan(0);
  });
  test('without the mock-capability table the parts Prism cannot read are mismatches', async () => {
    const contract = await contractFor(fixture);
    const result = await roundTrip(contract, contract.operations, 10, { unreadable: () => [] });
    expect(result.mismatches.map((m) => m.where)).toEqual(expect.arrayContaining([expect.stringMatching(/^(path|query|body)/)]));
  });
});

for (const name of corpusDocuments()) {
  test(`${name}: every request either path builds round-trips through Prism's parser`, async () => {
    test.setTimeout(180_000);
    const contract = await contractFor(join(CORPUS_DIR, name));
    const result = await roundTrip(contract, contract.operations, GENERATED_PER_OPERATION);
    // Documents kept for a class of uncallable operations (see fixtures/documents/SOURCES.md) have nothing to compare;
    // any other compares values, or names the row of the mock's table that makes each of its parts unreadable.
    const named = [...result.unreadable.values()].reduce((n, count) => n + count, 0);
    if (result.parts > 0) expect(result.compared + named, 'values compared or named unreadable').toBeGreaterThan(0);
    expect(result.mismatches, summary(result)).toEqual([]);
  });
}

test.describe('the two paths write the same wire form', () => {
  test('a null is the empty value in every location, never the text "null"', () => {
    expect(serialiseParameter('query', 'q', null)).toEqual({ in: 'query', pairs: [['q', '']] });
    expect(serialiseParameter('header', 'h', null)).toEqual({ in: 'header', text: '' });
    expect(serialiseParameter('query', 'q', [1, null], { explode: false })).toEqual({ in: 'query', pairs: [['q', '1,']] });
    expect(formBody({ a: null })).toBe('a=');
  });
  test('form and multipart bodies follow the media type encoding', () => {
    const encoding = {
      tags: { style: 'pipeDelimited', explode: false },
      filter: { style: 'deepObject' },
      meta: { contentType: 'text/plain' },
    };
    expect(formBody({ tags: ['a', 'b'], filter: { x: 1 } }, encoding)).toBe('tags=a%7Cb&filter%5Bx%5D=1');
    expect(multipartBody({ meta: 'hi' }, encoding).text).toContain('Content-Type: text/plain');
    const encoded = encodeBody({ mediaType: 'application/x-www-form-urlencoded', value: { tags: ['a', 'b'] }, encoding });
    expect(encoded?.text).toBe('tags=a%7Cb');
  });
  test('the comparison is not blind: a value read back differently is a mismatch', () => {
    expect(sameOnWire(['2'], [1, 2])).toBe(false);
    expect(sameOnWire('null', null)).toBe(false);
    expect(sameOnWire({ aB: undefined }, { aB: 'x' })).toBe(false);
    expect(sameOnWire(['1', '2'], [1, 2])).toBe(true);
    expect(sameOnWire(undefined, null)).toBe(true);
  });
});
