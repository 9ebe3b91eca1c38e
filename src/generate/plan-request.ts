import type { Contract, MediaSpec, Operation, ParameterSpec, SecurityRequirement } from '../contract/types.ts';
import { isFormMediaType, isJsonMediaType, isMediaType } from '../checks/media.ts';
import { essence } from '../core/wire.ts';
import { chooseValue, serialise, type Chosen } from './values.ts';
import { cookieHeader, isHeaderSafe, pathAndQuery, queryString, serialiseParameter } from './serialise.ts';
import { requestValidatorsOf } from '../checks/schema-validators.ts';
import {
  emptyBodyOnTheWire,
  malformedFormText,
  encodeBody as encodeBodyValue,
  formPairs,
  requiredNames,
  wireMediaType,
  withRequiredFieldsOnTheWire,
  type EncodedBody,
} from './form.ts';
import { sendableAlternatives, unsendableParameter } from './unsendable.ts';
import { unreadableBody, unreadableParameter } from '../checks/mock-capabilities.ts';
import { isCredentialParameter, isIgnoredHeader } from '../contract/operations.ts';
import { reservedHeaderValues } from './reserved-headers.ts';
import { withRecordId } from './record-id.ts';
import { basicCredentials, httpAuthorization } from '../targets/authorization.ts';

/** Values for security schemes by scheme name, resolved by the target (placeholders for a mock, env for a sandbox). */
export type CredentialSource = (scheme: SecurityRequirement[number]) => string | undefined;

export interface PlannedRequest {
  method: string;
  /** Path with parameters filled in, relative to the target's base URL. */
  path: string;
  /** Query pairs in order; a name repeats for an exploded array. */
  query: [string, string][];
  headers: Record<string, string>;
  body?: { mediaType: string; value: unknown; encoding?: MediaSpec['encoding'] };
  /** Set when no request valid by the contract could be built: the case is skipped with this reason. */
  skipReason?: string;
  /** Query parameters whose values may carry reserved characters unencoded (`allowReserved`). */
  allowReserved?: string[];
  /** The parameter values placed, as values (before serialisation): what a reader of the request should get back. */
  values: { in: ParameterSpec['in']; name: string; value: unknown }[];
}

export interface RequestOptions {
  credentials: CredentialSource;
  /** Parameter to leave out, for a negative case. */
  drop?: Pick<ParameterSpec, 'in' | 'name'>;
  /** Leave out every credential, for a negative case. */
  withoutCredentials?: boolean;
  /** Values that win over generated ones (e.g. from a sandbox bootstrap), by parameter name. */
  overrides?: Record<string, string>;
  /** The record a write names in its path: its id fills the body's `id` fields too (see `withRecordId`). */
  recordId?: string;
}

const planCache = new WeakMap<Operation, Map<string, Chosen>>();

/**
 * Builds a request that satisfies the operation's contract: required parameters, body and one security alternative.
 * Every generated value is checked against its schema before it is used (a vendor example that contradicts its
 * schema gives way to a generated value) and written in its parameter's style; when no valid value can be
 * found, the plan carries a `skipReason` instead of an invalid request.
 */
export function planRequest(contract: Contract, operation: Operation, options: RequestOptions): PlannedRequest {
  const planned: PlannedRequest = { method: operation.method, path: operation.path, query: [], headers: {}, values: [] };
  const chosen = choicesFor(contract, operation);
  for (const parameter of operation.parameters) {
    if (!parameter.required) continue;
    // OpenAPI 3: these header parameters are ignored; the request's own headers carry them (see reservedHeaderValues).
    if (isIgnoredHeader(parameter)) continue;
    if (options.drop && options.drop.in === parameter.in && options.drop.name === parameter.name) continue;
    // Without credentials it is the credential that is missing; with them, the credential replaces it (below).
    if (options.withoutCredentials && isCredentialParameter(operation, parameter)) continue;
    const unsendable = unsendableParameter(parameter);
    if (unsendable) return { ...planned, skipReason: unsendable };
    const override = options.overrides?.[parameter.name];
    if (override !== undefined) {
      placeText(planned, parameter, override);
      continue;
    }
    const choice = chosen.get(`${parameter.in}:${parameter.name}`)!;
    if ('reason' in choice) return { ...planned, skipReason: `${parameter.in} parameter "${parameter.name}": ${choice.reason}` };
    try {
      place(planned, parameter, choice.value);
      planned.values.push({ in: parameter.in, name: parameter.name, value: choice.value });
    } catch (error) {
      return { ...planned, skipReason: (error as Error).message };
    }
  }
  if (!options.withoutCredentials) {
    const unsendable = applyCredentials(planned, operation.security, options.credentials, options.drop);
    if (unsendable) return { ...planned, skipReason: unsendable };
  }
  const media = operation.requestBody && preferredMedia(operation.requestBody.content);
  if (media) {
    const choice = chosen.get('body')!;
    if ('reason' in choice) {
      if (operation.requestBody!.required) return { ...planned, skipReason: `request body (${media.mediaType}): ${choice.reason}` };
    } else {
      planned.body = {
        mediaType: media.mediaType,
        value: withRecordId(withOverrides(choice.value, options.overrides), options.recordId),
        encoding: media.encoding,
      };
      planned.headers['content-type'] = wireMediaType(media.mediaType);
    }
  }
  const dropped = options.drop?.in === 'header' ? options.drop.name.toLowerCase() : undefined;
  for (const [name, value] of Object.entries(reservedHeaderValues(operation, planned.body !== undefined))) {
    if (name !== dropped) planned.headers[name] ??= value;
  }
  return planned;
}

/** The values of one operation, chosen once: every test of the operation sends the same valid request. */
function choicesFor(contract: Contract, operation: Operation): Map<string, Chosen> {
  let chosen = planCache.get(operation);
  if (chosen) return chosen;
  chosen = new Map();
  const schemas = requestValidatorsOf(contract);
  for (const parameter of operation.parameters) {
    if (!parameter.required) continue;
    const pointer = parameter.schemaPointer ?? (parameter.schema === undefined ? undefined : `${parameter.pointer}/schema`);
    chosen.set(
      `${parameter.in}:${parameter.name}`,
      readableFirst((readable) =>
        chooseValue({
          examples: parameter.examples,
          schema: parameter.schema,
          schemaPointer: pointer,
          document: contract.document,
          check: (value) => {
            if (value === undefined) return ['no value'];
            const wire = wireProblems(parameter, value);
            if (wire.length > 0) return wire;
            if (readable && unreadableParameter(parameter, value)) return ['a value the mock cannot read'];
            return pointer ? schemas.problems(pointer, value) : [];
          },
        }),
      ),
    );
  }
  const media = operation.requestBody && preferredMedia(operation.requestBody.content);
  if (media) {
    chosen.set(
      'body',
      readableFirst((readable) =>
        chooseValue({
          examples: media.examples,
          schema: media.schema,
          schemaPointer: media.schemaPointer,
          document: contract.document,
          prepare: isFormMediaType(media.mediaType)
            ? (value) => withRequiredFieldsOnTheWire(withoutOptionalStructures(value, media, contract.document), media, contract.document)
            : undefined,
          check: (value) => {
            if (value === undefined) return ['no value'];
            if (operation.requestBody!.required && emptyBodyOnTheWire({ mediaType: media.mediaType, value, encoding: media.encoding }))
              return ['empty on the wire, which reads as no body at all'];
            if (malformedFormText({ mediaType: media.mediaType, value })) return ['form text with a "%" that starts no escape'];
            const form = formProblems(media, value);
            if (form.length > 0) return form;
            if (readable && unreadableBody(media, value, operation.requestBody!.required, contract.document).length > 0)
              return ['a body the mock cannot read'];
            // Only JSON and form bodies are read against the schema; other media types travel as text.
            return media.schemaPointer && (isJsonMediaType(media.mediaType) || isFormMediaType(media.mediaType))
              ? schemas.problems(media.schemaPointer, value)
              : [];
          },
        }),
      ),
    );
  }
  planCache.set(operation, chosen);
  return chosen;
}

/**
 * A value every reader takes as sent is preferred: one the mock cannot read (src/checks/mock-capabilities.ts) is as
 * valid for a live target, but the mock run could not judge it. Only when no such value exists is another taken.
 */
function readableFirst(choose: (readable: boolean) => Chosen): Chosen {
  const readable = choose(true);
  return 'reason' in readable ? choose(false) : readable;
}

/** Limits of the wire a schema does not state: header text, non-empty path segments. */
function wireProblems(parameter: ParameterSpec, value: unknown): string[] {
  let text: string;
  try {
    const wire = serialiseParameter(parameter.in, parameter.name, value, parameter);
    text = 'text' in wire ? wire.text : wire.pairs.map(([, v]) => v).join('');
  } catch (error) {
    return [(error as Error).message];
  }
  // Servers refuse long request lines and headers (Node's default is 16 KB for all headers together).
  if (text.length > 2_000) return ['too long for a URL or header'];
  if (parameter.in === 'header' && !isHeaderSafe(text)) return ['not a valid header value'];
  if (parameter.in === 'path' && text === '') return ['an empty path segment'];
  // RFC 6570: an empty list or object expands to nothing, and an empty value reads as no parameter to Prism and to
  // many servers: a required parameter sent that way is missing, not valid.
  if (parameter.required && text === '') return ['an empty value, which reads as no parameter at all'];
  if (parameter.in === 'cookie' && /[;,\s"\\]/.test(text)) return ['not a valid cookie value'];
  return [];
}

/**
 * A form body must be an object whose fields the encoding can write, or text already form-encoded (a document that
 * gives the body as a `string` with an encoded example): text is sent as it stands, as the generative path sends it.
 */
function formProblems(media: MediaSpec, value: unknown): string[] {
  if (!isFormMediaType(media.mediaType)) return [];
  if (typeof value === 'string') return [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['a form body must be an object'];
  try {
    formPairs(value as Record<string, unknown>, media.encoding);
  } catch (error) {
    return [(error as Error).message];
  }
  return [];
}

/**
 * A form field holding an array or object has several readings (repeated fields, JSON, `field[key]`) unless its
 * `encoding` names a style; optional ones are left out, so that the request means one thing to every reader.
 */
function withoutOptionalStructures(value: unknown, media: MediaSpec, document: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const required = new Set(requiredNames(media.schema, document));
  return Object.fromEntries(
    Object.entries(value).filter(
      ([name, field]) => required.has(name) || field === null || typeof field !== 'object' || media.encoding?.[name]?.style !== undefined,
    ),
  );
}

function place(planned: PlannedRequest, parameter: ParameterSpec, value: unknown): void {
  const wire = serialiseParameter(parameter.in, parameter.name, value, parameter);
  if (wire.in === 'path') planned.path = planned.path.split(`{${parameter.name}}`).join(wire.text);
  else if (wire.in === 'header') planned.headers[parameter.name.toLowerCase()] = wire.text;
  else if (wire.in === 'query') {
    planned.query.push(...wire.pairs);
    if (parameter.allowReserved) (planned.allowReserved ??= []).push(...wire.pairs.map(([k]) => k));
  } else if (wire.in === 'cookie') addCookies(planned, wire.pairs);
}

/** A value given as text (a sandbox's id or key) is used as is. */
function placeText(planned: PlannedRequest, parameter: Pick<ParameterSpec, 'in' | 'name'>, value: string): void {
  if (parameter.in === 'path') planned.path = planned.path.split(`{${parameter.name}}`).join(encodeURIComponent(value));
  else if (parameter.in === 'query') planned.query.push([parameter.name, value]);
  else if (parameter.in === 'header') planned.headers[parameter.name.toLowerCase()] = value;
  else addCookies(planned, [[parameter.name, value]]);
}

function addCookies(planned: PlannedRequest, pairs: [string, string][]): void {
  planned.headers.cookie = [planned.headers.cookie, cookieHeader(pairs)].filter(Boolean).join('; ');
}

/**
 * Satisfies the first security alternative whose every scheme has a value and can be sent; returns why none can
 * be sent when the only alternatives with values name a header no client can write, or need a credential that
 * cannot be formed without the server's challenge.
 */
function applyCredentials(
  planned: PlannedRequest,
  security: SecurityRequirement[],
  credentials: CredentialSource,
  drop: RequestOptions['drop'],
): string | undefined {
  const sendable = sendableAlternatives(security);
  let unformable: string | undefined;
  for (const requirement of sendable.alternatives) {
    const values = requirement.map((scheme) => [scheme, credentials(scheme)] as const);
    if (values.some(([, value]) => value === undefined)) continue;
    const headers: Record<string, string> = {};
    let formable = true;
    for (const [scheme, value] of values) {
      if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
        const formed = scheme.type === 'http' ? httpAuthorization(scheme, value!) : { header: `Bearer ${value}` };
        if ('unformable' in formed) {
          unformable ??= formed.unformable;
          formable = false;
        } else headers.authorization = formed.header;
      }
    }
    if (!formable) continue;
    for (const [scheme, value] of values)
      if (scheme.type === 'apiKey' && scheme.in && scheme.paramName) {
        // A case that leaves out the parameter in the credential's position leaves out the credential with it.
        if (drop?.in === scheme.in && drop.name === scheme.paramName) continue;
        // Otherwise the credential replaces the parameter, never sent twice (a list to the reader).
        if (scheme.in === 'query') planned.query = planned.query.filter(([name]) => name !== scheme.paramName);
        placeText(planned, { in: scheme.in, name: scheme.paramName }, value!);
      }
    Object.assign(planned.headers, headers);
    return undefined;
  }
  return unformable ?? sendable.reason;
}

export { basicCredentials };

/** JSON first, then form bodies, then whatever the contract lists first. */
export function preferredMedia(documented: MediaSpec[]): MediaSpec | undefined {
  // A key that is not a media type (`""` in converted documents) labels nothing a request can carry.
  const content = documented.filter((m) => isMediaType(m.mediaType));
  return (
    content.find((m) => isJsonMediaType(m.mediaType) && !essence(m.mediaType).includes('*')) ??
    content.find((m) => essence(m.mediaType) === 'application/x-www-form-urlencoded') ??
    content.find((m) => essence(m.mediaType) === 'multipart/form-data') ??
    content.find((m) => !m.mediaType.includes('*')) ??
    content[0]
  );
}

/** The request as bytes on the wire: body encoded per its media type. */
export function encodeBody(body: PlannedRequest['body']): string | undefined {
  return encodeBodyValue(body)?.text;
}

/** The body and the content type to send with it (multipart bodies carry their boundary in the content type). */
export function encodedBody(body: PlannedRequest['body']): EncodedBody | undefined {
  return encodeBodyValue(body);
}

export function urlOf(baseURL: string, planned: PlannedRequest): string {
  const query = queryString(planned.query, new Set(planned.allowReserved ?? []));
  return `${baseURL.replace(/\/+$/, '')}${pathAndQuery(planned.path, query)}`;
}

/** A live target's values (client ids, refresh tokens) replace the example's top-level body fields of the same name. */
function withOverrides(value: unknown, overrides: Record<string, string> | undefined): unknown {
  if (!overrides || !value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out = { ...(value as Record<string, unknown>) };
  for (const key of Object.keys(out)) if (overrides[key] !== undefined && typeof out[key] !== 'object') out[key] = overrides[key];
  return out;
}

export { serialise };
