import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import { schemaArbitrary, UnsatisfiableSchema } from '../../../src/generate/arbitraries/schema-arbitrary.ts';
import { requestView, responseView } from '../../../src/generate/arbitraries/validity.ts';

/** Shapes of real-world documents whose compositions the generator once got wrong, each with the values it must draw. */
type Direction = 'request' | 'response';

function documentOf(schemas: Record<string, unknown>) {
  return { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, components: { schemas } };
}

/** Values drawn for a component, each with the validator's errors (none when valid). */
function drawn(schemas: Record<string, unknown>, name: string, direction: Direction = 'response', runs = 100) {
  const document = documentOf(schemas);
  const view = direction === 'request' ? requestView(document) : responseView(document);
  const validators = new SchemaValidators({ document: view, format: 'openapi-3.0', vendor: `compositions-${name.toLowerCase()}` });
  const pointer = `#/components/schemas/${name}`;
  const values = fc.sample(schemaArbitrary({ $ref: pointer }, { document, direction, dialect: 'openapi-3.0' }), {
    seed: 11,
    numRuns: runs,
  });
  return values.map((value) => ({ value, errors: validators.validate(pointer, value).map((e) => `${e.path} ${e.message}`) }));
}

function expectAllValid(schemas: Record<string, unknown>, name: string, direction: Direction = 'response') {
  const values = drawn(schemas, name, direction);
  expect(values.length, 'values drawn').toBeGreaterThan(0);
  expect(values.filter((v) => v.errors.length > 0).slice(0, 3)).toEqual([]);
  return values.map((v) => v.value);
}

function unsatisfiable(schemas: Record<string, unknown>, name: string) {
  return () =>
    schemaArbitrary(
      { $ref: `#/components/schemas/${name}` },
      { document: documentOf(schemas), direction: 'response', dialect: 'openapi-3.0' },
    );
}

test.describe('schema arbitraries: compositions', () => {
  test('an enum beside allOf narrows the referenced list; a list that shares no value is unsatisfiable', () => {
    const schemas = {
      MpiName: { type: 'string', enum: ['PayvisionMpi', 'CardinalCommerce', 'Other'] },
      Narrowed: { allOf: [{ $ref: '#/components/schemas/MpiName' }], enum: ['Payvision3DS2', 'CardinalCommerce'] },
      Disjoint: { allOf: [{ $ref: '#/components/schemas/MpiName' }], enum: ['InovioMpi'] },
    };
    expect(new Set(expectAllValid(schemas, 'Narrowed'))).toEqual(new Set(['CardinalCommerce']));
    expect(unsatisfiable(schemas, 'Disjoint')).toThrow(UnsatisfiableSchema);
  });

  test('allOf branches that both describe array items: each item fits both, and no item at all when they disagree', () => {
    const link = (rels: string[]) => ({
      type: 'object',
      required: ['rel', 'href'],
      properties: { rel: { type: 'string', enum: rels }, href: { type: 'string' } },
    });
    const schemas = {
      ItemList: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: {} } } } },
      StringList: {
        allOf: [
          { $ref: '#/components/schemas/ItemList' },
          { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'string' } } } },
        ],
      },
      Order: {
        allOf: [
          {
            type: 'object',
            properties: { _links: { type: 'array', items: { anyOf: [link(['self']), link(['customer']), link(['invoice'])] } } },
          },
          {
            type: 'object',
            properties: { _links: { type: 'array', items: { anyOf: [link(['self']), link(['customer']), link(['leadSource'])] } } },
          },
        ],
      },
    };
    const lists = expectAllValid(schemas, 'StringList') as { items?: unknown[] }[];
    expect(lists.every((v) => Array.isArray(v.items) && v.items.length === 0)).toBe(true);
    const orders = expectAllValid(schemas, 'Order') as { _links?: { rel: string }[] }[];
    const rels = new Set(orders.flatMap((o) => (o._links ?? []).map((l) => l.rel)));
    expect(rels).toEqual(new Set(['self', 'customer']));
  });

  test('OpenAPI 3.0 nullable beside allOf: null only when every branch with a type allows it', () => {
    const schemas = {
      ResourceId: { type: 'string', maxLength: 36 },
      ReviewerId: { allOf: [{ $ref: '#/components/schemas/ResourceId' }], type: 'string', nullable: true },
      Nullable: { allOf: [{ type: 'string', nullable: true }, { description: 'no type' }], type: 'string', nullable: true },
    };
    expect(expectAllValid(schemas, 'ReviewerId')).not.toContain(null);
    expect(expectAllValid(schemas, 'Nullable')).toContain(null);
  });

  test('closed allOf branches: a member one of them requires and another forbids makes the object unsatisfiable, and an optional member of that kind is left out', () => {
    const schemas = {
      Reference: { type: 'object', additionalProperties: false, required: ['href'], properties: { href: { type: 'string' } } },
      Deprecation: {
        type: 'object',
        additionalProperties: false,
        required: ['deprecated'],
        properties: { deprecated: { type: 'boolean' } },
      },
      DeprecatedReference: { allOf: [{ $ref: '#/components/schemas/Reference' }, { $ref: '#/components/schemas/Deprecation' }] },
      // additionalProperties: false beside anyOf, with no properties of its own: only {} fits, and every branch requires more.
      Image: {
        type: 'object',
        additionalProperties: false,
        anyOf: [
          { $ref: '#/components/schemas/Deprecation' },
          { type: 'object', required: ['template_url'], properties: { template_url: { type: 'string' } } },
        ],
      },
      Brand: {
        type: 'object',
        required: ['title'],
        properties: {
          title: { type: 'string' },
          genres: { $ref: '#/components/schemas/DeprecatedReference' },
          image: { $ref: '#/components/schemas/Image' },
        },
      },
    };
    expect(unsatisfiable(schemas, 'DeprecatedReference')).toThrow(UnsatisfiableSchema);
    expect(unsatisfiable(schemas, 'Image')).toThrow(UnsatisfiableSchema);
    const brands = expectAllValid(schemas, 'Brand') as Record<string, unknown>[];
    expect(brands.some((b) => 'genres' in b || 'image' in b)).toBe(false);
  });

  test('a closed allOf branch does not make a read-only required member of the other side unsatisfiable', () => {
    const schemas = {
      Closed: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' } } },
      Entity: {
        allOf: [
          { $ref: '#/components/schemas/Closed' },
          { type: 'object', required: ['id'], properties: { id: { type: 'string', readOnly: true } } },
        ],
      },
    };
    expect(unsatisfiable(schemas, 'Entity')).toThrow(UnsatisfiableSchema);
    expect(expectAllValid(schemas, 'Entity', 'request').every((v) => !('id' in (v as object)))).toBe(true);
  });

  test('allOf branches with different patterns: every string matches each, and patterns that share no string are unsatisfiable', () => {
    const schemas = {
      Related: {
        allOf: [
          { type: 'string', pattern: '/patient/[0-9a-z]+/groups' },
          { type: 'string', pattern: '/patient/[0-9a-z]+/coaches' },
        ],
      },
      Digits: {
        allOf: [
          { type: 'string', pattern: '^[0-9]{2,6}$' },
          { type: 'string', pattern: '^1' },
        ],
      },
      Disjoint: {
        allOf: [
          { type: 'string', pattern: '^a+$' },
          { type: 'string', pattern: '^b+$' },
        ],
      },
    };
    const values = expectAllValid(schemas, 'Related') as string[];
    expect(values.every((v) => v.includes('/groups') && v.includes('/coaches'))).toBe(true);
    expect((expectAllValid(schemas, 'Digits') as string[]).every((v) => /^1[0-9]{1,5}$/.test(v))).toBe(true);
    // Drawing from a filter nothing passes would never end: the generator gives up when it builds the arbitrary.
    expect(unsatisfiable(schemas, 'Disjoint')).toThrow(UnsatisfiableSchema);
  });

  test('oneOf with overlapping branches: each value matches exactly one; a branch whose values always match another is left out', () => {
    const schemas = {
      Bearer: { type: 'object', required: ['bearer'], properties: { bearer: { type: 'string' } } },
      // No required member: every Bearer value matches Basic too.
      Basic: { type: 'object', properties: { basic: { type: 'object', properties: { username: { type: 'string' } } } } },
      Config: { oneOf: [{ $ref: '#/components/schemas/Bearer' }, { $ref: '#/components/schemas/Basic' }] },
      Cat: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['cat'] }, lives: { type: 'integer' } } },
      Dog: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['dog'] }, bark: { type: 'boolean' } } },
      Pet: { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }] },
      // Open objects whose members never conflict: every value matches all branches, so none fits oneOf.
      Episode: { type: 'object', properties: { id: { type: 'string' }, audio: { type: 'string' } } },
      Podcast: { type: 'object', properties: { id: { type: 'string' }, rss: { type: 'string' } } },
      Result: { oneOf: [{ $ref: '#/components/schemas/Episode' }, { $ref: '#/components/schemas/Podcast' }] },
      Search: { type: 'object', properties: { results: { type: 'array', items: { $ref: '#/components/schemas/Result' } } } },
    };
    const configs = expectAllValid(schemas, 'Config') as Record<string, unknown>[];
    expect(configs.every((c) => !('bearer' in c))).toBe(true);
    // Branches that exclude each other keep both.
    const pets = expectAllValid(schemas, 'Pet', 'request') as { kind: string }[];
    expect(new Set(pets.map((p) => p.kind))).toEqual(new Set(['cat', 'dog']));
    expect(unsatisfiable(schemas, 'Result')).toThrow(UnsatisfiableSchema);
    const searches = expectAllValid(schemas, 'Search') as { results?: unknown[] }[];
    expect(searches.every((s) => s.results === undefined || s.results.length === 0)).toBe(true);
  });
});

test('OpenAPI 3.0 nullable beside a $ref compiles and accepts both readings (the schema, or null); it is judged, not skipped', () => {
  const document = {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {},
    components: {
      schemas: {
        Money: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } },
        Note: {
          type: 'object',
          required: ['total'],
          properties: { total: { $ref: '#/components/schemas/Money', nullable: true, description: 'may be null' } },
        },
      },
    },
  };
  const validators = new SchemaValidators({ document, format: 'openapi-3.0', vendor: 'nullable-ref' });
  const pointer = '#/components/schemas/Note';
  expect(validators.validate(pointer, { total: { amount: 1 } })).toEqual([]);
  expect(validators.validate(pointer, { total: null })).toEqual([]);
  expect(validators.validate(pointer, { total: 'one' }).map((e) => e.keyword)).not.toContain('compile');
  expect(validators.validate(pointer, { total: 'one' }).length).toBeGreaterThan(0);
  expect(validators.validate(pointer, {}).map((e) => e.keyword)).toEqual(['required']);
});

test('a contract named with capitals (a dropped-in AccountService.json) has its schemas compiled and judged like any other', () => {
  const document = {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {},
    components: { schemas: { Grain: { type: 'object', properties: { timeGrain: { type: 'string', format: 'duration' } } } } },
  };
  for (const vendor of ['accountservice', 'AccountService', 'azure.com--monitor-serviceDiagnosticsSettings_API']) {
    const validators = new SchemaValidators({ document, format: 'openapi-3.0', vendor });
    expect(validators.validate('#/components/schemas/Grain', { timeGrain: 'PT1M' }), vendor).toEqual([]);
    expect(
      validators.validate('#/components/schemas/Grain', { timeGrain: 'string' }).map((e) => e.keyword),
      vendor,
    ).toEqual(['format']);
  }
});

test.describe('components that refer back to themselves through allOf (sinao.app invoices)', () => {
  const text = { type: 'string' };
  test('a member that is `allOf: [$ref: Self]` is drawn a few levels deep, every value valid', () => {
    const schemas = {
      Invoice: { type: 'object', properties: { name: text, parent: { allOf: [{ $ref: '#/components/schemas/Invoice' }] } } },
    };
    const values = expectAllValid(schemas, 'Invoice') as { parent?: unknown }[];
    expect(values.some((v) => v.parent !== undefined)).toBe(true);
  });

  test('a component that includes itself in its own allOf is drawn as itself (A and A is A); its validation, which never ends, says so', () => {
    const schemas = {
      Loop: { allOf: [{ $ref: '#/components/schemas/Loop' }, { type: 'object', required: ['name'], properties: { name: text } }] },
    };
    const document = documentOf(schemas);
    const values = fc.sample(
      schemaArbitrary({ $ref: '#/components/schemas/Loop' }, { document, direction: 'response', dialect: 'openapi-3.0' }),
      {
        seed: 11,
        numRuns: 20,
      },
    ) as { name?: unknown }[];
    expect(values).toHaveLength(20);
    expect(values.every((v) => typeof v.name === 'string')).toBe(true);
    const validators = new SchemaValidators({ document, format: 'openapi-3.0', vendor: 'compositions-loop' });
    expect(validators.validate('#/components/schemas/Loop', values[0])).toMatchObject([
      { keyword: 'compile', message: expect.stringContaining('its validation recurses without end') },
    ]);
    expect(validators.problems('#/components/schemas/Loop', values[0])).toBeUndefined();
  });

  test('two components that include each other through allOf members, every value valid', () => {
    const schemas = {
      Invoice: { type: 'object', properties: { lines: { type: 'array', items: { allOf: [{ $ref: '#/components/schemas/Line' }] } } } },
      Line: {
        type: 'object',
        required: ['label'],
        properties: { label: text, invoice: { allOf: [{ $ref: '#/components/schemas/Invoice' }] } },
      },
    };
    expectAllValid(schemas, 'Invoice');
  });

  test('a required member that is `allOf: [$ref: Self]` has no finite value: unsatisfiable, with the reason', () => {
    const schemas = {
      Chain: { type: 'object', required: ['next'], properties: { next: { allOf: [{ $ref: '#/components/schemas/Chain' }] } } },
    };
    expect(unsatisfiable(schemas, 'Chain')).toThrow(UnsatisfiableSchema);
    expect(unsatisfiable(schemas, 'Chain')).toThrow(/nest more than 24 levels deep/);
  });
});
