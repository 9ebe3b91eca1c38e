/**
 * The one JSON-pointer module, the one canonical-JSON module and the one allOf merge, shared by the generator, the
 * checks and the contract diff.
 */
import { test, expect } from '@playwright/test';
import { canonical, sameJson } from '../../src/contract/canonical.ts';
import { derefObject, followRefs, get, instanceTokens, join, tokensOf } from '../../src/core/pointer.ts';
import { ALSO_MATCHES, intersectTypes, mergeSchemas } from '../../src/contract/schema-merge.ts';

test('pointers: fragment and plain forms, escapes, own members only', () => {
  const document = { paths: { '/a/{b}': { get: { x: 1 } } }, 'm~n': [10, 20], '': 'empty key' };
  expect(tokensOf('#/paths/~1a~1{b}/get')).toEqual(['paths', '/a/{b}', 'get']);
  expect(get(document, '#/paths/~1a~1{b}/get/x')).toBe(1);
  expect(get(document, '/m~0n/1')).toBe(20);
  expect(get(document, '#')).toBe(document);
  expect(get(document, '')).toBe(document);
  expect(get(document, '/')).toBe('empty key');
  expect(instanceTokens('/')).toEqual([]);
  expect(get(document, join('#', 'paths', '/a/{b}', 'get', 'x'))).toBe(1);
  // A vendor document cannot reach the prototype chain through a pointer.
  for (const pointer of ['#/__proto__', '#/constructor', '#/paths/toString']) expect(get(document, pointer), pointer).toBeUndefined();
});

test('$ref chains are followed to the schema they name, and stop on a cycle, a missing target or an external file', () => {
  const document = {
    components: {
      schemas: {
        A: { $ref: '#/components/schemas/B' },
        B: { type: 'string' },
        Loop: { $ref: '#/components/schemas/Loop2' },
        Loop2: { $ref: '#/components/schemas/Loop' },
      },
    },
  };
  expect(followRefs(document, { $ref: '#/components/schemas/A' })).toEqual({ type: 'string' });
  expect(followRefs(document, { $ref: '#/components/schemas/Loop' })).toEqual({ $ref: '#/components/schemas/Loop' });
  expect(followRefs(document, { $ref: 'other.yaml#/x' })).toEqual({ $ref: 'other.yaml#/x' });
  expect(derefObject(document, { $ref: '#/components/schemas/Missing' })).toBeUndefined();
});

test('type intersection: integer is a number, and number with integer is number', () => {
  expect(intersectTypes('number', ['integer', 'string'])).toBe('integer');
  expect(intersectTypes(['number'], ['integer', 'number'])).toBe('number');
  expect(intersectTypes(['string', 'null'], ['null', 'string', 'boolean'])).toEqual(['string', 'null']);
  expect(intersectTypes('string', 'boolean')).toEqual([]);
});

test('allOf merge: bounds tightened, enums and types intersected, members conjoined, patterns kept apart', () => {
  const merged = mergeSchemas(
    { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], minimum: 1, maximum: 9, enum: [1, 2, 3], pattern: '^a' },
    { properties: { a: { maxLength: 3 }, b: {} }, required: ['b'], minimum: 2, maximum: 5, enum: [3, 2, 7], pattern: 'z$' },
  );
  expect(merged).toEqual({
    type: 'object',
    properties: { a: { allOf: [{ type: 'string' }, { maxLength: 3 }] }, b: {} },
    required: ['a', 'b'],
    minimum: 2,
    maximum: 5,
    enum: [2, 3],
    pattern: '^a',
    [ALSO_MATCHES]: ['z$'],
  });
  const variants = { oneOf: [{ type: 'string' }, { type: 'number' }] };
  expect(mergeSchemas(variants, { oneOf: [{ minLength: 1 }] }).oneOf).toEqual([
    { allOf: [{ type: 'string' }, { minLength: 1 }] },
    { allOf: [{ type: 'number' }, { minLength: 1 }] },
  ]);
  expect(mergeSchemas(variants, { oneOf: [{ minLength: 1 }] }, { compositions: 'keep' }).oneOf).toEqual(variants.oneOf);
});

test('canonical JSON ignores key order and tells absent from null', () => {
  expect(canonical({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
  expect(sameJson(undefined, null)).toBe(false);
});
