/**
 * What every part of the schema arbitrary shares: its options, the state of one build (how deep each `$ref` has been
 * expanded), `$ref` resolution with OpenAPI 3.1 siblings, and the probe that tells whether a filter can ever pass.
 */
import fc from 'fast-check';
import type { JsonSchema } from '../../contract/types.ts';
import { get, isObject } from '../../core/pointer.ts';

export type Schema = Record<string, unknown>;

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
  /**
   * Adds up to two undeclared members to objects whose schema allows them (`additionalProperties` not false, no
   * `propertyNames`, `maxProperties` or `unevaluatedProperties` to keep): what a vendor adds to the payloads it sends,
   * which a receiver must take. Off for requests the engine sends.
   */
  extraProperties?: boolean;
}

/** A schema no value can satisfy (`false`, `not: {}`, contradictory bounds, a required recursive cycle). */
export class UnsatisfiableSchema extends Error {
  override readonly name = 'UnsatisfiableSchema';
}

/** The state of one build, and the builder the parts call back for member schemas. */
export interface State {
  options: Required<Omit<SchemaArbitraryOptions, 'document'>> & { document: Record<string, unknown> };
  /** Expansions of each `$ref` on the path from the root. */
  refs: Map<string, number>;
  /** How many members (properties, items) deep the schema being built is. */
  nesting: number;
  /** Builds the arbitrary of a member schema (`minimal`: required members only, minimum lengths). */
  build: (schema: JsonSchema, minimal: boolean) => fc.Arbitrary<unknown>;
}

/** A schema with its local `$ref` chain followed; 3.1 siblings of a `$ref` apply together with its target. */
export function deref(schema: Schema, state: State): { schema: Schema; ref?: string } {
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

/**
 * A few values drawn when the arbitrary is built, for a filter whose success cannot be known from the schema: a
 * filter none of them passes would loop for ever when drawing, so the caller gives up on it instead.
 */
export const PROBES = 8;
export const PATTERN_PROBES = 32;
export function probe<T>(arbitrary: fc.Arbitrary<T>, runs = PROBES): T[] {
  try {
    return fc.sample(arbitrary, { seed: 0x0e0f, numRuns: runs });
  } catch (error) {
    // Values nested so deep that drawing one exhausts the stack (sinao's invoice bodies): the generator cannot draw
    // them, which the caller reports like a schema it cannot satisfy (a skip with the reason), never a crash.
    if (error instanceof RangeError) throw new UnsatisfiableSchema(`its values nest deeper than the generator can draw (${error.message})`);
    throw error;
  }
}

/**
 * `arbitrary.filter(accepted)` once some probe passes, else the schema is one the generator cannot satisfy (a skip
 * with the reason). fast-check retries a filter without limit, on the worker's event loop: a filter nothing passes
 * would block the run, so none is built without this.
 */
export function probedFilter<T>(
  arbitrary: fc.Arbitrary<T>,
  accepted: (value: T) => boolean,
  unsatisfied: string,
  runs = PATTERN_PROBES,
): fc.Arbitrary<T> {
  if (!probe(arbitrary, runs).some(accepted)) throw new UnsatisfiableSchema(unsatisfied);
  return arbitrary.filter(accepted);
}

/**
 * Whether a member schema carries `readOnly` (or `writeOnly`), through its `$ref`s and the branches of its `allOf`:
 * an annotation holds wherever it applies, so a member one branch marks read-only is read-only (Azure's
 * `KeyVaultReference` declares `name` beside an allOf branch whose `name` is readOnly; Prism leaves it out of requests).
 */
export function annotatedAnywhere(schema: unknown, key: 'readOnly' | 'writeOnly', state: State, depth = 0): boolean {
  if (!isObject(schema) || depth > 16) return false;
  const resolved = deref(schema, state).schema;
  if (resolved[key] === true) return true;
  return Array.isArray(resolved.allOf) && resolved.allOf.some((branch) => annotatedAnywhere(branch, key, state, depth + 1));
}
