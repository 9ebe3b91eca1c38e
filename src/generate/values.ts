import { sample } from 'openapi-sampler';
import { JSONSchemaFaker } from 'json-schema-faker';
import type { JsonSchema, NamedExample } from '../contract/types.ts';

/**
 * A value for a parameter or body: the contract's own example first (named ones in order), then the schema's
 * `default`, `const` or first `enum`, then a value sampled from the schema. Examples are the vendor's words;
 * sampled values are only a fallback.
 */
export function valueFor(
  examples: NamedExample[],
  schema: JsonSchema | undefined,
  document: Record<string, unknown>,
  exampleName?: string,
): unknown {
  const chosen = exampleName ? examples.find((e) => e.name === exampleName) : examples[0];
  if (chosen) return chosen.value;
  return candidates(schema, document, undefined).next().value;
}

/** A value the contract accepts, or why none could be found. */
export type Chosen = { value: unknown; source: string } | { reason: string };

export interface ChooseOptions {
  examples: NamedExample[];
  schema: JsonSchema | undefined;
  /** JSON pointer of the schema in the document; generated values for it come from json-schema-faker. */
  schemaPointer?: string;
  document: Record<string, unknown>;
  /** Reasons a candidate is not acceptable (schema errors, wire limits); empty or undefined means acceptable. */
  check: (value: unknown) => string[] | undefined;
  /** Applied to every candidate before it is checked (e.g. optional fields a form cannot carry left out). */
  prepare?: (value: unknown) => unknown;
}

/** How many json-schema-faker draws to try (each with its own seed) before giving up. */
const GENERATED_TRIES = 6;

/**
 * The first candidate the check accepts: the contract's examples (a vendor's example that contradicts its own
 * schema is passed over), `default`/`const`/`enum`, openapi-sampler's sample, then json-schema-faker draws
 * (patterns, formats, composition) with required properties only and with optional ones.
 */
export function chooseValue(options: ChooseOptions): Chosen {
  const seen: string[] = [];
  const tried = new Set<string>();
  const consider = (raw: unknown, source: string): Chosen | undefined => {
    const value = options.prepare ? options.prepare(raw) : raw;
    const key = safeKey(value);
    if (tried.has(key)) return undefined;
    tried.add(key);
    const problems = options.check(value);
    if (!problems || problems.length === 0) return { value, source };
    seen.push(`${source}: ${problems.slice(0, 2).join('; ')}`);
    return undefined;
  };
  for (const example of options.examples) {
    const hit = consider(example.value, `example${example.name ? ` "${example.name}"` : ''}`);
    if (hit) return hit;
  }
  for (const value of candidates(options.schema, options.document, options.schemaPointer)) {
    const hit = consider(value, 'generated value');
    if (hit) return hit;
  }
  return { reason: `no value satisfies the schema (${seen.slice(0, 3).join(' | ') || 'nothing could be generated'})` };
}

function* candidates(schema: JsonSchema | undefined, document: Record<string, unknown>, pointer: string | undefined): Generator<unknown> {
  if (schema === undefined || typeof schema !== 'object') {
    yield undefined;
    return;
  }
  if ('default' in schema) yield schema.default;
  if ('const' in schema) yield schema.const;
  if (Array.isArray(schema.enum)) yield* schema.enum;
  const sampled = attempt(() => sample(schema as never, { skipReadOnly: true, quiet: true } as never, document as never));
  if (sampled !== FAILED) yield sampled;
  // json-schema-faker resolves `$ref`s against the root but cannot follow escaped pointers (`~1` in paths), so
  // the schema goes under a plain key of a root that still holds the document's components.
  const root = pointer ? { ...document, [TARGET_KEY]: schema, $ref: `#/${TARGET_KEY}` } : schema;
  for (let seed = 0; seed < GENERATED_TRIES; seed++) {
    const generated = attempt(() => fake(root, seed));
    if (generated !== FAILED) yield generated;
  }
}

const FAILED = Symbol('failed');
const TARGET_KEY = 'x-conformance-target';

function attempt<T>(make: () => T): T | typeof FAILED {
  try {
    return make();
  } catch {
    return FAILED;
  }
}

/** A json-schema-faker draw: deterministic per seed; even seeds keep to required properties. */
function fake(schema: unknown, seed: number): unknown {
  let state = seed + 1;
  JSONSchemaFaker.option({
    failOnInvalidFormat: false,
    failOnInvalidTypes: false,
    ignoreMissingRefs: true,
    useDefaultValue: false,
    useExamplesValue: seed === 0,
    requiredOnly: seed % 2 === 0,
    alwaysFakeOptionals: false,
    refDepthMax: 3,
    omitNulls: true,
    // Arrays kept short (a cap of 5 still meets common `minItems`), so that a request stays within URL and header limits.
    maxItems: 5,
    // Park–Miller: reproducible runs, a different draw per seed.
    random: () => (state = (state * 48271) % 2147483647) / 2147483647,
  });
  return JSONSchemaFaker.generate(schema as never);
}

function safeKey(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return String(Math.random());
  }
}

/** Renders a parameter value for a URL or header (OpenAPI `simple`/`form` style, comma-joined arrays). */
export function serialise(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(serialise).join(',');
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k},${serialise(v)}`)
      .join(',');
  return String(value);
}
