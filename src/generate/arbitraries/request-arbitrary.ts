import fc from 'fast-check';
import { preferredMedia } from '../plan-request.ts';
import { authSchemeName, httpAuthorization } from '../../targets/authorization.ts';
import { reservedHeaderValues } from '../reserved-headers.ts';
import type { Contract, MediaSpec, Operation, ParameterLocation, ParameterSpec, SecurityRequirement } from '../../contract/types.ts';
import { isCredentialParameter, isIgnoredHeader } from '../../contract/operations.ts';
import { isObject } from '../../core/pointer.ts';
import type { RecordedRequest } from '../../core/wire.ts';
import type { SchemaValidators } from '../../checks/schema-validators.ts';
import { schemaArbitrary, UnsatisfiableSchema, type Direction } from './schema-arbitrary.ts';
import { probedFilter } from './context.ts';
import {
  cookieHeader,
  isHeaderSafe,
  queryString,
  serialiseParameter,
  styleOf,
  UnsendableValue,
  pathAndQuery,
  type Serialised,
} from '../serialise.ts';
import { emptyBodyOnTheWire, encodeBody, malformedFormText, wireMediaType, withRequiredFieldsOnTheWire } from '../form.ts';
import { sendableAlternatives, unsendableParameter } from '../unsendable.ts';

/** A parameter's style and explode, the OpenAPI defaults filled in. */
export type ParameterStyle = ReturnType<typeof styleOf>;
import { withRecordId } from '../record-id.ts';

/** A request as values, before serialisation: what the generator draws, what shrinking reduces, what the checks judge. */
export interface GeneratedRequest {
  params: { location: ParameterLocation; name: string; value: unknown }[];
  body?: { mediaType: string; value: unknown; raw?: string };
  /** Set by negative mutations: the one rule the request breaks. */
  broken?: string;
}

/** The operation's parameters with their wire style, read from the raw parameter object. */
export interface StyledParameter extends ParameterSpec {
  wire: ParameterStyle;
}

// Per operation object (a loaded contract's operations never change): every generated request is rendered with them.
const styledByOperation = new WeakMap<Operation, readonly StyledParameter[]>();

export function styledParameters(contract: Contract, operation: Operation): readonly StyledParameter[] {
  const known = styledByOperation.get(operation);
  if (known) return known;
  // Accept, Content-Type and Authorization header parameters are ignored, as OpenAPI says: the media types and the
  // security schemes set those headers (a generated Content-Type would also be no media type at all). An optional
  // header whose name no client can write is never sent; a required one makes the operation unsendable.
  const styled = Object.freeze(
    operation.parameters
      .filter((parameter) => !isIgnoredHeader(parameter) && (parameter.required || !unsendableParameter(parameter)))
      .map((parameter) => Object.freeze({ ...parameter, wire: styleOf(parameter.in, parameter) })),
  );
  styledByOperation.set(operation, styled);
  return styled;
}

export const schemaDialect = (contract: Contract): 'openapi-3.0' | 'openapi-3.1' =>
  contract.format === 'openapi-3.1' ? 'openapi-3.1' : 'openapi-3.0';

/** The request body media type the generator uses: the one the example-based plan uses (`preferredMedia`). */
export const bodyMedia = (content: MediaSpec[]): MediaSpec | undefined => preferredMedia(content);

export interface RequestArbitraryOptions {
  /** Values a live target supplies (request keys, ids), by parameter or field name: they win over generated ones. */
  overrides?: Record<string, string>;
  /** Values seen in earlier answers, by parameter name: drawn for path parameters so that they name existing records. */
  known?: Record<string, unknown[]>;
  /** On a live target, path parameters use examples and known values only: a random id is a 404 the contract may not list. */
  livePaths?: boolean;
  /**
   * Whether `overrides` also replace body fields of the same name. Off by default: a live target's body values are
   * often single-use (an authorization code), and generated requests must not spend them.
   */
  overrideBodies?: boolean;
  /** The record a write names in its path: its id fills the body's `id` fields too (see `withRecordId`). */
  recordId?: string;
}

/** Why an operation cannot have generated requests (an unsatisfiable schema), or undefined. */
export class RequestPlanError extends Error {
  override readonly name = 'RequestPlanError';
}

/**
 * Valid requests for one operation: every required parameter, optional ones sometimes, the body per its schema;
 * the contract's examples are mixed in. Validity is by construction where possible and always checked with
 * `requestIsValid` before sending.
 */
export function requestArbitrary(
  contract: Contract,
  operation: Operation,
  options: RequestArbitraryOptions = {},
): fc.Arbitrary<GeneratedRequest> {
  const parameters = styledParameters(contract, operation);
  const unsendable = parameters.map(unsendableParameter).find((reason) => reason !== undefined);
  if (unsendable) throw new RequestPlanError(unsendable);
  const base = { document: contract.document, direction: 'request' as Direction, dialect: schemaDialect(contract) };
  const parts = parameters.map((p) => {
    const override = options.overrides?.[p.name];
    let value: fc.Arbitrary<unknown>;
    if (override !== undefined) value = fc.constant(coerce(override, p.schema));
    else {
      const examples = p.examples.map((e) => e.value);
      const known = options.known?.[p.name] ?? [];
      // A documented header example may hold what no header can carry (a line break): the transport refuses it.
      const fixed = [...known, ...examples].filter((v) => (p.in !== 'header' && p.in !== 'cookie') || headerSafe(p, v));
      // On a live target, values seen in its answers name records that exist; an example may name one that does not.
      if (p.in === 'path' && options.livePaths && fixed.length > 0) value = fc.constantFrom(...(known.length > 0 ? known : fixed));
      else {
        let generated: fc.Arbitrary<unknown>;
        try {
          generated = schemaArbitrary(p.schema, { ...base, charset: p.in === 'header' || p.in === 'cookie' ? 'header' : 'unicode' });
        } catch (error) {
          if (error instanceof UnsatisfiableSchema) throw new RequestPlanError(`${p.in} parameter "${p.name}": ${error.message}`);
          throw error;
        }
        if (p.in === 'path') generated = generated.filter((v) => pathSafe(v));
        // An empty text of a required parameter (`key=`, an empty header) reads as no parameter at all to Prism and
        // to many servers, so the request would not be the valid one it claims to be. Mapped, not filtered, so that
        // shrinking keeps its way down (a value the schema refuses is discarded before sending).
        // A null has the empty value as its wire form, so it goes the same way.
        else if (p.required) generated = generated.map((v) => (v === '' || v === null ? 'a' : v));
        value =
          fixed.length > 0 ? fc.oneof({ arbitrary: generated, weight: 3 }, { arbitrary: fc.constantFrom(...fixed), weight: 1 }) : generated;
      }
    }
    // Items of a joined array (or members of a joined object) must not hold the delimiter that joins them: `a,b`
    // as one item of a comma-joined list reads back as two items, and the request is not the one generated.
    const delimiters = joinDelimiters(p.in, p.wire);
    if (delimiters.length > 0) value = value.map((v) => withoutDelimiters(v, delimiters));
    const arbitrary = p.required
      ? value.map((v) => ({ location: p.in, name: p.name, value: v }))
      : fc.option(value, { nil: undefined, freq: 2 }).map((v) => ({ location: p.in, name: p.name, value: v }));
    return arbitrary;
  });
  const media = operation.requestBody ? bodyMedia(operation.requestBody.content) : undefined;
  let body: fc.Arbitrary<GeneratedRequest['body']> = fc.constant(undefined);
  if (media) {
    let generated: fc.Arbitrary<unknown>;
    try {
      generated = schemaArbitrary(media.schema, base);
    } catch (error) {
      if (error instanceof UnsatisfiableSchema) throw new RequestPlanError(`request body (${media.mediaType}): ${error.message}`);
      throw error;
    }
    const examples = media.examples.map((e) => e.value);
    const value =
      examples.length > 0
        ? fc.oneof({ arbitrary: generated, weight: 3 }, { arbitrary: fc.constantFrom(...examples), weight: 1 })
        : generated;
    const withOverrides = value
      .map((v) => (options.overrideBodies ? applyOverrides(v, options.overrides) : v))
      .map((v) => withRecordId(v, options.recordId))
      .map((v) => withRequiredFieldsOnTheWire(v, media, contract.document));
    const onTheWire = (v: unknown) => !emptyBodyOnTheWire({ mediaType: media.mediaType, value: v, encoding: media.encoding });
    let sendable: fc.Arbitrary<unknown> = withOverrides;
    if (operation.requestBody?.required) {
      try {
        sendable = probedFilter(withOverrides, onTheWire, 'every value drawn is empty on the wire, which reads as no body at all');
      } catch (error) {
        if (error instanceof UnsatisfiableSchema) throw new RequestPlanError(`request body (${media.mediaType}): ${error.message}`);
        throw error;
      }
    }
    body = operation.requestBody?.required
      ? sendable.map((v) => ({ mediaType: media.mediaType, value: v }))
      : fc
          .option(withOverrides, { nil: undefined, freq: 4 })
          .map((v) => (v === undefined ? undefined : { mediaType: media.mediaType, value: v }));
  }
  return fc.record({ params: fc.tuple(...parts), body }).map(({ params, body: b }) => ({
    params: params.filter((p) => p.value !== undefined),
    ...(b ? { body: b } : {}),
  }));
}

/** The request built from the contract's examples alone (the first example of each part), when every part has one. */
export function exampleRequest(
  contract: Contract,
  operation: Operation,
  overrides?: Record<string, string>,
  overrideBodies = false,
): GeneratedRequest | undefined {
  const params: GeneratedRequest['params'] = [];
  for (const p of operation.parameters) {
    if (!p.required) continue;
    const value = overrides?.[p.name] !== undefined ? coerce(overrides[p.name], p.schema) : p.examples[0]?.value;
    if (value === undefined) return undefined;
    if (unsendableParameter(p)) return undefined;
    if ((p.in === 'header' || p.in === 'cookie') && !headerSafe(p, value)) return undefined;
    params.push({ location: p.in, name: p.name, value });
  }
  const media = operation.requestBody ? bodyMedia(operation.requestBody.content) : undefined;
  if (media && operation.requestBody?.required) {
    if (media.examples.length === 0) return undefined;
    return {
      params,
      body: {
        mediaType: media.mediaType,
        value: overrideBodies ? applyOverrides(media.examples[0].value, overrides) : media.examples[0].value,
      },
    };
  }
  return { params };
}

/** The characters that join an array's items (or an object's members) in this parameter's style. */
export function joinDelimiters(location: ParameterLocation, { style, explode }: ParameterStyle): string[] {
  if (location === 'query') {
    if (style === 'spaceDelimited') return [' '];
    if (style === 'pipeDelimited') return ['|'];
    // Exploded items travel as keys of their own, percent-encoded, yet Prism (and servers built on the same
    // parsers) still splits them at commas: a comma in an item is a different request as the mock reads it.
    if (style === 'form') return [','];
    return [];
  }
  if (location === 'path') {
    if (style === 'label') return ['.', ','];
    if (style === 'matrix') return [',', ';', '='];
    return explode ? [',', '='] : [','];
  }
  return [','];
}

/** An array's text items (an object's keys and text members) with the join delimiters taken out; scalars as they are. */
function withoutDelimiters(value: unknown, delimiters: string[]): unknown {
  const strip = (v: unknown) => (typeof v === 'string' ? delimiters.reduce((t, d) => t.split(d).join(''), v) : v);
  if (Array.isArray(value)) return value.map(strip);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [strip(k) as string, strip(v)]));
  return value;
}

/** Path values that survive URL normalisation as one segment. */
function pathSafe(value: unknown): boolean {
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text !== '' && text !== '.' && text !== '..';
}

function coerce(text: string, schema: ParameterSpec['schema']): unknown {
  const type = isObject(schema) ? schema.type : undefined;
  if ((type === 'integer' || type === 'number') && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function applyOverrides(value: unknown, overrides: Record<string, string> | undefined): unknown {
  if (!overrides || !isObject(value)) return value;
  const out = { ...value };
  for (const key of Object.keys(out)) if (overrides[key] !== undefined && typeof out[key] !== 'object') out[key] = overrides[key];
  return out;
}

/** The contract's rule a value breaks, as `where: message`, or undefined when every part validates. */
export function requestViolation(operation: Operation, request: GeneratedRequest, validators: SchemaValidators): string | undefined {
  for (const p of operation.parameters) {
    const sent = request.params.find((q) => q.location === p.in && q.name === p.name);
    if (!sent) {
      if (p.required) return `${p.in} parameter "${p.name}": required but missing`;
      continue;
    }
    const wire = wireProblem(p, sent.value);
    if (wire) return `${p.in} parameter "${p.name}": ${wire}`;
    if (p.schema === undefined) continue;
    const errors = validators.validate(`${p.pointer}/schema`, sent.value);
    if (errors.length > 0) return `${p.in} parameter "${p.name}": ${errors[0].path} ${errors[0].message}`;
  }
  const requestBody = operation.requestBody;
  if (requestBody) {
    if (!request.body) return requestBody.required ? 'request body: required but missing' : undefined;
    if (request.body.raw !== undefined) return 'request body: not parseable';
    const media = requestBody.content.find((m) => m.mediaType === request.body!.mediaType);
    if (!media) return `request body: media type ${request.body.mediaType} is not documented`;
    if (requestBody.required && emptyBodyOnTheWire({ ...request.body, encoding: media.encoding }))
      return 'request body: required, and empty on the wire (reads as no body at all)';
    if (malformedFormText(request.body)) return 'request body: form text with a "%" that starts no escape';
    if (media.schemaPointer) {
      const errors = validators.validate(media.schemaPointer, request.body.value);
      if (errors.length > 0) return `request body: ${errors[0].path} ${errors[0].message}`;
    }
  }
  return undefined;
}

export type CredentialSource = (scheme: SecurityRequirement[number]) => string | undefined;

export interface RenderOptions {
  baseURL: string;
  credentials: CredentialSource;
  security: SecurityRequirement[];
  /** `missing` sends none, `malformed` a value of the wrong shape, `wrong` a well-formed value that is not valid. */
  auth?: 'valid' | 'missing' | 'malformed' | 'wrong';
  /** Overrides the Content-Type header (the wrong-media-type case). */
  contentType?: string;
}

/** The request on the wire: parameters serialised by style/explode, body encoded per its media type, credentials applied. */
export function renderRequest(
  operation: Operation,
  parameters: readonly StyledParameter[],
  request: GeneratedRequest,
  options: RenderOptions,
): RecordedRequest {
  let path = operation.path;
  const query: [string, string][] = [];
  const headers: Record<string, string> = {};
  const cookies: [string, string][] = [];
  const allowReserved = new Set<string>();
  for (const sent of request.params) {
    const parameter = parameters.find((p) => p.in === sent.location && p.name === sent.name);
    const wire = serialisedLeniently(sent.location, sent.name, sent.value, parameter ?? {});
    if (wire.in === 'path') path = path.split(`{${sent.name}}`).join(wire.text);
    else if (wire.in === 'header') headers[sent.name.toLowerCase()] = wire.text;
    else if (wire.in === 'query') {
      query.push(...wire.pairs);
      if (parameter?.allowReserved) for (const [k] of wire.pairs) allowReserved.add(k);
    } else if (wire.in === 'cookie') cookies.push(...wire.pairs);
  }
  const auth = options.auth ?? 'valid';
  // A parameter that is a credential's position travels once: as the credential (applyCredentials replaces it), or
  // not at all in a request meant to carry no credentials.
  if (auth === 'missing')
    for (const p of parameters.filter((q) => isCredentialParameter(operation, q))) {
      if (p.in === 'header') delete headers[p.name.toLowerCase()];
      withoutPairs(p.in === 'query' ? query : p.in === 'cookie' ? cookies : [], p.name);
    }
  if (auth !== 'missing') applyCredentials(options.security, options.credentials, auth, { headers, query, cookies });
  if (cookies.length > 0) headers.cookie = cookieHeader(cookies);
  let body: string | undefined;
  if (request.body) {
    if (request.body.raw !== undefined) {
      body = request.body.raw;
      headers['content-type'] = wireMediaType(request.body.mediaType);
    } else {
      const media = operation.requestBody?.content.find((m) => m.mediaType === request.body!.mediaType);
      const encoded = encodeBody({ mediaType: request.body.mediaType, value: request.body.value, encoding: media?.encoding });
      if (encoded) {
        body = encoded.text;
        headers['content-type'] = encoded.contentType;
      }
    }
  }
  for (const [name, value] of Object.entries(reservedHeaderValues(operation, body !== undefined))) headers[name] ??= value;
  if (options.contentType) headers['content-type'] = options.contentType;
  const search = query.length > 0 ? queryString(query, allowReserved) : '';
  return {
    method: operation.method,
    url: `${options.baseURL.replace(/\/+$/, '')}${pathAndQuery(path, search)}`,
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}

/** The pairs without those of `name` (a parameter the credential replaces), changed in place. */
function withoutPairs(pairs: [string, string][], name: string): [string, string][] {
  for (let i = pairs.length - 1; i >= 0; i--) if (pairs[i][0] === name) pairs.splice(i, 1);
  return pairs;
}

function applyCredentials(
  security: SecurityRequirement[],
  credentials: CredentialSource,
  auth: 'valid' | 'malformed' | 'wrong',
  into: { headers: Record<string, string>; query: [string, string][]; cookies: [string, string][] },
): void {
  for (const requirement of sendableAlternatives(security).alternatives) {
    const values = requirement.map((scheme) => [scheme, credentials(scheme)] as const);
    if (values.some(([, value]) => value === undefined)) continue;
    // An alternative whose http credential cannot be formed (a challenge-response scheme) is not this one.
    if (values.some(([scheme, value]) => scheme.type === 'http' && 'unformable' in httpAuthorization(scheme, value!))) continue;
    for (const [scheme, given] of values) {
      const value = auth === 'wrong' ? wrongCredential(given!) : given!;
      if (scheme.type === 'apiKey' && scheme.in && scheme.paramName) {
        const sent = auth === 'malformed' ? '' : value;
        if (scheme.in === 'header') into.headers[scheme.paramName.toLowerCase()] = sent;
        else if (scheme.in === 'query') withoutPairs(into.query, scheme.paramName).push([scheme.paramName, sent]);
        else if (scheme.in === 'cookie') withoutPairs(into.cookies, scheme.paramName).push([scheme.paramName, sent]);
      } else if (scheme.type === 'http') {
        // Malformed: the credential under another scheme than the one the document names.
        const formed = httpAuthorization(scheme, value);
        const name = authSchemeName(scheme).toLowerCase();
        into.headers.authorization =
          auth === 'malformed'
            ? `${name === 'basic' ? 'Bearer' : 'Basic'} ${given}`
            : 'header' in formed
              ? formed.header
              : `Bearer ${value}`;
      } else if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
        into.headers.authorization = auth === 'malformed' ? `Basic ${value}` : `Bearer ${value}`;
      }
    }
    return;
  }
}

/** A credential of the right form and the wrong value: a challenge's answer keeps its parameters, its response wrong. */
function wrongCredential(given: string): string {
  if (/(^|,)\s*response\s*=/i.test(given)) return given.replace(/(response\s*=\s*)("[^"]*"|[^\s,]+)/i, '$1"wrong"');
  return `wrong-${given.split('').reverse().join('')}`;
}

/** A request as a one-line `curl` command, credentials already redacted by the caller. */
export function curlCommand(request: RecordedRequest): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const parts = ['curl', '-X', request.method, quote(request.url)];
  for (const [k, v] of Object.entries(request.headers)) parts.push('-H', quote(`${k}: ${v}`));
  if (request.body !== undefined) parts.push('--data-binary', quote(request.body));
  return parts.join(' ');
}

/** The text a header or cookie parameter carries for a value, if it can carry it at all. */
function headerSafe(parameter: ParameterSpec, value: unknown): boolean {
  try {
    const wire = serialiseParameter(parameter.in, parameter.name, value, parameter);
    return 'text' in wire ? isHeaderSafe(wire.text) : wire.pairs.every(([, v]) => isHeaderSafe(v));
  } catch {
    return false;
  }
}

/**
 * What keeps a value from reaching the server as the value it is: a style that cannot write it, or a required
 * parameter whose wire form is empty (an empty list, an empty text), which reads as no parameter at all.
 */
function wireProblem(parameter: ParameterSpec, value: unknown): string | undefined {
  let wire: Serialised;
  try {
    wire = serialiseParameter(parameter.in, parameter.name, value, parameter);
  } catch (error) {
    if (error instanceof UnsendableValue) return error.message;
    throw error;
  }
  const empty = 'text' in wire ? wire.text === '' : wire.pairs.length === 0 || wire.pairs.every(([, v]) => v === '');
  return parameter.required && empty ? 'an empty value, which reads as no parameter at all' : undefined;
}

/** The wire form of a value; one its style cannot write (a broken rule's wrong type, say) travels as plain text. */
function serialisedLeniently(
  location: ParameterLocation,
  name: string,
  value: unknown,
  how: Pick<ParameterSpec, 'style' | 'explode' | 'mediaType'>,
): Serialised {
  try {
    return serialiseParameter(location, name, value, how);
  } catch (error) {
    if (!(error instanceof UnsendableValue)) throw error;
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '');
    return location === 'query' || location === 'cookie'
      ? { in: location, pairs: [[name, text]] }
      : { in: location, text: location === 'path' ? encodeURIComponent(text) : text };
  }
}
