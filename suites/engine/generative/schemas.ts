import fc from 'fast-check';

/**
 * Random JSON Schemas in the OpenAPI dialects, for property-testing the value generator: every keyword the
 * generator builds by construction, nested, with satisfiable combinations (bounds ordered, lengths ordered).
 */
export type Dialect = 'openapi-3.0' | 'openapi-3.1';

const PATTERNS = ['^[a-z]+$', '^[A-Z]{2}[0-9]{3,6}$', '^\\d{4}-\\d{2}$', '^(foo|bar)-[0-9]+$', '^[^@]+@[^@]+$', 'abc', '^[\\w.-]{1,12}$'];
const FORMATS = ['date-time', 'date', 'email', 'uuid', 'uri', 'ipv4', 'ipv6', 'hostname', 'byte', 'x-unknown-format'];

const ordered = (low: number, span: number) => ({ min: low, max: low + span });

function numberSchema(dialect: Dialect): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      type: fc.constantFrom('integer', 'number'),
      bounds: fc.option(
        fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 2000 })).map(([low, span]) => ordered(low, span)),
        { nil: undefined },
      ),
      lowOnly: fc.boolean(),
      exclusive: fc.boolean(),
      multipleOf: fc.option(fc.constantFrom(2, 5, 0.5, 0.25, 3), { nil: undefined }),
      format: fc.option(fc.constantFrom('int32', 'int64', 'float', 'double'), { nil: undefined }),
    })
    .map(({ type, bounds, lowOnly, exclusive, multipleOf, format }) => {
      const schema: Record<string, unknown> = { type };
      if (bounds) {
        if (dialect === 'openapi-3.1' && exclusive) {
          schema.exclusiveMinimum = bounds.min;
          if (!lowOnly) schema.exclusiveMaximum = bounds.max;
        } else {
          schema.minimum = bounds.min;
          if (!lowOnly) schema.maximum = bounds.max;
          if (exclusive) schema.exclusiveMinimum = true;
        }
      }
      if (multipleOf !== undefined && (type === 'number' || Number.isInteger(multipleOf))) schema.multipleOf = multipleOf;
      if (format && (type === 'number' || format.startsWith('int'))) schema.format = format;
      return schema;
    });
}

const stringSchema = fc
  .record({
    lengths: fc.option(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 30 })), { nil: undefined }),
    pattern: fc.option(fc.constantFrom(...PATTERNS), { nil: undefined }),
    format: fc.option(fc.constantFrom(...FORMATS), { nil: undefined }),
  })
  .map(({ lengths, pattern, format }) => {
    const schema: Record<string, unknown> = { type: 'string' };
    if (pattern) schema.pattern = pattern;
    else if (format) schema.format = format;
    if (lengths && !pattern && !format) {
      schema.minLength = lengths[0];
      schema.maxLength = lengths[0] + lengths[1];
    }
    return schema;
  });

const enumSchema = fc.oneof(
  fc.uniqueArray(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 4 }).map((values) => ({ type: 'string', enum: values })),
  fc.uniqueArray(fc.integer({ min: -5, max: 50 }), { minLength: 1, maxLength: 4 }).map((values) => ({ type: 'integer', enum: values })),
  fc.jsonValue({ maxDepth: 1 }).map((value) => ({ const: value })),
);

/** A random schema of bounded depth, in the given dialect. */
export function schemaOf(dialect: Dialect): fc.Arbitrary<Record<string, unknown>> {
  const nullable = (schema: Record<string, unknown>, yes: boolean): Record<string, unknown> => {
    if (!yes || typeof schema.type !== 'string') return schema;
    return dialect === 'openapi-3.0' ? { ...schema, nullable: true } : { ...schema, type: [schema.type, 'null'] };
  };
  const { tree } = fc.letrec<{ tree: Record<string, unknown>; leaf: Record<string, unknown> }>((tie) => ({
    leaf: fc.oneof(numberSchema(dialect), stringSchema, enumSchema, fc.constant({ type: 'boolean' }), fc.constant({})),
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: fc.tuple(tie('leaf'), fc.boolean()).map(([s, n]) => nullable(s as Record<string, unknown>, n)), weight: 4 },
      {
        arbitrary: fc
          .record({
            properties: fc.dictionary(fc.stringMatching(/^[a-z][a-z_]{0,7}$/), tie('tree'), { maxKeys: 4 }),
            requiredShare: fc.integer({ min: 0, max: 4 }),
            additional: fc.constantFrom(undefined, false, true),
            readOnlyFirst: fc.boolean(),
            patternProps: fc.boolean(),
          })
          .map(({ properties, requiredShare, additional, readOnlyFirst, patternProps }) => {
            const names = Object.keys(properties);
            const schema: Record<string, unknown> = { type: 'object', properties, required: names.slice(0, requiredShare) };
            if (readOnlyFirst && names.length > 0) properties[names[0]] = { ...(properties[names[0]] as object), readOnly: true };
            if (additional !== undefined) schema.additionalProperties = additional;
            if (patternProps && additional !== false) schema.patternProperties = { '^x-[a-z]{1,4}$': { type: 'integer', minimum: 0 } };
            if ((schema.required as string[]).length === 0) delete schema.required;
            return schema;
          }),
        weight: 2,
      },
      {
        arbitrary: fc
          .record({ items: tie('tree'), min: fc.integer({ min: 0, max: 2 }), span: fc.integer({ min: 0, max: 3 }), unique: fc.boolean() })
          .map(({ items, min, span, unique }) => ({
            type: 'array',
            items,
            minItems: min,
            maxItems: min + span,
            ...(unique && isScalarEnumless(items) ? { uniqueItems: true } : {}),
          })),
        weight: 1,
      },
      {
        arbitrary: fc
          .tuple(
            fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), tie('leaf'), { minKeys: 1, maxKeys: 3 }),
            fc.dictionary(fc.stringMatching(/^[A-Z]{1,5}$/), tie('leaf'), { minKeys: 1, maxKeys: 3 }),
          )
          .map(([a, b]) => ({
            allOf: [
              { type: 'object', properties: a, required: Object.keys(a).slice(0, 1) },
              { type: 'object', properties: b, required: Object.keys(b).slice(0, 1) },
            ],
          })),
        weight: 1,
      },
      { arbitrary: fc.array(tie('leaf'), { minLength: 1, maxLength: 3 }).map((branches) => ({ anyOf: branches })), weight: 1 },
    ),
  }));
  return tree as fc.Arbitrary<Record<string, unknown>>;
}

/** uniqueItems over a narrow enum or const can be unsatisfiable; kept to open scalar item schemas. */
function isScalarEnumless(items: unknown): boolean {
  const s = items as Record<string, unknown>;
  return (s.type === 'string' || s.type === 'integer' || s.type === 'number') && !('enum' in s) && !('const' in s) && s.maxLength !== 0;
}
