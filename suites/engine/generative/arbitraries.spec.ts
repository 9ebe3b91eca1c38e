import { test, expect } from '@playwright/test';
import { testPatience } from '../support/patience.ts';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { loadContract } from '../../../src/contract/load.ts';
import { contractFor } from '../../../src/contract/cache.ts';
import type { Contract } from '../../../src/contract/types.ts';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import { sampleSite, schemaSites } from '../../../src/generate/arbitraries/corpus.ts';
import { schemaArbitrary, UnsatisfiableSchema } from '../../../src/generate/arbitraries/schema-arbitrary.ts';
import { withoutLookarounds, printableDots, quantifiedToLength } from '../../../src/generate/arbitraries/strings.ts';
import { requestValidators, responseValidators, responseView } from '../../../src/generate/arbitraries/validity.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { requestArbitrary } from '../../../src/generate/arbitraries/request-arbitrary.ts';
import { schemaOf, type Dialect } from './schemas.ts';

/** The repo's contracts and the engine's fixture documents, every schema of which is sampled. */
function corpusFiles(): string[] {
  const listed = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => /\.(ya?ml|json)$/.test(f))
          .map((f) => join(dir, f))
      : [];
  return [
    ...listed(join(ROOT, 'contracts')),
    join(ROOT, 'suites/engine/fixtures/petstore.yaml'),
    ...listed(join(ROOT, 'suites/engine/fixtures/dropin')),
  ];
}

/** Schema sites sampled per real-world document. */
const CORPUS_SITES = 40;

test.describe('schema arbitraries', () => {
  test('every schema of every contract and engine document: generated values validate', async () => {
    // Thousands of schemas: a hang guard, not a speed limit (the bench measures speed).
    test.setTimeout(testPatience());
    const files = corpusFiles();
    expect(files.length, 'documents in the corpus').toBeGreaterThanOrEqual(6);
    let sites = 0;
    let generated = 0;
    let valid = 0;
    const failures: string[] = [];
    const unsatisfiable: string[] = [];
    for (const file of files) {
      let contract: Contract;
      try {
        contract = await loadContract(file);
      } catch {
        continue; // a document that does not load has its own failing test
      }
      const validators = { request: requestValidators(contract), response: responseValidators(contract) };
      const found = schemaSites(contract);
      for (const site of found) {
        const result = sampleSite(contract, site, validators, 20, 7);
        sites += 1;
        generated += result.generated;
        valid += result.valid;
        if (result.unsatisfiable) unsatisfiable.push(`${file} ${site.pointer}: ${result.unsatisfiable}`);
        if (result.firstInvalid)
          failures.push(
            `${file} ${site.direction} ${site.pointer}: ${result.firstInvalid.error} for ${JSON.stringify(result.firstInvalid.value).slice(0, 120)}`,
          );
      }
    }
    test.info().annotations.push({
      type: 'valid-rate',
      description: `${valid}/${generated} values valid over ${sites} schema sites in ${files.length} documents; ${unsatisfiable.length} unsatisfiable`,
    });
    expect(sites, 'schema sites sampled').toBeGreaterThan(300);
    expect(failures, 'generated values the validator refused').toEqual([]);
    expect(unsatisfiable, 'schemas the generator gave up on').toEqual([]);
  });

  test('real-world documents: a spread sample of the schemas of every document validates', async () => {
    // Over 10,000 schema sites in the corpus: 40 per document, spread evenly over its components, parameters and
    // bodies, 10 values each (about 8,000 values). A hang guard, not a speed limit.
    test.setTimeout(testPatience());
    const dir = join(ROOT, 'fixtures/documents');
    const files = readdirSync(dir)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .sort();
    expect(files.length, 'documents in the corpus').toBeGreaterThanOrEqual(20);
    let sampled = 0;
    let total = 0;
    let generated = 0;
    let valid = 0;
    const failures: string[] = [];
    const skipped: string[] = [];
    for (const file of files) {
      const contract = await contractFor(join(dir, file));
      const validators = { request: requestValidators(contract), response: responseValidators(contract) };
      const all = schemaSites(contract);
      total += all.length;
      const step = all.length / CORPUS_SITES;
      const sites = all.length <= CORPUS_SITES ? all : Array.from({ length: CORPUS_SITES }, (_, i) => all[Math.floor(i * step)]);
      for (const site of sites) {
        const result = sampleSite(contract, site, validators, 10, 7);
        sampled += 1;
        generated += result.generated;
        valid += result.valid;
        // The document's own defects (no value fits, or its schema does not compile) are no generator fault.
        if (result.unsatisfiable ?? result.uncompilable)
          skipped.push(`${file} ${site.pointer}: ${result.unsatisfiable ?? result.uncompilable}`);
        if (result.firstInvalid) failures.push(`${file} ${site.direction} ${site.pointer}: ${result.firstInvalid.error}`);
      }
    }
    test.info().annotations.push(
      {
        type: 'valid-rate',
        description: `${valid}/${generated} values valid over ${sampled} of ${total} schema sites in ${files.length} documents; ${skipped.length} site(s) with a document defect`,
      },
      ...failures.map((f) => ({ type: 'invalid', description: f })),
      ...skipped.map((f) => ({ type: 'document-defect', description: f })),
    );
    expect(sampled, 'schema sites sampled').toBeGreaterThan(600);
    expect(generated, 'values drawn').toBeGreaterThan(6000);
    // Every value of every satisfiable site validates (compositions: suites/engine/generative/compositions.spec.ts).
    expect(failures, 'schema sites with an invalid value').toEqual([]);
    expect(valid, 'valid values').toBe(generated);
  });

  for (const dialect of ['openapi-3.0', 'openapi-3.1'] as Dialect[]) {
    test(`random ${dialect} schemas: generated values validate`, () => {
      test.setTimeout(testPatience());
      let schemas = 0;
      let values = 0;
      fc.assert(
        fc.property(schemaOf(dialect), fc.integer(), (schema, seed) => {
          const document = {
            openapi: dialect === 'openapi-3.1' ? '3.1.0' : '3.0.3',
            info: { title: 't', version: '1' },
            paths: {},
            components: { schemas: { S: schema } },
          };
          const validators = new SchemaValidators({ document: responseView(document), format: dialect, vendor: `random-${dialect}` });
          let arbitrary: fc.Arbitrary<unknown>;
          try {
            arbitrary = schemaArbitrary({ $ref: '#/components/schemas/S' }, { document, direction: 'response', dialect });
          } catch (error) {
            if (error instanceof UnsatisfiableSchema) return;
            throw error;
          }
          schemas += 1;
          for (const value of fc.sample(arbitrary, { seed, numRuns: 5 })) {
            values += 1;
            const errors = validators.validate('#/components/schemas/S', value);
            if (errors.length > 0)
              throw new Error(`${JSON.stringify(value)} fails ${JSON.stringify(schema)}: ${errors[0].path} ${errors[0].message}`);
          }
        }),
        { numRuns: 1000, seed: 20261130 },
      );
      test
        .info()
        .annotations.push({ type: 'valid-rate', description: `${values} values from ${schemas} random ${dialect} schemas, all valid` });
      expect(schemas).toBeGreaterThan(800);
    });
  }

  test('a self-referencing schema terminates and validates', () => {
    const document = {
      components: {
        schemas: {
          Node: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } },
          },
        },
      },
    };
    const validators = new SchemaValidators({ document, format: 'openapi-3.0', vendor: 'tree' });
    const values = fc.sample(
      schemaArbitrary({ $ref: '#/components/schemas/Node' }, { document, direction: 'request', dialect: 'openapi-3.0' }),
      200,
    );
    expect(values.every((v) => validators.validate('#/components/schemas/Node', v).length === 0)).toBe(true);
    const depth = (v: { children?: unknown[] }): number =>
      1 + Math.max(0, ...((v.children ?? []) as { children?: unknown[] }[]).map(depth));
    expect(Math.max(...values.map((v) => depth(v as never)))).toBeLessThanOrEqual(4);
  });

  test('a cycle through required members is reported as unsatisfiable, not a hang', () => {
    const document = {
      components: {
        schemas: {
          A: { type: 'object', required: ['b'], properties: { b: { $ref: '#/components/schemas/B' } } },
          B: { type: 'object', required: ['a'], properties: { a: { $ref: '#/components/schemas/A' } } },
        },
      },
    };
    expect(() => schemaArbitrary({ $ref: '#/components/schemas/A' }, { document, direction: 'request', dialect: 'openapi-3.0' })).toThrow(
      UnsatisfiableSchema,
    );
  });

  test('the false schema, contradictory bounds and empty enums are unsatisfiable', () => {
    const build = (schema: unknown) => () =>
      schemaArbitrary(schema as never, { document: {}, direction: 'request', dialect: 'openapi-3.1' });
    expect(build(false)).toThrow(UnsatisfiableSchema);
    expect(build({ type: 'integer', minimum: 5, maximum: 4 })).toThrow(UnsatisfiableSchema);
    expect(build({ type: 'string', minLength: 5, maxLength: 2 })).toThrow(UnsatisfiableSchema);
    expect(build({ enum: [] })).toThrow(UnsatisfiableSchema);
    // Enum values of another type than the one stated match nothing (a real-world document's `integer` with "1".."7").
    expect(build({ type: 'integer', enum: ['1', '2'] })).toThrow(UnsatisfiableSchema);
    expect(fc.sample(build({ type: 'integer', enum: ['1', 2] })(), 20).every((v) => v === 2)).toBe(true);
  });

  test('allOf with a closed branch: members another branch adds are left out; nullable without a type adds no null', () => {
    const document = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          Closed: { type: 'object', properties: { href: { type: 'string' } }, additionalProperties: false },
          S: { allOf: [{ $ref: '#/components/schemas/Closed' }, { type: 'object', properties: { extra: { type: 'boolean' } } }] },
          T: { allOf: [{ type: 'string' }], nullable: true },
        },
      },
    };
    const validators = new SchemaValidators({ document: responseView(document), format: 'openapi-3.0', vendor: 'allof-closed' });
    for (const name of ['S', 'T']) {
      const values = fc.sample(
        schemaArbitrary({ $ref: `#/components/schemas/${name}` }, { document, direction: 'response', dialect: 'openapi-3.0' }),
        100,
      );
      expect(
        values.filter((v) => validators.validate(`#/components/schemas/${name}`, v).length > 0),
        name,
      ).toEqual([]);
    }
  });

  test('a pattern with lookaround assertions gets strings that match it; one no drawn string matches is unsatisfiable, not an endless filter', () => {
    const document = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} };
    const options = { document, direction: 'request' as const, dialect: 'openapi-3.0' as const };
    const notBlank = '^(?!\\s*$).+';
    const values = fc.sample(schemaArbitrary({ type: 'string', pattern: notBlank }, options), 200);
    expect(values.length).toBe(200);
    expect(values.filter((v) => !new RegExp(notBlank, 'u').test(String(v)))).toEqual([]);
    const password = '^(?=.*[0-9])(?=.*[a-z])[a-z0-9]{8,12}$';
    expect(
      fc.sample(schemaArbitrary({ type: 'string', pattern: password }, options), 50).filter((v) => !new RegExp(password).test(String(v))),
    ).toEqual([]);
    expect(() => schemaArbitrary({ type: 'string', pattern: '^(?!a)a$' }, options)).toThrow(UnsatisfiableSchema);
    expect(withoutLookarounds('^(?!\\s*$)[(?=x]\\((?=y(?!z)).+(?<=q)$')).toBe('^[(?=x]\\(.+$');
  });

  test("a pattern whose strings rarely meet the schema's lengths or a header's charset gets strings that do; one none meets is unsatisfiable, never an endless filter", () => {
    const document = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} };
    const options = { document, direction: 'request' as const, dialect: 'openapi-3.0' as const };
    const holds = (schema: Record<string, unknown>, value: unknown, header = false) =>
      typeof value === 'string' &&
      new RegExp(String(schema.pattern), 'u').test(value) &&
      [...value].length >= Number(schema.minLength ?? 0) &&
      [...value].length <= Number(schema.maxLength ?? Infinity) &&
      (!header || /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/.test(value));
    const satisfiable: [Record<string, unknown>, boolean][] = [
      // A commit SHA (lgtm, GitHub Enterprise): fast-check keeps `+` short, so 40 characters were never drawn.
      [{ type: 'string', pattern: '[a-f0-9]+', minLength: 40, maxLength: 40 }, false],
      [{ type: 'string', pattern: '^[0-9a-fA-F]+$', minLength: 40, maxLength: 40 }, false],
      [{ type: 'string', pattern: '^\\d{2,}$', minLength: 30 }, false],
      // Not one quantified atom, not anchored at its end: found anywhere in a longer string.
      [{ type: 'string', pattern: '(ab|cd)+x', minLength: 60, maxLength: 80 }, false],
      // A header whose pattern ends in `.*` (Apple's SiriKit User-Agent): `.` is drawn from all of Unicode.
      [{ type: 'string', pattern: 'AppleCloudExtension/([0-9]+\\.[0-9]+\\.[0-9]+) *.*', maxLength: 250 }, true],
      // A quoted entity tag of 1000 printable characters (SiriKit's If-None-Match): spaces inside a header are text.
      [{ type: 'string', pattern: '["][ -~]{1000}["]', maxLength: 1002 }, true],
    ];
    for (const [schema, header] of satisfiable) {
      const values = fc.sample(schemaArbitrary(schema, { ...options, charset: header ? 'header' : 'unicode' }), 100);
      expect(values, JSON.stringify(schema)).toHaveLength(100);
      expect(
        values.filter((v) => !holds(schema, v, header)),
        JSON.stringify(schema),
      ).toEqual([]);
    }
    // No drawn string can meet these: a skip with the reason, found when the arbitrary is built.
    for (const schema of [
      { type: 'string', pattern: '^(ab)+$', minLength: 301, maxLength: 301 },
      { type: 'string', format: 'uuid', maxLength: 10 },
    ])
      expect(() => schemaArbitrary(schema, options), JSON.stringify(schema)).toThrow(UnsatisfiableSchema);
    // A patternProperties key that every drawn key collides with adds no keys; the object is still drawn.
    const object = { type: 'object', properties: { id: { type: 'string' } }, patternProperties: { '^id$': { type: 'integer' } } };
    const objects = fc.sample(schemaArbitrary(object, options), 20);
    expect(objects).toHaveLength(20);
    expect(objects.filter((o) => typeof (o as { id?: unknown }).id === 'number')).toEqual([]);
    expect(quantifiedToLength('^[a-f0-9]+$', 40, 40)).toBe('^[a-f0-9]{40,40}$');
    expect(quantifiedToLength('\\d{2,5}', 3, 256)).toBe('^\\d{3,5}$');
    expect(quantifiedToLength('^[a-z]+-[0-9]+$', 1, 9)).toBeUndefined();
    expect(printableDots('a.[.]\\.b')).toBe('a[!-~][.]\\.b');
  });

  test('array items never hold the delimiter that joins them on the wire', async () => {
    const item = { type: 'string', pattern: '^[a-c,]{1,6}$' };
    const parameter = (name: string, style: string, explode: boolean, location = 'query') => ({
      name,
      in: location,
      required: true,
      style,
      explode,
      schema: { type: 'array', minItems: 1, items: item },
    });
    const document = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {
        '/x/{p}': {
          get: {
            parameters: [
              parameter('form', 'form', false),
              parameter('exploded', 'form', true),
              parameter('pipes', 'pipeDelimited', false),
              parameter('p', 'simple', false, 'path'),
            ],
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    };
    const file = test.info().outputPath('delimiters.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(document));
    const contract = await loadContract(file);
    const operation = contract.operations[0];
    const requests = fc.sample(requestArbitrary(contract, operation), 200);
    let items = 0;
    for (const request of requests)
      for (const sent of request.params) {
        const delimiters = sent.name === 'pipes' ? ['|'] : [','];
        for (const value of sent.value as string[]) {
          items += 1;
          expect(
            delimiters.some((d) => value.includes(d)),
            `${sent.name}: ${JSON.stringify(value)}`,
          ).toBe(false);
        }
      }
    expect(items).toBeGreaterThan(200);
  });

  test('requests leave out readOnly members, responses writeOnly ones', () => {
    const schema = {
      type: 'object',
      properties: { id: { type: 'string', readOnly: true }, secret: { type: 'string', writeOnly: true }, name: { type: 'string' } },
      required: ['id', 'secret', 'name'],
    };
    const request = fc.sample(schemaArbitrary(schema, { document: {}, direction: 'request', dialect: 'openapi-3.0' }), 50) as Record<
      string,
      unknown
    >[];
    const response = fc.sample(schemaArbitrary(schema, { document: {}, direction: 'response', dialect: 'openapi-3.0' }), 50) as Record<
      string,
      unknown
    >[];
    expect(request.every((v) => !('id' in v) && 'secret' in v && 'name' in v)).toBe(true);
    expect(response.every((v) => 'id' in v && !('secret' in v))).toBe(true);
  });

  test('a member one allOf branch marks readOnly is left out of requests, though another branch declares it plainly', () => {
    // Azure's KeyVaultReference: `name` beside an allOf branch (ResourceReference) whose `name` is readOnly.
    const document = {
      components: {
        schemas: {
          ResourceReference: {
            type: 'object',
            properties: { id: { type: 'string' }, name: { type: 'string', readOnly: true }, type: { type: 'string', readOnly: true } },
          },
          KeyVaultReference: {
            type: 'object',
            additionalProperties: false,
            allOf: [{ $ref: '#/components/schemas/ResourceReference' }],
            properties: { name: { type: 'string' } },
          },
        },
      },
    };
    const schema = { type: 'object', required: ['keyVault'], properties: { keyVault: { $ref: '#/components/schemas/KeyVaultReference' } } };
    const request = fc.sample(schemaArbitrary(schema, { document, direction: 'request', dialect: 'openapi-3.0' }), 200) as {
      keyVault: Record<string, unknown>;
    }[];
    expect(request).toHaveLength(200);
    expect(request.filter((v) => 'name' in v.keyVault || 'type' in v.keyVault)).toEqual([]);
    const response = fc.sample(schemaArbitrary(schema, { document, direction: 'response', dialect: 'openapi-3.0' }), 200) as {
      keyVault: Record<string, unknown>;
    }[];
    expect(response.some((v) => 'name' in v.keyVault)).toBe(true);
  });

  test('values too deep to draw or a schema too deep to build (the stack runs out) make the schema one the generator cannot satisfy, not a crash of the phase', async () => {
    const { probe } = await import('../../../src/generate/arbitraries/context.ts');
    const bottomless = (depth: number): number => bottomless(depth + 1) + 1;
    const tooDeep = fc.constant(0).map((n) => bottomless(n));
    expect(() => probe(tooDeep)).toThrow(UnsatisfiableSchema);
    expect(() => probe(tooDeep)).toThrow(/nest deeper than the generator can draw/);
    expect(probe(fc.constant(1))).toHaveLength(8);
    // A schema whose building recurses past the stack is one the generator cannot build: the same kind of error.
    let nested: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 20_000; i++) nested = { allOf: [nested] };
    const options = { document: {}, direction: 'request' as const, dialect: 'openapi-3.0' as const };
    expect(() => schemaArbitrary(nested, options)).toThrow(/nests deeper than the generator can build/);
  });

  test('boundaries and non-ASCII text are among the values', () => {
    const ints = fc.sample(
      schemaArbitrary({ type: 'integer', minimum: 1, maximum: 500 }, { document: {}, direction: 'request', dialect: 'openapi-3.0' }),
      300,
    ) as number[];
    expect(ints).toContain(1);
    expect(ints).toContain(500);
    const strings = fc.sample(
      schemaArbitrary({ type: 'string', maxLength: 12 }, { document: {}, direction: 'request', dialect: 'openapi-3.0' }),
      300,
    ) as string[];
    expect(strings).toContain('');
    expect(strings.some((s) => [...s].length === 12)).toBe(true);
    expect(strings.some((s) => /[^\x00-\x7f]/.test(s))).toBe(true);
    const headers = fc.sample(
      schemaArbitrary({ type: 'string' }, { document: {}, direction: 'request', dialect: 'openapi-3.0', charset: 'header' }),
      300,
    ) as string[];
    expect(headers.every((s) => /^[\x21-\x7e]*$/.test(s))).toBe(true);
  });
});

test('a pattern whose class spans the surrogates (`[\\u00a1-\\uffff]`) never draws half a surrogate pair, which no request can carry; each string still matches', async () => {
  const { matching } = await import('../../../src/generate/arbitraries/strings.ts');
  const { queryString } = await import('../../../src/generate/serialise.ts');
  // image-charts.com's `chf` names hosts with `[a-z\u00a1-\uffff0-9]`: a class of UTF-16 code units without the `u` flag.
  const regex = /^[a-z\u00a1-\uffff0-9]{3,}$/;
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  const raw = fc.sample(fc.stringMatching(regex, { size: 'small' }), { seed: 5, numRuns: 300 });
  expect(
    raw.some((s) => lone.test(s)),
    'fast-check itself draws lone surrogates from such a class',
  ).toBe(true);
  expect(() => raw.map((s) => queryString([['chf', s]]))).toThrow(URIError);
  const drawn = fc.sample(matching(regex), { seed: 5, numRuns: 300 });
  expect(drawn).toHaveLength(300);
  expect(drawn.filter((s) => lone.test(s))).toEqual([]);
  expect(drawn.every((s) => regex.test(s))).toBe(true);
  expect(() => drawn.map((s) => queryString([['chf', s]]))).not.toThrow();
  // A pattern that only half pairs match is one the generator cannot satisfy, named as such.
  expect(() => matching(/^[\uD800-\uDBFF]$/)).toThrow(/half a surrogate pair/);
});
