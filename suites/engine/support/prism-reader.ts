import { createRequire } from 'node:module';
import type { Contract, Operation } from '../../../src/contract/types.ts';
import { lowerCaseNames, type RecordedRequest } from '../../../src/core/wire.ts';
import { mockableDocument } from '../../../src/targets/mock.ts';

/**
 * Prism's own request parser, called as its HTTP server calls it (Prism 5.14: `@stoplight/prism-http-server` reads
 * the URL with WHATWG `URL`, the path with `uri-template-lite`, parameters with `prism-http`'s style deserialisers
 * and the body with its form and multipart readers), then coerced by the schema as its validator does. The
 * serialiser's round-trip property holds every request the engine builds to what this reader gets back.
 */

const require = createRequire(import.meta.url);
const prismHttp = require.resolve('@stoplight/prism-http');
const fromPrism = createRequire(prismHttp);
const deserializers = fromPrism('./validator/deserializers') as Record<'query' | 'path' | 'header' | 'body', Deserializers>;
const bodyReader = fromPrism('./validator/validators/body') as {
  splitUriParams(text: string): { right?: Record<string, string>; left?: unknown };
  parseMultipartFormDataParams(text: string, boundary?: string): { right?: Record<string, string>; left?: unknown };
  decodeUriEntities(target: Record<string, string>, mediaType: string): Record<string, string>;
  deserializeFormBody(schema: PrismSchema, encodings: unknown[], decoded: Record<string, string>): { right?: unknown; left?: unknown };
};
const { validateAgainstSchema } = fromPrism('./validator/validators/utils') as {
  validateAgainstSchema(value: unknown, schema: unknown, coerce: boolean, context: string, prefix: string, bundle: unknown): unknown;
};
const { URI } = createRequire(fromPrism.resolve('uri-template-lite'))('uri-template-lite') as {
  URI: { Template: new (template: string) => { match(path: string): Record<string, string> } };
};
const mergeAllOf = fromPrism('@stoplight/json-schema-merge-allof') as (schema: unknown, options: object) => PrismSchema;

type Deserializers = Record<string, (name: string, target: Record<string, unknown>, schema: unknown, explode: boolean) => unknown>;
type PrismSchema = { type?: unknown; properties?: Record<string, unknown>; [key: string]: unknown };
interface PrismParam {
  name: string;
  style?: string;
  explode?: boolean;
  schema?: PrismSchema;
}
interface PrismOperation {
  method: string;
  path: string;
  request?: {
    query?: PrismParam[];
    path?: PrismParam[];
    headers?: PrismParam[];
    body?: { contents?: { mediaType: string; schema?: PrismSchema; encodings?: unknown[] }[] };
  };
  __bundled__?: unknown;
}

/** What Prism read from a request: parameters by location (names as Prism keys them, lower-cased) and the body. */
export interface PrismReading {
  query: Record<string, unknown>;
  path: Record<string, unknown>;
  header: Record<string, unknown>;
  body?: unknown;
  /** The reader itself threw (a deserialiser Prism cannot apply): the message. */
  error?: string;
}

const NO_PARAMS: PrismParam[] = [];
const operationsByContract = new WeakMap<Contract, Promise<PrismOperation[]>>();

async function prismOperations(contract: Contract): Promise<PrismOperation[]> {
  let known = operationsByContract.get(contract);
  if (!known) {
    const { getHttpOperationsFromSpec } = require('@stoplight/prism-http') as {
      getHttpOperationsFromSpec(document: unknown): Promise<PrismOperation[]>;
    };
    known = getHttpOperationsFromSpec(mockableDocument(contract.document));
    operationsByContract.set(contract, known);
  }
  return known;
}

/** As Prism's server: one value per name, several for a repeated name. */
function searchParams(url: URL): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    params[key] = values.length === 1 ? values[0] : values;
  }
  return params;
}

const paramSchemas = new WeakMap<PrismParam[], { type: string; properties: Record<string, unknown> }>();

/** As Prism's `validateParams`: names lower-cased, each parameter read by its style's deserialiser, then coerced. */
function readParams(
  target: Record<string, unknown>,
  specs: PrismParam[],
  styles: Deserializers,
  defaultStyle: string,
  bundle: unknown,
): Record<string, unknown> {
  const lowered = lowerCaseNames(target);
  // One schema object per parameter list, as Prism keeps it: its validator is compiled once.
  let schema = paramSchemas.get(specs);
  if (!schema) {
    schema = { type: 'object', properties: Object.fromEntries(specs.filter((s) => s.schema).map((s) => [s.name.toLowerCase(), s.schema])) };
    paramSchemas.set(specs, schema);
  }
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    const deserializer = styles[spec.style ?? defaultStyle];
    if (!deserializer) continue;
    const value = deserializer(spec.name.toLowerCase(), lowered, schema.properties[spec.name.toLowerCase()], spec.explode || false);
    if (value !== undefined) values[spec.name.toLowerCase()] = value;
  }
  validateAgainstSchema(values, schema, true, 'input', 'param', bundle);
  return values;
}

/** Reads one request as the operation's Prism mock reads it (the request's URL has the operation's path, no base path). */
export async function readWithPrism(contract: Contract, operation: Operation, request: RecordedRequest): Promise<PrismReading> {
  const operations = await prismOperations(contract);
  const prism = operations.find((o) => o.method.toUpperCase() === operation.method && o.path === operation.path);
  if (!prism) throw new Error(`Prism has no operation ${operation.key}`);
  const reading: PrismReading = { query: {}, path: {}, header: {} };
  const bundle = prism.__bundled__;
  try {
    const url = new URL(request.url);
    reading.query = readParams(searchParams(url), prism.request?.query ?? NO_PARAMS, deserializers.query, 'form', bundle);
    reading.path = readParams(
      new URI.Template(prism.path).match(url.pathname) ?? {},
      prism.request?.path ?? NO_PARAMS,
      deserializers.path,
      'simple',
      bundle,
    );
    reading.header = readParams(request.headers, prism.request?.headers ?? NO_PARAMS, deserializers.header, 'simple', bundle);
    if (request.body !== undefined) reading.body = readBody(prism, request, bundle);
  } catch (error) {
    reading.error = (error as Error).message;
  }
  return reading;
}

function readBody(prism: PrismOperation, request: RecordedRequest, bundle: unknown): unknown {
  const contentType = request.headers['content-type'] ?? '';
  const essence = contentType.split(';')[0].trim().toLowerCase();
  const content = prism.request?.body?.contents?.find((c) => c.mediaType.toLowerCase() === essence) ?? prism.request?.body?.contents?.[0];
  if (essence === 'application/json' || essence.endsWith('+json')) return JSON.parse(request.body!);
  if (essence !== 'application/x-www-form-urlencoded' && essence !== 'multipart/form-data') return request.body;
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  const split =
    essence === 'multipart/form-data'
      ? bodyReader.parseMultipartFormDataParams(request.body!, boundary)
      : bodyReader.splitUriParams(request.body!);
  if (!split.right) throw new Error(`Prism could not split the ${essence} body`);
  const decoded = bodyReader.decodeUriEntities(split.right, essence);
  let schema: PrismSchema = content?.schema ?? {};
  try {
    schema = mergeAllOf(schema, { deep: true, ignoreAdditionalProperties: true });
  } catch {
    // as Prism: a schema whose allOf cannot be merged is used as it is
  }
  const deserialised = bodyReader.deserializeFormBody(schema, content?.encodings ?? [], decoded);
  if (!deserialised.right) throw new Error(`Prism could not read the ${essence} body's fields`);
  validateAgainstSchema(deserialised.right, schema, true, 'input', 'body', bundle);
  return deserialised.right;
}
