import { createRequire, Module } from 'node:module';
import type { Contract, Operation } from '../contract/types.ts';
import { isObject } from '../core/pointer.ts';
import { isFormMediaType, isMediaType } from '../checks/media.ts';
import { essence } from '../core/wire.ts';
import { indexPrismRoutes } from './prism-routes.ts';
import { capability, FRAMING_HEADERS } from '../checks/mock-capabilities.ts';

const require = createRequire(import.meta.url);

export interface RunningMock {
  vendor: string;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts a Stoplight Prism mock for one contract inside this process, on a free loopback port.
 * In-process (rather than `prism mock` in a child) means no orphan processes: the mock ends with the runner,
 * on Ctrl-C and on crashes alike, and startup skips a Node boot.
 */
export async function startMock(contract: Pick<Contract, 'vendor' | 'document'>): Promise<RunningMock> {
  const server = await prismServer(
    contract,
    {
      validateRequest: true,
      validateResponse: false,
      checkSecurity: true,
      errors: false,
      isProxy: false,
      mock: { dynamic: false },
    },
    'mock',
  );
  const url: string = await server.listen(0, '127.0.0.1');
  return { vendor: contract.vendor, url, close: () => server.close() };
}

/** A Prism HTTP server over the contract with the given config (a mock, or a validation proxy), not yet listening. */
export async function prismServer(
  contract: Pick<Contract, 'document'>,
  config: Record<string, unknown>,
  name: string,
): Promise<{ listen(port: number, host: string): Promise<string>; close(): Promise<void> }> {
  // Prism ships CommonJS; loaded lazily so that runs that need no mock do not pay for it.
  deferFaker();
  const { getHttpOperationsFromSpec } = require('@stoplight/prism-http');
  const { createServer } = require('@stoplight/prism-http-server');
  const { createLogger } = require('@stoplight/prism-core');
  const operations = await getHttpOperationsFromSpec(mockableDocument(contract.document));
  const server = createServer(operations, {
    cors: false,
    config,
    components: { logger: createLogger(name, { level: process.env.PRISM_LOG ?? 'silent' }) },
  });
  indexPrismRoutes(server.prism, operations);
  return server;
}

/**
 * Prism requires @faker-js/faker (every locale, 0.6–1.8 s of a cold start on two cores) at load time, but only
 * dynamic mocking calls it, and these mocks are static (`dynamic: false`). The module is stood in for by a proxy
 * that loads the real one on first use, so nothing changes if it is ever used.
 */
function deferFaker(): void {
  let path: string;
  try {
    path = createRequire(require.resolve('@stoplight/prism-http')).resolve('@faker-js/faker');
  } catch {
    return;
  }
  if (require.cache[path]) return;
  let real: Record<PropertyKey, unknown> | undefined;
  const load = (): Record<PropertyKey, unknown> => {
    if (!real) {
      delete require.cache[path];
      real = require(path) as Record<PropertyKey, unknown>;
    }
    return real;
  };
  const stand = new Module(path);
  stand.filename = path;
  stand.loaded = true;
  // json-schema-faker takes `faker.default` at load time and keeps it, so that instance is deferred too.
  const lazy = (of: () => Record<PropertyKey, unknown>): object =>
    new Proxy(
      {},
      {
        get: (_, key) => of()[key],
        has: (_, key) => key in of(),
        ownKeys: () => Reflect.ownKeys(of()),
        getOwnPropertyDescriptor: (_, key) => ({ ...Reflect.getOwnPropertyDescriptor(of(), key), configurable: true }),
      },
    );
  const instance = lazy(() => load().default as Record<PropertyKey, unknown>);
  stand.exports = new Proxy(
    {},
    {
      get: (_, key) => (key === 'default' ? instance : key === '__esModule' ? true : load()[key]),
      has: (_, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => ({ ...Reflect.getOwnPropertyDescriptor(load(), key), configurable: true }),
    },
  );
  require.cache[path] = stand;
}

/**
 * Why Prism cannot serve an operation's valid requests, if it cannot: it matches one parameter per path segment,
 * so `/blog/{name}{ext}` is never routed whatever is sent, and it cannot read matrix-style path parameters.
 */
export function mockLimitation(operation: Pick<Operation, 'path' | 'parameters' | 'requestBody'>): string | undefined {
  return unroutable(operation) ?? unreadableOperation(operation);
}

/** Why Prism never routes a request to this operation, whatever is sent: its path template alone says so. */
export function unroutable(operation: Pick<Operation, 'path'>): string | undefined {
  // A fragment is never sent: `/#X-Amz-Target=…` (the directory's AWS documents) or `/{id}#disambiguation` (Azure's)
  // tell apart operations that share a path and method on the wire, which is all Prism routes by.
  const fragment = operation.path.indexOf('#');
  if (fragment >= 0)
    return `the mock (Prism) ${capability('path-fragment').behaviour}, and this path template tells its operation apart by "${operation.path.slice(fragment)}"; run against a live target`;
  // A query in the template (`/search/articles?query={query}`): Prism matches the path alone, which no template equals.
  const templateQuery = operation.path.indexOf('?');
  if (templateQuery >= 0)
    return `the mock (Prism) ${capability('path-fragment').behaviour}, and this path template carries a query of its own ("${operation.path.slice(templateQuery)}"), which it cannot route; run against a live target`;
  // Prism escapes a templated segment for its regular expression, then finds parameters as braces holding no escape:
  // a name with `.`, `+`, `*`, … is left as literal text, which no request with a value in it matches.
  const special = (operation.path.match(/\{[^}]*\}/g) ?? []).find((braces) => /[.*+?^${}()|[\]\\]/.test(braces.slice(1, -1)));
  if (special)
    return `the mock (Prism) ${capability('path-parameter-name').behaviour}; this template names "${special}", so no request reaches the operation; run against a live target`;
  return undefined;
}

function unreadableOperation(operation: Pick<Operation, 'path' | 'parameters' | 'requestBody'>): string | undefined {
  const crowded = operation.path.split('/').find((segment) => (segment.match(/\{[^}]+\}/g) ?? []).length > 1);
  if (crowded) return `the mock (Prism) cannot route a path segment with several parameters ("${crowded}"); run against a live target`;
  // Prism 5.14's matrix and simple-style deserialisers throw on these path parameters, and the exception escapes
  // its server (the request hangs), so they are not called.
  const unreadable = operation.parameters.find(
    (p) => p.in === 'path' && (p.style === 'matrix' || ((p.style ?? 'simple') === 'simple' && isStructured(p.schema))),
  );
  if (unreadable)
    return `the mock (Prism) cannot read the ${unreadable.style ?? 'simple'}-style path parameter "${unreadable.name}"; run against a live target`;
  // Prism reads a form body by its schema's declared properties: a required field the schema does not declare
  // never arrives, whatever is sent.
  for (const media of operation.requestBody?.content ?? []) {
    if (!isFormMediaType(media.mediaType) || !isObject(media.schema)) continue;
    const declared = isObject(media.schema.properties) ? media.schema.properties : {};
    const undeclared = (Array.isArray(media.schema.required) ? media.schema.required : []).find(
      (name): name is string => typeof name === 'string' && !(name in declared),
    );
    if (undeclared)
      return `the mock (Prism) reads only the declared fields of a ${media.mediaType} body, and this one requires the undeclared "${undeclared}"; run against a live target`;
  }
  return undefined;
}

/** Prism's own errors (`type` https://stoplight.io/prism/errors#…) that mean it could not produce an answer at all. */
const PRISM_CANNOT_SERVE =
  /^https:\/\/stoplight\.io\/prism\/errors#(UNKNOWN|NO_RESPONSE_DEFINED|NO_SERVER_MATCHED_ERROR|SCHEMA_TOO_COMPLEX|NO_COMPLEX_OBJECT_TEXT)$/;

/**
 * Why the mock's answer is Prism failing to serve rather than an answer from the document (a 5xx problem+json of
 * Prism's own, e.g. when it cannot render an XML or binary example), if it is. Such an answer judges nobody: the
 * example-based test becomes a skip saying so, and the generative phases do not count it.
 */
export function mockCouldNotServe(response: { status: number; headers: Record<string, string>; text: string }): string | undefined {
  // Media types are case-insensitive (RFC 9110 §8.3.1): `Application/Problem+JSON` is Prism's problem too.
  if (response.status < 500 || essence(response.headers['content-type']) !== 'application/problem+json') return undefined;
  // An answer to HEAD carries no body: a 5xx problem there is the one Prism made up, whose type cannot be read.
  if (response.text === '')
    return 'the mock (Prism) answered a 5xx problem with no body to read (an answer to HEAD): it could not produce the documented answer; run against a live target';
  try {
    const problem = JSON.parse(response.text) as { type?: unknown; title?: unknown; detail?: unknown };
    if (typeof problem.type !== 'string' || !PRISM_CANNOT_SERVE.test(problem.type)) return undefined;
    const detail = [problem.title, problem.detail].filter((x): x is string => typeof x === 'string' && x !== '').join(': ');
    return `the mock (Prism) could not produce this answer (${detail.slice(0, 200) || problem.type}); run against a live target`;
  } catch {
    return undefined;
  }
}

const WILDCARDS = new Set(['*/*', 'application/*']);

/**
 * The contract as Prism is given it. Prism cannot serialise an object for a wildcard media type (`*\/*`, common
 * in Swagger 2.0 `produces`) and answers 500, so a wildcard entry is served as `application/json`; a documented
 * framing header is left out. The checks still hold responses to the contract as written.
 */
export function mockableDocument(document: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(document);
  for (const item of Object.values(isObject(copy.paths) ? copy.paths : {})) {
    for (const operation of Object.values(isObject(item) ? item : {})) {
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const response of Object.values(operation.responses)) {
        if (!isObject(response)) continue;
        // Prism copies a documented header into its answer: a framing one (Transfer-Encoding beside its own
        // Content-Length) makes an answer no client can read (mock capability row framing-headers).
        if (isObject(response.headers))
          for (const name of Object.keys(response.headers)) if (FRAMING_HEADERS.has(name.toLowerCase())) delete response.headers[name];
        if (!isObject(response.content)) continue;
        const content = response.content;
        for (const type of Object.keys(content)) {
          // A key that is no media type (a property name, in documents converted from Swagger 2.0) would be
          // negotiated by Prism's parser, which throws on it and leaves the request unanswered (row media-type-keys).
          if (!isMediaType(type)) {
            delete content[type];
            continue;
          }
          if (!WILDCARDS.has(type)) continue;
          if (!content['application/json']) content['application/json'] = content[type];
          delete content[type];
        }
      }
    }
  }
  return copy;
}

const isStructured = (schema: unknown): boolean => isObject(schema) && (schema.type === 'array' || schema.type === 'object');

let surviving = false;

/**
 * The mocks run inside the runner, and Prism 5.14 lets some exceptions escape its request handling (a Content-Type
 * it cannot parse, a path parameter style it cannot read). One such request must cost that request, not the run and
 * every result in it: the exception is logged as the mock's and the run goes on (the request times out and fails).
 * Any other uncaught exception still ends the process.
 */
export function surviveMockCrashes(log: (line: string) => void): void {
  if (surviving) return;
  surviving = true;
  process.on('uncaughtException', (error) => {
    const stack = error instanceof Error ? (error.stack ?? '') : '';
    if (/node_modules[\\/](@stoplight[\\/]prism|micri|whatwg-mimetype)/.test(stack)) {
      log(`ENGINE_MOCK_CRASH: the mock (Prism) failed on a request and left it unanswered: ${(error as Error).message.split('\n')[0]}`);
      return;
    }
    throw error;
  });
}
