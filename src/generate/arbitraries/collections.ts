/** Arrays (prefixItems, uniqueItems, bounds) and objects (required members, readOnly/writeOnly by side, patternProperties). */
import fc from 'fast-check';
import type { JsonSchema } from '../../contract/types.ts';
import { canonical } from '../../contract/canonical.ts';
import { isObject } from '../../core/pointer.ts';
import { annotatedAnywhere, PATTERN_PROBES, probe, probedFilter, UnsatisfiableSchema, type Schema, type State } from './context.ts';
import { characters, matching } from './strings.ts';

export function arrayArbitrary(schema: Schema, state: State, minimal: boolean): fc.Arbitrary<unknown[]> {
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const statedMax = typeof schema.maxItems === 'number' ? schema.maxItems : undefined;
  if (statedMax !== undefined && statedMax < minItems) throw new UnsatisfiableSchema(`maxItems ${statedMax} is below minItems ${minItems}`);
  const maxItems = minimal
    ? minItems
    : Math.min(statedMax ?? Math.max(minItems, state.options.maxItems), Math.max(minItems, state.options.maxItems));
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems.map((s) => state.build(s as JsonSchema, minimal)) : [];
  const itemSchema = (schema.items ?? true) as JsonSchema;
  if (itemSchema === false) {
    if (prefix.length < minItems) throw new UnsatisfiableSchema('items: false with fewer prefixItems than minItems');
    return fc.tuple(...prefix);
  }
  if (maxItems === 0 && prefix.length === 0) return fc.constant([]);
  const restMin = Math.max(0, minItems - prefix.length);
  let item: fc.Arbitrary<unknown>;
  try {
    item = state.build(itemSchema, minimal);
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

export function objectArbitrary(schema: Schema, state: State, minimal: boolean): fc.Arbitrary<Record<string, unknown>> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const hidden = state.options.direction === 'request' ? 'readOnly' : 'writeOnly';
  const members: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [name, sub] of Object.entries(properties)) {
    if (annotatedAnywhere(sub, hidden, state)) continue;
    if (minimal && !required.has(name)) continue;
    try {
      members[name] = state.build(sub as JsonSchema, minimal);
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
    members[name] = extra === false ? fc.constant(null) : state.build((isObject(extra) ? extra : true) as JsonSchema, true);
    requiredKeys.push(name);
  }
  // Objects as JSON text parses them: never without a prototype (ajv's deep equality throws on one).
  const record = fc.record(members, { requiredKeys, noNullPrototype: true });
  const patterns = isObject(schema.patternProperties) ? Object.entries(schema.patternProperties) : [];
  const withExtras = minimal ? record : withUndeclared(record, schema, properties, patterns, state);
  if (minimal || patterns.length === 0) return withExtras;
  // patternProperties: a few extra keys matching each pattern, valued by its schema.
  // A pattern no drawn key meets adds no keys: the extra keys are optional, the object is valid without them.
  const extras = patterns.flatMap(([pattern, sub]) => {
    const regex = new RegExp(pattern, 'u');
    const fresh = (k: string) => regex.test(k) && !(k in properties);
    let keys: fc.Arbitrary<string>;
    try {
      keys = matching(regex, 'xsmall');
    } catch (error) {
      if (error instanceof UnsatisfiableSchema) return [];
      throw error;
    }
    if (!probe(keys, PATTERN_PROBES).some(fresh)) return [];
    return [fc.dictionary(keys.filter(fresh), state.build(sub as JsonSchema, true), { maxKeys: 2, noNullPrototype: true })];
  });
  return fc.tuple(withExtras, ...extras).map(([base, ...more]) => Object.assign({}, ...more, base) as Record<string, unknown>);
}

/**
 * Up to two undeclared members beside the declared ones, where the schema leaves them open and the options ask for
 * them (`extraProperties`): names no declared property or pattern claims, values from `additionalProperties`.
 */
function withUndeclared(
  record: fc.Arbitrary<Record<string, unknown>>,
  schema: Schema,
  properties: Record<string, unknown>,
  patterns: [string, unknown][],
  state: State,
): fc.Arbitrary<Record<string, unknown>> {
  const extra = schema.additionalProperties;
  const closed = extra === false || ['propertyNames', 'maxProperties', 'unevaluatedProperties'].some((k) => schema[k] !== undefined);
  if (!state.options.extraProperties || closed) return record;
  const claimed = patterns.map(([pattern]) => new RegExp(pattern, 'u'));
  const fresh = (k: string) => !(k in properties) && k !== '__proto__' && !claimed.some((regex) => regex.test(k));
  let keys: fc.Arbitrary<string>;
  let values: fc.Arbitrary<unknown>;
  try {
    keys = probedFilter(fc.stringMatching(/^[a-z][a-z_]{0,11}$/), fresh, 'every name is declared or claimed by a pattern');
    values = state.build((isObject(extra) ? extra : true) as JsonSchema, true);
  } catch (error) {
    if (error instanceof UnsatisfiableSchema) return record;
    throw error;
  }
  const extras = fc.dictionary(keys, values, { maxKeys: 2, noNullPrototype: true });
  return fc.tuple(extras, record).map(([more, own]) => ({ ...more, ...own }));
}

export function anyJson(state: State): fc.Arbitrary<unknown> {
  const text = fc.array(characters(state), { maxLength: 8 }).map((a) => a.join(''));
  const leaf = fc.oneof(text, fc.integer({ min: -1000, max: 1000 }), fc.boolean());
  return state.options.direction === 'request' ? leaf : fc.jsonValue({ maxDepth: 2 });
}
