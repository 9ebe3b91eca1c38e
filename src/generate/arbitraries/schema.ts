import fc from 'fast-check';
import type { JsonSchema } from '../../contract/types.ts';
import { branchMatcher } from './branches.ts';

/** Which side of the exchange a value is for: requests leave out `readOnly` properties, responses `writeOnly` ones. */
export type Direction = 'request' | 'response';

/** How string characters are drawn: any code point for bodies and query strings, visible ASCII for headers. */
export type Charset = 'unicode' | 'header';

export interface SchemaArbitraryOptions {
  /** The bundled document the schema's local `$ref`s point into. */
  document: Record<string, unknown>;
  direction: Direction;
  /** OpenAPI 3.0 (`nullable`, boolean `exclusiveMinimum`) or 3.1 (JSON Schema 2020-12). */
  dialect: 'openapi-3.0' | 'openapi-3.1';
  charset?: Charset;
  /** How many times one `$ref` may be expanded along a path before only required members are generated. */
  maxDepth?: number;
  /** Upper bound for arrays and strings without a stated maximum, so requests stay small. */
  maxItems?: number;
  maxLength?: number;
}

/** A schema no value can satisfy (`false`, `not: {}`, contradictory bounds, a required recursive cycle). */
export class UnsatisfiableSchema extends Error {
  override readonly name = 'UnsatisfiableSchema';
}

type Schema = Record<string, unknown>;

/** Further patterns a merged string schema must match besides its `pattern` (allOf branches with different ones). */
const ALSO_MATCHES = 'x-generator-also-matches';

const isObject = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);

interface State {
  options: Required<Omit<SchemaArbitraryOptions, 'document'>> & { document: Record<string, unknown> };
  /** Expansions of each `$ref` on the path from the root. */
  refs: Map<string, number>;
}

/**
 * A fast-check arbitrary for the values a JSON Schema (OpenAPI 3.0 or 3.1 dialect) accepts. Generation is by
 * construction for the common keywords; `oneOf` exclusivity is kept by filtering on the validator's verdict per branch;
 * what cannot be constructed (`not`, `uniqueItems` of objects, `contains`) is left to the caller's validator, which
 * has the final word on validity.
 */
export function schemaArbitrary(schema: JsonSchema | undefined, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  const state: State = {
    options: { charset: 'unicode', maxDepth: 2, maxItems: 4, maxLength: 24, ...options },
    refs: new Map(),
  };
  return build(schema ?? true, state, false);
}

function deref(schema: Schema, state: State): { schema: Schema; ref?: string } {
  let current = schema;
  let ref: string | undefined;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 32; hops++) {
    ref = current.$ref as string;
    if (!ref.startsWith('#')) throw new UnsatisfiableSchema(`external $ref ${ref} is not bundled`);
    const target = get(state.options.document, ref);
    if (target === true || target === undefined) return { schema: {}, ref };
    if (target === false) throw new UnsatisfiableSchema(`${ref} is the false schema`);
    if (!isObject(target)) throw new UnsatisfiableSchema(`${ref} does not point to a schema`);
    // 3.1 allows siblings next to $ref: they apply together with the target.
    const siblings = Object.fromEntries(Object.entries(current).filter(([k]) => k !== '$ref'));
    current = Object.keys(siblings).length > 0 ? { allOf: [target, siblings] } : target;
  }
  return { schema: current, ref };
}

function get(document: unknown, pointer: string): unknown {
  const tokens = pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter((t, i) => t !== '' || i > 0)
    .map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = document;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
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
 * A few values drawn when the arbitrary is built, for a filter whose success cannot be known from the schema: a
 * filter none of them passes would loop for ever when drawing, so the caller gives up on it instead.
 */
const PROBES = 8;
const PATTERN_PROBES = 32;
const probe = <T>(arbitrary: fc.Arbitrary<T>, runs = PROBES): T[] => fc.sample(arbitrary, { seed: 0x0e0f, numRuns: runs });

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
      return numberArbitrary(schema, state, true);
    case 'number':
      return numberArbitrary(schema, state, false);
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

/** Bounds from `minimum`/`maximum` and both dialects of `exclusiveMinimum`/`exclusiveMaximum`. */
export function numericBounds(schema: Schema): { min?: number; max?: number; minExclusive: boolean; maxExclusive: boolean } {
  let min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  let max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  let minExclusive = schema.exclusiveMinimum === true;
  let maxExclusive = schema.exclusiveMaximum === true;
  if (typeof schema.exclusiveMinimum === 'number' && (min === undefined || schema.exclusiveMinimum >= min)) {
    min = schema.exclusiveMinimum;
    minExclusive = true;
  }
  if (typeof schema.exclusiveMaximum === 'number' && (max === undefined || schema.exclusiveMaximum <= max)) {
    max = schema.exclusiveMaximum;
    maxExclusive = true;
  }
  return { min, max, minExclusive, maxExclusive };
}

const INT32 = 2 ** 31;

function numberArbitrary(schema: Schema, state: State, declaredInteger: boolean): fc.Arbitrary<number> {
  const bounds = numericBounds(schema);
  const format = schema.format;
  // `type: number, format: int32` is an integer to every validator that knows the format.
  const integer = declaredInteger || format === 'int32' || format === 'int64';
  const widest = 1e9;
  const multipleOf = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : undefined;
  if (integer || multipleOf !== undefined) {
    const step = multipleOf ?? 1;
    const unit = integer ? lcmWithOne(step) : step;
    let low = bounds.min ?? -widest;
    let high = bounds.max ?? widest;
    if (format === 'int32') {
      low = Math.max(low, -INT32);
      high = Math.min(high, INT32 - 1);
    }
    if (bounds.min === undefined && bounds.max !== undefined) low = Math.min(high - widest, high);
    if (bounds.max === undefined && bounds.min !== undefined) high = Math.max(low + widest, low);
    let first = Math.ceil(low / unit);
    let last = Math.floor(high / unit);
    if (bounds.minExclusive && first * unit <= low) first += 1;
    if (bounds.maxExclusive && last * unit >= high) last -= 1;
    first = Math.max(first, -Number.MAX_SAFE_INTEGER);
    last = Math.min(last, Number.MAX_SAFE_INTEGER);
    if (first > last) throw new UnsatisfiableSchema(`no ${integer ? 'integer' : 'multiple of ' + unit} between ${low} and ${high}`);
    const toValue = (k: number) => (Number.isInteger(unit) ? k * unit : Number((k * unit).toPrecision(12)));
    const boundary = [first, last, ...(first <= 0 && last >= 0 ? [0] : [])].map(toValue);
    return fc.oneof(
      { arbitrary: fc.integer({ min: Math.max(first, -Number.MAX_SAFE_INTEGER), max: last }).map(toValue), weight: 4 },
      { arbitrary: fc.constantFrom(...boundary), weight: 1 },
    );
  }
  const min = bounds.min ?? -widest;
  const max = bounds.max ?? widest;
  if (min > max || (min === max && (bounds.minExclusive || bounds.maxExclusive)))
    throw new UnsatisfiableSchema(`no number between ${min} and ${max}`);
  const double = fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: bounds.minExclusive, maxExcluded: bounds.maxExclusive })
    .map((n) => (Object.is(n, -0) ? 0 : n));
  const boundary = [
    bounds.minExclusive ? undefined : min,
    bounds.maxExclusive ? undefined : max,
    min <= 0 && max >= 0 && !(bounds.minExclusive && min === 0) && !(bounds.maxExclusive && max === 0) ? 0 : undefined,
  ].filter((n): n is number => n !== undefined);
  return boundary.length > 0 ? fc.oneof({ arbitrary: double, weight: 4 }, { arbitrary: fc.constantFrom(...boundary), weight: 1 }) : double;
}

/** For an integer with `multipleOf: 2.5`, the step that is both an integer and a multiple. */
function lcmWithOne(step: number): number {
  if (Number.isInteger(step)) return step;
  for (let k = 2; k <= 1000; k++) if (Number.isInteger(Number((step * k).toPrecision(12)))) return Number((step * k).toPrecision(12));
  return step;
}

const HEADER_CHAR = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));

function characters(state: State): fc.Arbitrary<string> {
  if (state.options.charset === 'header') return HEADER_CHAR;
  // Mostly ASCII letters and digits, with non-ASCII text (accents, CJK, emoji) often enough to be seen.
  return fc.oneof(
    { arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('')), weight: 6 },
    { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), weight: 2 },
    { arbitrary: fc.constantFrom('é', 'ü', 'ß', 'ñ', '中', '文', 'Ж', 'ا', '😀', '\u00a0'), weight: 2 },
  );
}

function toRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}

/** Code points, as JSON Schema counts string length. */
export const codePointLength = (value: string): number => [...value].length;

/**
 * `fc.stringMatching` for a pattern, built once per process: building one analyses the whole expression (for a
 * quantified class, every code point of it), which cost more than drawing two dozen values from it. Arbitraries are
 * immutable, so one instance serves every request and every test of the worker.
 */
const MATCHING_CACHE_LIMIT = 1000;
const matchingByPattern = new Map<string, fc.Arbitrary<string>>();
function matching(regex: RegExp, size: 'small' | 'xsmall' = 'small'): fc.Arbitrary<string> {
  const key = `${size} ${regex.flags}/${regex.source}`;
  let arbitrary = matchingByPattern.get(key);
  if (!arbitrary) {
    if (matchingByPattern.size >= MATCHING_CACHE_LIMIT) matchingByPattern.clear();
    arbitrary = fc.stringMatching(regex, { size });
    matchingByPattern.set(key, arbitrary);
  }
  return arbitrary;
}

function stringArbitrary(schema: Schema, state: State): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const statedMax = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
  if (statedMax !== undefined && statedMax < minLength)
    throw new UnsatisfiableSchema(`maxLength ${statedMax} is below minLength ${minLength}`);
  const maxLength = Math.min(statedMax ?? Math.max(minLength, state.options.maxLength), Math.max(minLength, 256));
  const fits = (s: string) => codePointLength(s) >= minLength && (statedMax === undefined || codePointLength(s) <= statedMax);
  const formatted = formatArbitrary(schema.format, state);
  if (typeof schema.pattern === 'string') {
    const patterns = [schema.pattern, ...(Array.isArray(schema[ALSO_MATCHES]) ? (schema[ALSO_MATCHES] as string[]) : [])];
    const regexes = patterns.map(toRegExp);
    const headerSafe = (s: string) => state.options.charset !== 'header' || /^[\x21-\x7e]*$/.test(s);
    const accepted = (s: string) => regexes.every((r) => r.test(s)) && fits(s) && headerSafe(s);
    if (regexes.length === 1) return (formatted ?? matching(regexes[0])).filter(accepted);
    // Several branches' patterns: unanchored ones are searched for anywhere, so one match of each joined matches them
    // all; otherwise strings of each pattern that happen to match the others. Patterns may share no string at all
    // (`^a+$` and `^b+$`), and a filter nothing passes would never end: only sources whose probes pass are kept.
    const unanchored = patterns.every((p) => !p.startsWith('^') && !p.endsWith('$'));
    const sources = formatted
      ? [formatted]
      : [
          ...(unanchored ? [fc.tuple(...regexes.map((r) => matching(r))).map((parts) => parts.join(''))] : []),
          ...regexes.map((r) => matching(r)),
        ];
    const usable = sources.filter((source) => probe(source, PATTERN_PROBES).some(accepted));
    if (usable.length === 0)
      throw new UnsatisfiableSchema(`no string drawn matches every pattern of ${patterns.map((p) => `/${p}/`).join(', ')}`);
    return fc.oneof(...usable).filter(accepted);
  }
  if (formatted) return formatted.filter(fits);
  const chars = characters(state);
  const general = fc
    .array(chars, { minLength, maxLength })
    .map((a) => a.join(''))
    .filter(fits);
  // Boundaries: shortest, longest, and a non-ASCII string of the shortest non-empty length.
  const boundary = [
    fc.array(chars, { minLength, maxLength: minLength }).map((a) => a.join('')),
    fc.array(chars, { minLength: maxLength, maxLength }).map((a) => a.join('')),
  ];
  return fc.oneof({ arbitrary: general, weight: 4 }, { arbitrary: fc.oneof(...boundary).filter(fits), weight: 1 });
}

const dateBetween = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });

/** Values for the formats ajv-formats checks; an unknown format is a free string, as JSON Schema says. */
function formatArbitrary(format: unknown, state: State): fc.Arbitrary<string> | undefined {
  switch (format) {
    case 'date-time':
      return dateBetween.map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    case 'date':
      return dateBetween.map((d) => d.toISOString().slice(0, 10));
    case 'time':
      return dateBetween.map((d) => `${d.toISOString().slice(11, 19)}Z`);
    case 'email':
      return fc
        .emailAddress()
        .filter((e) => /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*$/.test(e) && e.length <= 64);
    case 'uuid':
      return fc.uuid();
    case 'uri':
    case 'url':
      return fc.webUrl({ size: 'small' });
    case 'hostname':
      return fc.domain({ size: 'small' });
    case 'ipv4':
      return fc.ipV4();
    case 'ipv6':
      return fc.ipV6();
    case 'byte':
      return fc.base64String({ maxLength: 32 });
    case 'int32':
    case 'int64':
      return fc.integer({ min: -1000000, max: 1000000 }).map(String);
    default:
      return state.options.charset === 'header' ? undefined : undefined;
  }
}

function arrayArbitrary(schema: Schema, state: State, minimal: boolean): fc.Arbitrary<unknown[]> {
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const statedMax = typeof schema.maxItems === 'number' ? schema.maxItems : undefined;
  if (statedMax !== undefined && statedMax < minItems) throw new UnsatisfiableSchema(`maxItems ${statedMax} is below minItems ${minItems}`);
  const maxItems = minimal
    ? minItems
    : Math.min(statedMax ?? Math.max(minItems, state.options.maxItems), Math.max(minItems, state.options.maxItems));
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems.map((s) => build(s as JsonSchema, state, minimal)) : [];
  const itemSchema = (schema.items ?? true) as JsonSchema;
  if (itemSchema === false) {
    if (prefix.length < minItems) throw new UnsatisfiableSchema('items: false with fewer prefixItems than minItems');
    return fc.tuple(...prefix);
  }
  if (maxItems === 0 && prefix.length === 0) return fc.constant([]);
  const restMin = Math.max(0, minItems - prefix.length);
  let item: fc.Arbitrary<unknown>;
  try {
    item = build(itemSchema, state, minimal);
  } catch (error) {
    // No item fits (allOf branches that disagree on the items' type): only an array without further items does.
    if (!(error instanceof UnsatisfiableSchema) || restMin > 0) throw error;
    return prefix.length > 0 ? fc.tuple(...prefix) : fc.constant([]);
  }
  const restMax = Math.max(restMin, maxItems - prefix.length);
  const rest =
    schema.uniqueItems === true
      ? fc.uniqueArray(item, { minLength: restMin, maxLength: restMax, selector: (v) => canonical(v) })
      : fc.array(item, { minLength: restMin, maxLength: restMax });
  return prefix.length > 0 ? fc.tuple(fc.tuple(...prefix), rest).map(([head, tail]) => [...head, ...tail]) : rest;
}

/** JSON text with sorted keys, so that deep-equal values compare equal (as `uniqueItems` means). */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

function objectArbitrary(schema: Schema, state: State, minimal: boolean): fc.Arbitrary<Record<string, unknown>> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const hidden = state.options.direction === 'request' ? 'readOnly' : 'writeOnly';
  const members: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [name, sub] of Object.entries(properties)) {
    const resolved = isObject(sub) ? deref(sub, state).schema : sub;
    if (isObject(resolved) && resolved[hidden] === true) continue;
    if (minimal && !required.has(name)) continue;
    try {
      members[name] = build(sub as JsonSchema, state, minimal);
    } catch (error) {
      // An optional member no value fits is left out; a required one makes the object unsatisfiable.
      if (!(error instanceof UnsatisfiableSchema) || required.has(name)) throw error;
      continue;
    }
    if (required.has(name)) requiredKeys.push(name);
  }
  // A required name without a property schema takes any value its additionalProperties allow.
  for (const name of required) {
    if (name in members || name in properties) continue;
    const extra = schema.additionalProperties;
    members[name] = extra === false ? fc.constant(null) : build((isObject(extra) ? extra : true) as JsonSchema, state, true);
    requiredKeys.push(name);
  }
  // Objects as JSON text parses them: never without a prototype (ajv's deep equality throws on one).
  const record = fc.record(members, { requiredKeys, noNullPrototype: true });
  const patterns = isObject(schema.patternProperties) ? Object.entries(schema.patternProperties) : [];
  if (minimal || patterns.length === 0) return record;
  // patternProperties: a few extra keys matching each pattern, valued by its schema.
  const extras = patterns.map(([pattern, sub]) => {
    const regex = new RegExp(pattern, 'u');
    const key = matching(regex, 'xsmall').filter((k) => regex.test(k) && !(k in properties));
    return fc.dictionary(key, build(sub as JsonSchema, state, true), { maxKeys: 2, noNullPrototype: true });
  });
  return fc.tuple(record, ...extras).map(([base, ...more]) => Object.assign({}, ...more, base) as Record<string, unknown>);
}

function anyJson(state: State): fc.Arbitrary<unknown> {
  const text = fc.array(characters(state), { maxLength: 8 }).map((a) => a.join(''));
  const leaf = fc.oneof(text, fc.integer({ min: -1000, max: 1000 }), fc.boolean());
  return state.options.direction === 'request' ? leaf : fc.jsonValue({ maxDepth: 2 });
}

/**
 * `allOf` folded into one schema: properties and required lists united, the tighter of each bound, enums
 * intersected. What cannot be folded (nested composition) is kept for the validator to judge.
 */
function mergeAllOf(schema: Schema, state: State): Schema {
  const parts = [Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'allOf')), ...(schema.allOf as JsonSchema[])];
  let merged: Schema = {};
  // A branch with `additionalProperties: false` allows only its own properties, whatever the other branches add.
  const closed: Set<string>[] = [];
  // OpenAPI 3.0: null passes allOf only if every branch that states a type also says `nullable`.
  let nullEverywhere = true;
  for (const part of parts) {
    if (part === true) continue;
    if (part === false) throw new UnsatisfiableSchema('allOf includes the false schema');
    if (!isObject(part)) continue;
    let { schema: resolved } = deref(part, state);
    if (Array.isArray(resolved.allOf)) resolved = mergeAllOf(resolved, state);
    // OpenAPI 3.0: `nullable` adds null only to a `type` stated in the same schema object.
    if (state.options.dialect === 'openapi-3.0' && resolved.nullable === true && resolved.type === undefined) {
      const { nullable: _ignored, ...rest } = resolved;
      resolved = rest;
    }
    if (resolved.additionalProperties === false && !isObject(resolved.patternProperties))
      closed.push(new Set(Object.keys(isObject(resolved.properties) ? resolved.properties : {})));
    if (resolved.type !== undefined && resolved.nullable !== true) nullEverywhere = false;
    merged = mergeTwo(merged, resolved);
  }
  if (state.options.dialect === 'openapi-3.0' && merged.nullable === true && !nullEverywhere) merged.nullable = false;
  if (closed.length > 0) {
    const allowed = (name: string) => closed.every((names) => names.has(name));
    const properties = isObject(merged.properties) ? merged.properties : {};
    const hidden = state.options.direction === 'request' ? 'readOnly' : 'writeOnly';
    const required = Array.isArray(merged.required) ? merged.required.filter((r): r is string => typeof r === 'string') : [];
    for (const name of required.filter((r) => !allowed(r))) {
      // A member this side never carries is not required of it either; any other is a contradiction of the document.
      const sub = properties[name];
      const resolved = isObject(sub) ? deref(sub, state).schema : undefined;
      if (!isObject(resolved) || resolved[hidden] !== true)
        throw new UnsatisfiableSchema(`required member "${name}" is not allowed by a closed allOf branch`);
    }
    merged.required = required.filter(allowed);
    merged.properties = Object.fromEntries(Object.entries(properties).filter(([name]) => allowed(name)));
  }
  return merged;
}

/** Compositions of allOf branches combined: (A1 or A2) and (B1 or B2) is (A1 and B1) or (A1 and B2) or ... */
const MAX_COMBINED_BRANCHES = 64;

/** Member schemas by name (or pattern) of two `allOf` branches: a member both name must satisfy both. */
function mergeMemberSchemas(left: Schema, right: Schema): Schema {
  const merged: Schema = { ...left };
  for (const [name, sub] of Object.entries(right)) merged[name] = merged[name] === undefined ? sub : { allOf: [merged[name], sub] };
  return merged;
}

function mergeTwo(a: Schema, b: Schema): Schema {
  const out: Schema = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const current = out[key];
    if (current === undefined) {
      out[key] = value;
      continue;
    }
    switch (key) {
      case 'properties':
      case 'patternProperties':
        out[key] = mergeMemberSchemas(current as Schema, value as Schema);
        break;
      case 'required':
        out.required = [...new Set([...(current as string[]), ...(value as string[])])];
        break;
      case 'minimum':
      case 'minLength':
      case 'minItems':
      case 'minProperties':
        out[key] = Math.max(current as number, value as number);
        break;
      case 'maximum':
      case 'maxLength':
      case 'maxItems':
      case 'maxProperties':
        out[key] = Math.min(current as number, value as number);
        break;
      case 'enum':
        out.enum = (current as unknown[]).filter((v) => (value as unknown[]).some((w) => canonical(w) === canonical(v)));
        break;
      case 'type': {
        const left = Array.isArray(current) ? current : [current];
        const right = Array.isArray(value) ? value : [value];
        const both = left
          .filter((t) => right.includes(t) || (t === 'integer' && right.includes('number')))
          .concat(right.filter((t) => t === 'integer' && left.includes('number')));
        out.type = both.length === 1 ? both[0] : [...new Set(both)];
        break;
      }
      case 'nullable':
        out.nullable = current === true && value === true;
        break;
      case 'additionalProperties':
      case 'items':
      case 'additionalItems':
      case 'propertyNames':
      case 'contains':
      case 'unevaluatedProperties':
      case 'unevaluatedItems':
        // Both apply to the same members: the member schema is their conjunction.
        if (value === false || current === false) out[key] = false;
        else if (value === true) out[key] = current;
        else if (current === true) out[key] = value;
        else out[key] = { allOf: [current, value] };
        break;
      case 'not':
        out.not = { anyOf: [current, value] };
        break;
      case 'pattern':
        // Regular expressions do not intersect in general: the string must match each (see stringArbitrary).
        if (current !== value) out[ALSO_MATCHES] = [...((out[ALSO_MATCHES] as string[]) ?? []), value];
        break;
      case 'oneOf':
      case 'anyOf': {
        const left = current as JsonSchema[];
        const right = value as JsonSchema[];
        if (left.length * right.length <= MAX_COMBINED_BRANCHES) out[key] = left.flatMap((a) => right.map((b) => ({ allOf: [a, b] })));
        // Beyond that the right-hand composition is left to the validator, which discards what it refuses.
        break;
      }
      case ALSO_MATCHES:
        out[key] = [...(current as string[]), ...(value as string[])];
        break;
      default:
        out[key] = value;
    }
  }
  return out;
}
