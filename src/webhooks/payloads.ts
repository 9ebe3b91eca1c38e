/**
 * Delivery payloads: the contract's own examples first (the vendor's words), then values generated from the
 * webhook's request-body schema with fast-check, so a receiver also meets payloads the examples never show
 * (other optional fields present or absent, extra fields where the schema allows them, non-ASCII text).
 */
import fc from 'fast-check';
import type { SchemaError, SchemaValidators } from '../checks/schema-validators.ts';
import { get, isObject } from '../core/pointer.ts';
import { mergeSchemas } from '../contract/schema-merge.ts';
import type { Contract, JsonSchema, MediaSpec, Operation } from '../contract/types.ts';
import { WebhookError, WebhookErrorCode } from './errors.ts';

/** One payload to deliver: a named contract example, or a generated value. */
export interface Payload {
  readonly name: string;
  readonly value: unknown;
}

/** The webhook's JSON request-body media (schema, pointer, examples); throws `WEBHOOK_CONTRACT` when it has none. */
export function payloadMedia(webhook: Operation): MediaSpec & { schemaPointer: string } {
  const media = webhook.requestBody?.content.find((m) => /^application\/(.+\+)?json$/i.test(m.mediaType));
  if (!media?.schemaPointer)
    throw new WebhookError(WebhookErrorCode.contract, `${webhook.key} documents no JSON request body with a schema`);
  return media as MediaSpec & { schemaPointer: string };
}

/** The contract's examples of the webhook's body, named as the contract names them. */
export function examplePayloads(webhook: Operation): Payload[] {
  return payloadMedia(webhook).examples.map((e, i) => ({ name: e.name ?? `example ${i + 1}`, value: e.value }));
}

/** Schema errors of a payload against the webhook's documented body schema (empty when it validates). */
export function payloadErrors(validators: SchemaValidators, webhook: Operation, value: unknown): SchemaError[] {
  return validators.validate(payloadMedia(webhook).schemaPointer, value);
}

/** How far generation goes. */
export interface GenerationOptions {
  /** Below this depth objects get only their required properties and arrays their minimum length. */
  readonly maxDepth?: number;
  /** Longest generated array, unless the schema's `minItems` asks for more. */
  readonly maxItems?: number;
  /** Adds up to two undeclared properties where `additionalProperties` allows them (vendors add fields). */
  readonly extraProperties?: boolean;
  /** Smallest length of a top-level array: HubSpot sends batches with at least one event. */
  readonly rootMinItems?: number;
}

const DEFAULTS: Required<GenerationOptions> = { maxDepth: 4, maxItems: 4, extraProperties: true, rootMinItems: 1 };

/** Values of the webhook's documented body schema; every value validates against it (suites/engine/webhooks). */
export function payloadArbitrary(contract: Contract, webhook: Operation, options: GenerationOptions = {}): fc.Arbitrary<unknown> {
  const media = payloadMedia(webhook);
  return schemaArbitrary(get(contract.document, media.schemaPointer) as JsonSchema, contract.document, options);
}

/**
 * A fast-check arbitrary for the JSON Schema subset vendor contracts use: local `$ref`, `const`, `enum`,
 * `allOf` (objects merged), `oneOf`/`anyOf`, type lists, strings (`pattern`, common `format`s, lengths),
 * integers and numbers with bounds, arrays and objects. Unknown keywords are ignored; the engine test proves
 * the result validates for every webhook of every contract.
 */
export function schemaArbitrary(
  schema: JsonSchema,
  document: Record<string, unknown>,
  options: GenerationOptions = {},
): fc.Arbitrary<unknown> {
  const settings = { ...DEFAULTS, ...options };
  return arbitraryFor(schema, { document, settings, depth: 0 });
}

interface Generation {
  readonly document: Record<string, unknown>;
  readonly settings: Required<GenerationOptions>;
  readonly depth: number;
}

const LeafJsonArb = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 16 }), fc.integer(), fc.boolean(), fc.constant(null));
const AnyJsonArb = fc.jsonValue({ maxDepth: 2 });

function arbitraryFor(schema: unknown, gen: Generation): fc.Arbitrary<unknown> {
  if (schema === true || schema === undefined) return gen.depth >= gen.settings.maxDepth ? LeafJsonArb : AnyJsonArb;
  if (schema === false) throw new WebhookError(WebhookErrorCode.contract, 'a schema of `false` admits no value');
  if (!isObject(schema)) return AnyJsonArb;
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.startsWith('#') ? get(gen.document, schema.$ref) : undefined;
    if (target === undefined) throw new WebhookError(WebhookErrorCode.contract, `cannot resolve ${schema.$ref}`);
    return arbitraryFor(target, gen);
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.allOf)) return arbitraryFor(mergeAllOf(schema, gen.document), gen);
  const branches = (Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined) as
    unknown[] | undefined;
  if (branches && branches.length > 0) return fc.oneof(...branches.map((b) => arbitraryFor(b, gen)));
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : [inferType(schema)];
  if (types.length > 1) return fc.oneof(...types.map((type) => typed(type, schema, gen)));
  return typed(types[0], schema, gen);
}

function inferType(schema: Record<string, unknown>): string {
  if (isObject(schema.properties) || schema.required !== undefined || schema.additionalProperties !== undefined) return 'object';
  if (schema.items !== undefined) return 'array';
  return 'any';
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function typed(type: string, schema: Record<string, unknown>, gen: Generation): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer': {
      const exclusiveMin = num(schema.exclusiveMinimum);
      const exclusiveMax = num(schema.exclusiveMaximum);
      const min = num(schema.minimum) ?? (exclusiveMin !== undefined ? Math.floor(exclusiveMin) + 1 : -1_000_000);
      const max = num(schema.maximum) ?? (exclusiveMax !== undefined ? Math.ceil(exclusiveMax) - 1 : Math.max(min, 0) + 2_000_000_000_000);
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    }
    case 'number': {
      const min = num(schema.minimum) ?? num(schema.exclusiveMinimum) ?? -1e9;
      const max = num(schema.maximum) ?? num(schema.exclusiveMaximum) ?? 1e9;
      const value = fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
      return schema.exclusiveMinimum !== undefined || schema.exclusiveMaximum !== undefined
        ? value.filter((v) => v !== schema.exclusiveMinimum && v !== schema.exclusiveMaximum)
        : value;
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayArbitrary(schema, gen);
    case 'object':
      return objectArbitrary(schema, gen);
    default:
      return gen.depth >= gen.settings.maxDepth ? LeafJsonArb : AnyJsonArb;
  }
}

function stringArbitrary(schema: Record<string, unknown>): fc.Arbitrary<string> {
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = Math.max(minLength, num(schema.maxLength) ?? Math.max(minLength, 24));
  const withinLength = (s: string) => [...s].length >= minLength && [...s].length <= maxLength;
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).filter(withinLength);
  switch (schema.format) {
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress().filter(withinLength);
    case 'uri':
    case 'url':
      return fc.webUrl().filter(withinLength);
    case 'uuid':
      return fc.uuid();
    default:
      return fc.string({ unit: 'grapheme', minLength, maxLength });
  }
}

function arrayArbitrary(schema: Record<string, unknown>, gen: Generation): fc.Arbitrary<unknown[]> {
  const floor = gen.depth === 0 ? gen.settings.rootMinItems : 0;
  const minLength = Math.max(num(schema.minItems) ?? 0, floor);
  const deep = gen.depth >= gen.settings.maxDepth;
  const maxLength = deep ? minLength : Math.max(minLength, Math.min(num(schema.maxItems) ?? gen.settings.maxItems, gen.settings.maxItems));
  return fc.array(arbitraryFor(schema.items, { ...gen, depth: gen.depth + 1 }), { minLength, maxLength });
}

function objectArbitrary(schema: Record<string, unknown>, gen: Generation): fc.Arbitrary<Record<string, unknown>> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const deep = gen.depth >= gen.settings.maxDepth;
  const inner = { ...gen, depth: gen.depth + 1 };
  const declared: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of new Set([...Object.keys(properties), ...required])) {
    if (deep && !required.includes(name)) continue;
    declared[name] = arbitraryFor(properties[name], inner);
  }
  const record = fc.record(declared, { requiredKeys: required.filter((name) => name in declared), noNullPrototype: true });
  const additional = schema.additionalProperties;
  if (deep || !gen.settings.extraProperties || additional === false) return record;
  const extraKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in properties) && k !== '__proto__');
  const extras = fc.dictionary(extraKey, arbitraryFor(additional === undefined ? true : additional, inner), {
    maxKeys: 2,
    noNullPrototype: true,
  });
  return fc.tuple(extras, record).map(([extra, own]) => ({ ...extra, ...own }));
}

/**
 * allOf of object schemas as one object schema, folded with the contract's one merge (properties merged, `required`
 * united; a member two branches name must satisfy both). Payloads are objects, so a merge that states no type is one.
 */
function mergeAllOf(schema: Record<string, unknown>, document: Record<string, unknown>): Record<string, unknown> {
  const merged = [schema, ...(schema.allOf as unknown[])]
    .map((part) => {
      const target = isObject(part) && typeof part.$ref === 'string' ? get(document, part.$ref) : part;
      const { allOf: _allOf, ...rest } = isObject(target) ? target : {};
      return rest;
    })
    .reduce<Record<string, unknown>>((into, part) => mergeSchemas(into, part), {});
  const properties = isObject(merged.properties) ? merged.properties : {};
  const required = Array.isArray(merged.required) ? merged.required.map(String) : [];
  return { ...merged, type: merged.type ?? 'object', properties, required };
}
