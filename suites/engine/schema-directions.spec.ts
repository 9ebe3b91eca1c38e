/** One validator factory, three readings of `required`: as written, as a request carries it, as a response does. */
import { expect, test } from '@playwright/test';
import { requestValidatorsOf, SchemaValidators, type SchemaDirection } from '../../src/checks/schema-validators.ts';

const contract = {
  vendor: 'directions',
  format: 'openapi-3.0' as const,
  document: {
    openapi: '3.0.3',
    components: {
      schemas: {
        Id: { type: 'string', readOnly: true },
        Account: {
          type: 'object',
          required: ['id', 'password', 'name'],
          properties: { id: { $ref: '#/components/schemas/Id' }, password: { type: 'string', writeOnly: true }, name: { type: 'string' } },
        },
      },
    },
  },
};
const pointer = '#/components/schemas/Account';
const missing = (direction: SchemaDirection, value: unknown) => new SchemaValidators(contract, direction).problems(pointer, value);

test('request: a readOnly property is not required; response: a writeOnly one is not; as written: both are', () => {
  expect(missing('as-written', { name: 'n' })).toEqual(["/ must have required property 'id'", "/ must have required property 'password'"]);
  expect(missing('request', { name: 'n' })).toEqual(["/ must have required property 'password'"]);
  expect(missing('response', { name: 'n' })).toEqual(["/ must have required property 'id'"]);
  // What no side may leave out is required on every side.
  expect(missing('request', { id: 'i', password: 'p' })).toEqual(["/ must have required property 'name'"]);
  expect(missing('request', { password: 'p', name: 'n' })).toEqual([]);
});

test('the request-side validators are made once per document; a schema that cannot compile says nothing either way', () => {
  expect(requestValidatorsOf(contract)).toBe(requestValidatorsOf(contract));
  expect(requestValidatorsOf(contract).problems('#/components/schemas/Nowhere', {})).toBeUndefined();
  expect(new SchemaValidators(contract).validate('#/components/schemas/Nowhere', {})[0].keyword).toBe('compile');
});
