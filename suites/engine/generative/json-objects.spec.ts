import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import type { Contract } from '../../../src/contract/types.ts';
import { schemaArbitrary } from '../../../src/generate/arbitraries/schema-arbitrary.ts';

// JSON text never parses to an object without a prototype; ajv's deep equality (enum, const, uniqueItems) calls
// `valueOf` on objects and throws on one. Generated objects must be the objects a vendor's JSON would be.
test('generated objects are plain JSON objects, and ajv judges them without throwing', () => {
  const schema = {
    type: 'array',
    uniqueItems: true,
    minItems: 1,
    items: {
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'integer' }, nested: { type: 'object', properties: { b: { type: 'string' } } } },
      patternProperties: { '^x-[a-z]+$': { type: 'string' } },
    },
  };
  const document = { openapi: '3.0.3', paths: {}, components: { schemas: { List: schema } } };
  const validators = new SchemaValidators({ document, format: 'openapi-3.0' } as unknown as Contract);
  const values = fc.sample(schemaArbitrary(schema, { document, direction: 'request', dialect: 'openapi-3.0' }), 300) as Record<
    string,
    unknown
  >[][];
  const objects = values.flatMap((list) => list.flatMap((item) => [item, ...(item.nested ? [item.nested] : [])]));
  expect(objects.length).toBeGreaterThan(300);
  expect(objects.filter((o) => Object.getPrototypeOf(o) !== Object.prototype)).toEqual([]);
  for (const value of values) expect(() => validators.validate('#/components/schemas/List', value)).not.toThrow();
});
