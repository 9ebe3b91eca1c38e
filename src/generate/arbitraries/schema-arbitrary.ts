import fc from 'fast-check';
import type { JsonSchema } from '../../contract/types.ts';
import { isObject } from '../../core/pointer.ts';
import { mergeAllOf } from './all-of.ts';
import { branchMatcher } from './branches.ts';
import { anyJson, arrayArbitrary, objectArbitrary } from './collections.ts';
import { deref, probe, UnsatisfiableSchema, type Schema, type SchemaArbitraryOptions, type State } from './context.ts';
import { numberArbitrary } from './numbers.ts';
import { stringArbitrary } from './strings.ts';

export { UnsatisfiableSchema, type Charset, type Direction, type SchemaArbitraryOptions } from './context.ts';
export { numericBounds } from './numbers.ts';
export { codePointLength } from './strings.ts';
export { canonical } from '../../contract/canonical.ts';

/**
 * A fast-check arbitrary for the values a JSON Schema (OpenAPI 3.0 or 3.1 dialect) accepts. Generation is by
 * construction for the common keywords; `oneOf` exclusivity is kept by filtering on the validator's verdict per branch;
 * what cannot be constructed (`not`, `uniqueItems` of objects, `contains`) is left to the caller's validator, which
 * has the final word on validity.
 */
export function schemaArbitrary(schema: JsonSchema | undefined, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  const state: State = {
    options: { charset: 'unicode', maxDepth: 2, maxItems: 4, maxLength: 24, extraProperties: false, ...options },
    refs: new Map(),
    nesting: 0,
    build: (member, minimal) => buildMember(member, state, minimal),
  };
  try {
    return build(schema ?? true, state, false);
  } catch (error) {
    // A schema whose building recurses past the stack (compositions that refer back into themselves, sinao's
    // invoices): the generator cannot build it, a skip with the reason, never a crash of the phase.
    if (error instanceof RangeError)
      throw new UnsatisfiableSchema(`the schema nests deeper than the generator can build (${error.message})`);
    throw error;
  }
}

/**
 * Members nested deeper than this are built with their required members only, and a schema whose required members
 * go on nesting far beyond it is one no finite value the generator would draw satisfies. The count per `$ref` holds a
 * recursion through references; this holds every other kind, such as a component that refers back to itself through
 * `allOf: [$ref: Self]` (which is merged, not expanded, so no `$ref` count sees it).
 */
const MINIMAL_NESTING = 8;
const MAX_NESTING = 24;

function buildMember(member: JsonSchema, state: State, minimal: boolean): fc.Arbitrary<unknown> {
  if (state.nesting >= MAX_NESTING) throw new UnsatisfiableSchema(`required members nest more than ${MAX_NESTING} levels deep`);
  state.nesting += 1;
  try {
    return build(member, state, minimal || state.nesting > MINIMAL_NESTING);
  } finally {
    state.nesting -= 1;
  }
}

function build(input: JsonSchema, state: State, minimal: boolean): fc.Arbitrary<unknown> {
  if (input === true) return anyJson(state);
  if (input === false) throw new UnsatisfiableSchema('the false schema accepts no value');
  if (!isObject(input)) return anyJson(state);
  const { schema: resolved, ref } = deref(input, state);
  if (ref) {
    const seen = state.refs.get(ref) ?? 0;
    const tooDeep = seen >= state.options.maxDepth;
    if (seen >= state.options.maxDepth + 2) throw new UnsatisfiableSchema(`${ref} recurses through required members`);
    state.refs.set(ref, seen + 1);
    try {
      return build(resolved, state, minimal || tooDeep);
    } finally {
      state.refs.set(ref, seen);
    }
  }
  const schema = resolved;
  // allOf first: an `enum` beside it is only one of the constraints (`allOf: [Name], enum: [...]` narrows Name's list).
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return build(mergeAllOf(schema, state), state, minimal);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) {
    // A value of another type than the one stated matches no schema (`type: integer` with `enum: ["1"]`).
    const values = schema.enum.filter((v) => (v === null ? allowsNull(schema, state) : ofStatedType(v, schema)));
    if (values.length === 0) throw new UnsatisfiableSchema('enum lists no usable value');
    return fc.constantFrom(...values);
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      const rest = Object.fromEntries(Object.entries(schema).filter(([k]) => k !== key));
      const options = branches.flatMap((branch, index) => {
        try {
          const arbitrary = build(Object.keys(rest).length > 0 ? { allOf: [rest, branch] } : (branch as JsonSchema), state, minimal);
          return [{ index, arbitrary }];
        } catch (error) {
          if (error instanceof UnsatisfiableSchema) return [];
          throw error;
        }
      });
      if (options.length === 0) throw new UnsatisfiableSchema(`no ${key} branch can be satisfied`);
      if (key === 'oneOf' && branches.length > 1) return exclusiveBranches(branches, options, state);
      return fc.oneof(...options.map((o) => o.arbitrary));
    }
  }
  const types = typesOf(schema, state);
  if (types.length === 0) throw new UnsatisfiableSchema('the schema allows no type');
  const arbitraries = types.map((type) => byType(type, schema, state, minimal));
  return arbitraries.length === 1 ? arbitraries[0] : fc.oneof(...arbitraries);
}

/**
 * `oneOf` wants exactly one branch to match, and real documents overlap branches (open objects with only optional
 * members, one branch a subset of another). Each branch's values are filtered to those no other branch matches, judged by
 * the side's validator compiled once per branch. A branch none of whose probe values is exclusive is left out: its values
 * always match another branch too, and filtering them would never end.
 */
function exclusiveBranches(
  branches: unknown[],
  options: { index: number; arbitrary: fc.Arbitrary<unknown> }[],
  state: State,
): fc.Arbitrary<unknown> {
  const { document, dialect, direction } = state.options;
  const matchers = branches.map((branch) => branchMatcher(document, dialect, direction, branch));
  const all = fc.oneof(...options.map((o) => o.arbitrary));
  if (matchers.some((m) => m === undefined)) return all;
  const only = (index: number) => (value: unknown) => matchers.every((m, j) => m!(value) === (j === index));
  const exclusive = options.filter(({ index, arbitrary }) => probe(arbitrary).some(only(index)));
  // Every value drawn matched several branches (open objects whose members never conflict): no value is known to fit.
  if (exclusive.length === 0) throw new UnsatisfiableSchema('every oneOf value drawn matches more than one branch');
  return fc.oneof(...exclusive.map(({ index, arbitrary }) => arbitrary.filter(only(index))));
}

function ofStatedType(value: unknown, schema: Schema): boolean {
  const stated = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : undefined;
  if (!stated) return true;
  const actual = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
  return stated.some((t) => t === actual || (t === 'integer' && Number.isInteger(value)));
}

function allowsNull(schema: Schema, state: State): boolean {
  if (schema.nullable === true) return true;
  if (schema.type === 'null') return true;
  if (Array.isArray(schema.type)) return schema.type.includes('null');
  return state.options.dialect === 'openapi-3.1' && schema.type === undefined;
}

const ALL_TYPES = ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'];

/** The types a schema allows, inferred from its keywords when `type` is absent. */
function typesOf(schema: Schema, state: State): string[] {
  let types: string[];
  if (typeof schema.type === 'string') types = [schema.type];
  else if (Array.isArray(schema.type)) types = schema.type.filter((t): t is string => typeof t === 'string');
  else if (schema.properties || schema.required || schema.additionalProperties !== undefined || schema.patternProperties)
    types = ['object'];
  else if (schema.items || schema.prefixItems) types = ['array'];
  else if (
    schema.pattern ||
    schema.minLength !== undefined ||
    schema.maxLength !== undefined ||
    schema.format === 'date-time' ||
    schema.format === 'date' ||
    schema.format === 'uuid' ||
    schema.format === 'email'
  )
    types = ['string'];
  else if (schema.minimum !== undefined || schema.maximum !== undefined || schema.multipleOf !== undefined) types = ['number'];
  else types = ALL_TYPES.filter((t) => t !== 'null');
  if (schema.nullable === true && state.options.dialect === 'openapi-3.0' && !types.includes('null')) types = [...types, 'null'];
  if (types.includes('integer') && types.includes('number')) types = types.filter((t) => t !== 'integer');
  return types;
}

function byType(type: string, schema: Schema, state: State, minimal: boolean): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'string':
      return stringArbitrary(schema, state);
    case 'array':
      return arrayArbitrary(schema, state, minimal);
    case 'object':
      return objectArbitrary(schema, state, minimal);
    default:
      throw new UnsatisfiableSchema(`unknown type "${type}"`);
  }
}
