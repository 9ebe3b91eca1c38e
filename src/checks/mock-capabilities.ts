import type { MediaSpec, Operation, ParameterSpec, SecurityRequirement } from '../contract/types.ts';
import { canonical, sameJson } from '../contract/canonical.ts';
import { get, isObject } from '../core/pointer.ts';
import { isJsonMediaType } from './media.ts';
import { essence } from '../core/wire.ts';

/**
 * What a Prism mock can and cannot judge, as one table. The engine derives its mock-mode expectations from it rather
 * than from the document alone: a valid request part the mock cannot read is not sent to it as a test of anyone
 * (or its objections are named as the mock's), and a rule the mock does not enforce is a *mock limitation* finding
 * with the reason, never a failure. Every row was checked against Prism 5.14 (`@stoplight/prism-cli` 5.14.2,
 * `@stoplight/prism-http` 5.12): the serialiser's round-trip property (`suites/engine/serialise.spec.ts`) reads every
 * request through Prism's own parser and fails when a row is missing.
 */
export interface MockCapability {
  id: string;
  /** What the mock does. */
  behaviour: string;
  /** What a mock run therefore cannot judge, and what the engine does about it. */
  consequence: string;
  provenance: 'checked against Prism 5.14';
}

const checked = 'checked against Prism 5.14' as const;

export const MOCK_CAPABILITIES = [
  {
    id: 'empty-query-value',
    behaviour: 'reads an empty query value (`name=`), or an empty form field that has an encoding style, as no value at all',
    consequence:
      'a rule on an empty optional query parameter (minLength, pattern, enum) is not judged: a broken request of that kind that the mock accepts is a mock limitation; a required parameter is never sent empty',
    provenance: checked,
  },
  {
    id: 'query-array-unexploded-default',
    behaviour:
      'reads a query array whose `explode` the document leaves to its default (true for `form`) as unexploded: a repeated key gives its last value, split at commas',
    consequence: 'an array of more than one item in such a parameter is not read as sent; its values are not judged',
    provenance: checked,
  },
  {
    id: 'query-object-unexploded-default',
    behaviour:
      'reads a query object whose `explode` the document leaves to its default (true for `form`) as unexploded, from one pair under its own name (`name=key,value`): the properties sent as pairs of their own are not read, and a required object is missing',
    consequence:
      'an object in such a parameter is not read as sent: an optional one is not judged, and a request with a required one is refused',
    provenance: checked,
  },
  {
    id: 'query-object-keys',
    behaviour:
      'lower-cases query keys before it reads an object parameter (`form` exploded or `deepObject`), and reads only the properties the schema declares, one level deep',
    consequence: 'an object parameter with upper-case, undeclared or nested property names is not read as sent',
    provenance: checked,
  },
  {
    id: 'query-structured-items',
    behaviour:
      'reads each item of an array query parameter as text: an item that is itself an object or an array (for which OpenAPI’s styles define no form) arrives as a string',
    consequence: 'an array parameter whose items are structured is not read as sent',
    provenance: checked,
  },
  {
    id: 'untyped-structured-parameter',
    behaviour:
      'reads a parameter as an array or an object only when its schema says `type: array` or `type: object` at the top, as one type (not under `oneOf`, `anyOf` or `allOf`, and not a list of types such as `[array, null]`, which is also what it makes of OpenAPI 3.0’s `nullable: true`); otherwise it keeps the text',
    consequence: 'an array or object sent in such a parameter is not read as sent',
    provenance: checked,
  },
  {
    id: 'query-space-delimited',
    behaviour: 'splits a `spaceDelimited` array at the text `%20`, after the query is already decoded',
    consequence: 'a `spaceDelimited` array of more than one item is read as one item',
    provenance: checked,
  },
  {
    id: 'delimited-non-array',
    behaviour: 'throws on a `spaceDelimited`/`pipeDelimited` parameter whose schema is not `type: array`',
    consequence: 'such a parameter is not read',
    provenance: checked,
  },
  {
    id: 'path-structured',
    behaviour:
      'matches one parameter per path segment, and its `matrix` and `simple` deserialisers throw on arrays and objects in a path (the request is left unanswered)',
    consequence:
      'an operation with several parameters in one segment, a `matrix` path parameter or an array/object `simple` one is not called on the mock',
    provenance: checked,
  },
  {
    id: 'path-fragment',
    behaviour:
      'routes a request by its path and method alone: a path template’s `#…` part is a fragment no request carries, and a template with a query of its own (`/search?query={query}`) matches no request path',
    consequence:
      'operations that differ only after a `#` in their path template (AWS targets, Azure disambiguations), and templates that carry a `?…` query, are not called on the mock (a live target gets the path before the `#`, and the template’s query joined to the request’s)',
    provenance: checked,
  },
  {
    id: 'path-parameter-name',
    behaviour:
      'matches a templated path segment by a regular expression made from the template with its special characters escaped, and finds a parameter only where its braces hold no escaped character: `{.format}` or `{id+}` is matched as literal text',
    consequence:
      'an operation whose path template names a parameter with a character a regular expression reads specially (`.`, `+`, `*`, `$`, …) is never routed on the mock and is not called there (a live target gets the parameter substituted)',
    provenance: checked,
  },
  {
    id: 'falsy-body',
    behaviour:
      'judges whether a required request body was sent by the truth of its parsed value: a JSON `false`, `0`, `""` or `null` reads as no body ("Body parameter is required")',
    consequence:
      'such a body, valid by its schema, is not sent to the mock as a valid request when another value is; where one is sent, the mock’s refusal is a mock limitation',
    provenance: checked,
  },
  {
    id: 'body-media-order',
    behaviour:
      'judges a request body by the first documented media type, in document order, that its Content-Type matches, where `*/*` matches every type and a structured suffix stands for its subtype (`application/x+json` is `application/json`); by the first one when none matches',
    consequence:
      'a body sent under a media type that an earlier documented range also matches (`*/*` listed before `application/json`) is held to the earlier one’s schema: its refusal is a mock limitation unless both schemas are the same',
    provenance: checked,
  },
  {
    id: 'form-text-body',
    behaviour:
      'parses a form body into fields before it checks the schema: a form body the document gives as text (a `string` schema, an example already encoded) is an object of fields to it, never the text, and is refused',
    consequence: 'its refusal of such a body is a mock limitation',
    provenance: checked,
  },
  {
    id: 'reserved-header-parameters',
    behaviour:
      'validates a `Content-Type` header parameter, which OpenAPI says to ignore, against its schema as sent: a multipart Content-Type carries its boundary, which an enum of bare media types does not list',
    consequence:
      'where the Content-Type a body needs is not among the parameter’s values, the mock’s objection to it is a mock limitation (the engine otherwise sends a value the parameter names)',
    provenance: checked,
  },
  {
    id: 'uncompiled-schema',
    behaviour:
      'validates a request part with ajv (the parameters of one location, `header` say, as one schema) and, where ajv cannot compile that part’s schema (`nullable` with no `type` beside it, a `pattern` that is not a valid Unicode regular expression, an enum with an item twice once Prism adds `null` to a nullable one), validates nothing: any value passes, and a required parameter of that location may be left out',
    consequence:
      'a broken value of such a part, or a request without a required parameter of such a location, that the mock accepts is a mock limitation, not leniency of the vendor',
    provenance: checked,
  },
  {
    id: 'media-type-keys',
    behaviour:
      'negotiates an answer over every key of a response’s `content` with a media type parser that throws on a key that is no media type (a property name, in documents converted from Swagger 2.0), and leaves the request unanswered',
    consequence:
      'such keys are left out of the mock’s copy of the document, and no case asks for one (the checks still hold answers to the document as written)',
    provenance: checked,
  },
  {
    id: 'coerced-one-of',
    behaviour:
      'coerces a parameter’s text to the type of each `oneOf` branch before it validates: text that reads as two branches’ types (`"161335"` for `integer` and `string`) matches both, and `oneOf` refuses it',
    consequence: 'the engine prefers a value only one branch reads; where it sends such a value, the mock’s refusal is a mock limitation',
    provenance: checked,
  },
  {
    id: 'ambiguous-route',
    behaviour:
      'routes a request that several path templates match (`/tile/{y}.pbf` and `/tile/{y}.{format}`) to one of them by its own precedence, and judges it by that operation',
    consequence: 'its objections to parameters the called operation does not declare are about another operation: a mock limitation',
    provenance: checked,
  },
  {
    id: 'label-exploded-object',
    behaviour: 'splits an exploded `label` object at commas instead of dots',
    consequence: 'such a path parameter is not read as sent',
    provenance: checked,
  },
  {
    id: 'cookie-parameters',
    behaviour: 'does not read cookie parameters (only an apiKey credential in a cookie)',
    consequence: 'a cookie parameter is not judged',
    provenance: checked,
  },
  {
    id: 'form-structured-fields',
    behaviour:
      'keeps the last value of a repeated form field and reads a JSON field as text, unless the media type’s `encoding` gives the field a style; it reads only the fields the schema declares',
    consequence:
      'an array or object field of an `application/x-www-form-urlencoded` body without an encoding style, or an undeclared field, is not read as sent',
    provenance: checked,
  },
  {
    id: 'multipart-structured-parts',
    behaviour: 'keeps the last part of a repeated name and reads every part as text (a JSON part is not parsed)',
    consequence: 'an array or object field of a `multipart/form-data` body is not read as sent',
    provenance: checked,
  },
  {
    id: 'opaque-structured-body',
    behaviour:
      'reads a body of a media type it cannot parse (`application/octet-stream`, `text/plain`, a vendor’s own) as text, and holds that text to the schema: an object or array schema refuses it (`Request body must be object`)',
    consequence:
      'an object or array body under such a media type (Google’s discovery documents upload JSON as `application/octet-stream`) is not read as sent: its refusal is a mock limitation',
    provenance: checked,
  },
  {
    id: 'credentials-presence-only',
    behaviour:
      'checks that a credential is present and in its scheme’s form (`Bearer <anything>` for http bearer, oauth2 and openIdConnect; base64 `user:password` for basic; any non-empty apiKey), never its value',
    consequence: 'a malformed token within the scheme’s form, and a wrong credential, are accepted: not judged on a mock',
    provenance: checked,
  },
  {
    id: 'unchecked-security-scheme',
    behaviour:
      'checks apiKey, oauth2, openIdConnect and http `basic`, `bearer` and `digest` credentials only; for another http scheme (`Token`, `HOBA`, a vendor’s own) or `mutualTLS` it logs a warning and, when that scheme is the first one a request fails, accepts the request with or without credentials',
    consequence:
      'where the first scheme of the first security alternative is one it does not check, its accepting a request without (or with malformed or wrong) credentials says nothing: the case is a skip naming this row on a mock, the negative phase’s credential cases mock limitations',
    provenance: checked,
  },
  {
    id: 'violations-header-truncated',
    behaviour: 'cuts its `sl-violations` header near 8 KB, prefixing what is left with `Too many violations!`',
    consequence: 'on a mock the header lists its objections to the request; that it was cut says nothing of the vendor: a mock limitation',
    provenance: checked,
  },
  {
    id: 'missing-credentials-401',
    behaviour:
      'answers a request without credentials 401, with the document’s 401 example where it can render one and without a body where it cannot (some 3.1 documents whose 401 examples are `$ref’s)',
    consequence: 'the body of a mock’s 401 says nothing of the vendor: a documented 401 body it leaves out is a mock limitation',
    provenance: checked,
  },
  {
    id: 'invalid-request-status',
    behaviour:
      'answers a request it finds invalid with the operation’s documented 422 example, else its 400 one (listing what it found in `sl-violations`), else its own 422 problem+json (listing it in the problem’s `validation`, with no header)',
    consequence: 'the status of a refusal comes from the document; its body is the document’s example or Prism’s problem',
    provenance: checked,
  },
  {
    id: 'cannot-serve',
    behaviour:
      'answers 500 with a problem of its own where it cannot produce the documented answer: an object example for a `text/*` media type (NO_COMPLEX_OBJECT_TEXT), a schema too complex to sample, no response defined',
    consequence: 'the case is a skip that names Prism’s problem, never a failure: the answer judges nobody',
    provenance: checked,
  },
  {
    id: 'framing-headers',
    behaviour:
      'copies a documented response header into its answer whatever its name: a documented `Transfer-Encoding` next to its own `Content-Length` makes an answer no HTTP client may read (RFC 9112 §6.1), a documented `Content-Encoding` (`br`, `gzip`) labels a body it never compressed',
    consequence:
      'the headers that frame a message, a connection or the body’s coding (Transfer-Encoding, Content-Length, Content-Encoding, Connection, Keep-Alive, TE, Trailer, Upgrade) are left out of the mock’s copy of the document and not judged on a mock',
    provenance: checked,
  },
  {
    id: 'malformed-json',
    behaviour: 'answers malformed JSON with its own problem body, not the document’s error schema',
    consequence: 'the error body of a malformed-JSON case is not judged on a mock',
    provenance: checked,
  },
] as const satisfies readonly MockCapability[];

export type MockCapabilityId = (typeof MOCK_CAPABILITIES)[number]['id'];

export const capability = (id: MockCapabilityId): MockCapability => MOCK_CAPABILITIES.find((c) => c.id === id)!;

/** The security schemes Prism 5.14 has a handler for (`prism-http` validator/validators/security/handlers). */
const PRISM_HTTP_SCHEMES = new Set(['basic', 'bearer', 'digest']);
const checkedByMock = (scheme: SecurityRequirement[number]): boolean =>
  scheme.type === 'apiKey' ||
  scheme.type === 'oauth2' ||
  scheme.type === 'openIdConnect' ||
  (scheme.type === 'http' && PRISM_HTTP_SCHEMES.has((scheme.scheme ?? '').toLowerCase()));

/**
 * Whether the mock refuses a request that satisfies no security alternative. Prism tries the alternatives in order
 * and keeps the first failure it met: an unchecked scheme fails with a warning only, and then the request passes.
 */
export function mockJudgesCredentials(security: SecurityRequirement[]): boolean {
  const first = security[0]?.[0];
  return first === undefined || checkedByMock(first);
}

/** A part of a request the mock cannot read as sent: where (`query.filter`, `body.tags`, `body`), which row, why. */
export interface Unreadable {
  where: string;
  id: MockCapabilityId;
  reason: string;
}

export const limitation = (where: string, id: MockCapabilityId): Unreadable => ({
  where,
  id,
  reason: `the mock (Prism) ${capability(id).behaviour}`,
});

/**
 * The type Prism's parameter readers go by: they compare `schema.type` with 'array' or 'object', so a list of types
 * reads as neither, and so does a `nullable` (or Swagger's `x-nullable`) schema, which Prism turns into `[type, null]`
 * before it reads a request (@stoplight/http-spec's nullable converter).
 */
const parameterReadType = (schema: unknown): unknown =>
  isObject(schema) && schema.nullable !== true && schema['x-nullable'] !== true ? schema.type : undefined;
const typeOf = (schema: unknown): unknown => (isObject(schema) ? schema.type : undefined);
const propertiesOf = (schema: unknown): Record<string, unknown> =>
  isObject(schema) && isObject(schema.properties) ? schema.properties : {};
const isStructured = (value: unknown): boolean => value !== null && typeof value === 'object';

/**
 * Response headers that frame the message or the connection (RFC 9110 §7.6.1, RFC 9112 §6) or name the body's coding
 * (RFC 9110 §8.4): the server's transport sets them, so a document that lists one describes the wire, and a mock that
 * copies one onto a plain body breaks it.
 */
export const FRAMING_HEADERS: ReadonlySet<string> = new Set([
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'upgrade',
  'proxy-connection',
]);

/** Why the mock cannot read this parameter value as sent, or undefined when it can. */
/**
 * Whether Prism, which coerces a parameter's text to each branch's type, finds a scalar in more than one branch of
 * a `oneOf` (`"161335"` is both `integer` and `string`), which `oneOf` then refuses. Inline branches only.
 */
function coercedIntoSeveral(schema: unknown, value: unknown): boolean {
  if (!isObject(schema) || !Array.isArray(schema.oneOf) || isStructured(value) || value === undefined) return false;
  const text = String(value);
  const reads = (type: unknown): boolean =>
    type === 'string' ||
    (type === 'integer' && /^-?\d+$/.test(text)) ||
    (type === 'number' && text.trim() !== '' && !Number.isNaN(Number(text))) ||
    (type === 'boolean' && (text === 'true' || text === 'false'));
  return schema.oneOf.filter((branch) => isObject(branch) && reads(branch.type)).length > 1;
}

export function unreadableParameter(parameter: ParameterSpec, value: unknown): Unreadable | undefined {
  const where = `${parameter.in}.${parameter.name}`;
  if (parameter.in === 'cookie') return limitation(where, 'cookie-parameters');
  if (coercedIntoSeveral(parameter.schema, value)) return limitation(where, 'coerced-one-of');
  if (parameter.mediaType) return undefined;
  if (
    Array.isArray(value)
      ? parameterReadType(parameter.schema) !== 'array'
      : isStructured(value) && parameterReadType(parameter.schema) !== 'object'
  )
    return limitation(where, parameter.in === 'path' ? 'path-structured' : 'untyped-structured-parameter');
  if (parameter.in === 'path') {
    if (parameter.style === 'matrix' || ((parameter.style ?? 'simple') === 'simple' && isStructured(value)))
      return limitation(where, 'path-structured');
    if (parameter.style === 'label' && parameter.explode && isStructured(value) && !Array.isArray(value))
      return limitation(where, 'label-exploded-object');
    return undefined;
  }
  if (parameter.in !== 'query') return undefined;
  const style = parameter.style ?? 'form';
  if ((style === 'spaceDelimited' || style === 'pipeDelimited') && parameterReadType(parameter.schema) !== 'array')
    return limitation(where, 'delimited-non-array');
  if (value === '' || value === null) return limitation(where, 'empty-query-value');
  if (Array.isArray(value)) {
    if (value.length === 0) return limitation(where, 'empty-query-value');
    if (value.some(isStructured)) return limitation(where, 'query-structured-items');
    if (style === 'spaceDelimited' && !parameter.explode && value.length > 1) return limitation(where, 'query-space-delimited');
    if (style === 'form' && parameter.explode === undefined && value.length > 1) return limitation(where, 'query-array-unexploded-default');
    return undefined;
  }
  if (isStructured(value)) {
    if (style === 'form' && parameter.explode === undefined) return limitation(where, 'query-object-unexploded-default');
    const exploded = style === 'deepObject' || (style === 'form' && parameter.explode !== false);
    if (!exploded) return undefined;
    const declared = propertiesOf(parameter.schema);
    const keys = Object.keys(value as object);
    if (keys.some((k) => k !== k.toLowerCase() || !(k in declared)) || nested(value)) return limitation(where, 'query-object-keys');
  }
  return undefined;
}

/** A field whose styled wire text is empty: `''`, null, or an empty list or list of empty items. */
const emptyText = (value: unknown): boolean =>
  value === '' || value === null || (Array.isArray(value) && value.every((v) => v === '' || v === null));

const nested = (value: unknown): boolean => Object.values(value as object).some(isStructured);

/** Why the mock cannot read these body fields as sent: one entry per field (`body.<name>`), or `body` for the whole. */
export function unreadableBody(
  media: Pick<MediaSpec, 'mediaType' | 'schema' | 'encoding'> | undefined,
  value: unknown,
  required = false,
  document?: unknown,
): Unreadable[] {
  if (!media || value === undefined) return [];
  const type = essence(media.mediaType);
  // Prism checks a required body with `!body`, after parsing: every falsy JSON value is no body to it.
  if (required && isJsonMediaType(type) && !value) return [limitation('body', 'falsy-body')];
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    // A media type Prism does not parse (YAML, octet-stream, a vendor's own) reaches its schema as text: a structured
    // value, or any value of a structured schema (YAML text of an object), is refused there.
    const schema = isObject(media.schema) && typeof media.schema.$ref === 'string' ? get(document, media.schema.$ref) : media.schema;
    const structuredSchema = ['object', 'array'].includes(String(typeOf(schema)));
    return !isJsonMediaType(type) && (isStructured(value) || structuredSchema) ? [limitation('body', 'opaque-structured-body')] : [];
  }
  if (typeof value === 'string') return [limitation('body', 'form-text-body')];
  if (!isObject(value)) return [];
  const declared = propertiesOf(media.schema);
  const out: Unreadable[] = [];
  for (const [name, field] of Object.entries(value)) {
    if (field === undefined) continue;
    const where = `body.${name}`;
    const style = media.encoding?.[name]?.style;
    if (!(name in declared)) out.push(limitation(where, 'form-structured-fields'));
    else if (type === 'application/x-www-form-urlencoded' && style && emptyText(field)) out.push(limitation(where, 'empty-query-value'));
    else if (type === 'multipart/form-data' && isStructured(field)) out.push(limitation(where, 'multipart-structured-parts'));
    else if (type === 'application/x-www-form-urlencoded' && isStructured(field) && !style)
      out.push(limitation(where, 'form-structured-fields'));
  }
  return out;
}

/** Type and subtype as Prism's body validator reads a media type: lower case, a structured suffix as the subtype. */
function prismMediaParts(mediaType: string): { type: string; subtype: string } | undefined {
  const match = /^(.+)\/(?:(.+)\+)?(.+)$/.exec(essence(mediaType));
  return match ? { type: match[1], subtype: match[3] } : undefined;
}

/**
 * The documented media type whose schema Prism holds a request body to: the first, in document order, that the sent
 * Content-Type matches (a range matches its members), else the first of all (Prism 5.14's body validator).
 */
export function prismBodyMedia<M extends Pick<MediaSpec, 'mediaType'>>(content: readonly M[], sentType: string): M | undefined {
  const sent = prismMediaParts(sentType);
  const matches = (documented: string) => {
    const range = prismMediaParts(documented);
    return (
      sent !== undefined &&
      range !== undefined &&
      (sent.type === range.type || range.type === '*') &&
      (sent.subtype === range.subtype || range.subtype === '*')
    );
  };
  return content.find((m) => matches(m.mediaType)) ?? content[0];
}

/**
 * Why Prism's ajv cannot compile a schema (so that Prism judges nothing of the part it describes), or undefined: a
 * `nullable` with no `type` beside it (ajv's own keyword refuses it), a `pattern` that is no Unicode regular
 * expression (ajv compiles patterns with the `u` flag). Local `$ref`s are followed, each once.
 */
export function uncompilableByMock(schema: unknown, document: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  // Asked for every request the phases judge against a mock, of the same few schemas: walked once per schema.
  const known = isObject(document)
    ? (uncompilableCache.get(document) ?? uncompilableCache.set(document, new WeakMap()).get(document)!)
    : undefined;
  const cached = known?.get(schema);
  if (cached !== undefined) return cached || undefined;
  const reason = uncompilableWalk(schema, document, new Set());
  known?.set(schema, reason ?? '');
  return reason;
}

const uncompilableCache = new WeakMap<object, WeakMap<object, string>>();

function uncompilableWalk(schema: unknown, document: unknown, seen: Set<unknown>): string | undefined {
  if (!isObject(schema) || seen.has(schema)) return undefined;
  seen.add(schema);
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/')) {
    const reason = uncompilableWalk(get(document, schema.$ref), document, seen);
    if (reason) return reason;
  }
  if (schema.nullable === true && schema.type === undefined) return '`nullable` with no `type` beside it';
  // Prism adds null to the enum of a nullable schema, even where it is listed: an enum with duplicate items is no
  // valid schema to ajv.
  if (Array.isArray(schema.enum)) {
    const items = [...schema.enum, ...(schema.nullable === true && schema.type !== undefined ? [null] : [])].map(canonical);
    if (new Set(items).size < items.length) return 'an enum with an item twice (Prism adds null to a nullable one)';
  }
  if (typeof schema.pattern === 'string') {
    try {
      new RegExp(schema.pattern, 'u');
    } catch {
      return `the pattern /${schema.pattern}/, which is no Unicode regular expression`;
    }
  }
  const members = [
    ...['properties', 'patternProperties', 'definitions', '$defs'].flatMap((key) =>
      isObject(schema[key]) ? Object.values(schema[key]) : [],
    ),
    ...['allOf', 'anyOf', 'oneOf', 'prefixItems'].flatMap((key) => (Array.isArray(schema[key]) ? schema[key] : [])),
    ...['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else'].map((key) => schema[key]),
  ];
  for (const member of members) {
    const reason = uncompilableWalk(member, document, seen);
    if (reason) return reason;
  }
  return undefined;
}

/**
 * Why the mock judges no parameter in one location of an operation, or undefined. Prism validates all the parameters
 * of a location against one schema built from theirs (one per `in`), so a single schema its ajv cannot compile
 * leaves the whole location unjudged: a value sent there, and a required one left out (data2crm's date header, whose
 * pattern is written `/…\-…/`, leaves every required key header unchecked).
 */
export function unjudgedLocation(operation: Pick<Operation, 'parameters'>, location: string, document: unknown): string | undefined {
  for (const parameter of operation.parameters) {
    if (parameter.in !== location) continue;
    const reason = uncompilableByMock(parameter.schema, document);
    if (reason) return `the ${location} parameter "${parameter.name}" has ${reason}`;
  }
  return undefined;
}

/** Every part of a request (parameter values and body, as values) that the mock cannot read as sent. */
export function unreadableByMock(
  operation: Pick<Operation, 'path' | 'parameters' | 'requestBody'>,
  params: { in: string; name: string; value: unknown }[],
  body: { mediaType: string; value: unknown; contentType?: string } | undefined,
  document?: unknown,
): Unreadable[] {
  const out: Unreadable[] = [];
  // A part whose schema Prism cannot compile is a part it does not judge at all.
  if (document !== undefined) {
    for (const sent of params)
      if (unjudgedLocation(operation, sent.in, document)) out.push(limitation(`${sent.in}.${sent.name}`, 'uncompiled-schema'));
    const media = body && operation.requestBody?.content.find((m) => m.mediaType === body.mediaType);
    if (media && uncompilableByMock(media.schema, document)) out.push(limitation('body', 'uncompiled-schema'));
  }
  const crowded = crowdedPathParameters(operation.path);
  for (const sent of params) {
    const parameter = operation.parameters.find((p) => p.in === sent.in && p.name === sent.name);
    const reason =
      sent.in === 'path' && crowded.has(sent.name)
        ? limitation(`path.${sent.name}`, 'path-structured')
        : parameter && unreadableParameter(parameter, sent.value);
    if (reason) out.push(reason);
  }
  // A Content-Type header parameter with listed values, and a body whose Content-Type is none of them as sent.
  const contentTypeParameter = operation.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === 'content-type');
  const listed = isObject(contentTypeParameter?.schema)
    ? [
        ...(Array.isArray(contentTypeParameter.schema.enum) ? contentTypeParameter.schema.enum : []),
        ...('const' in contentTypeParameter.schema ? [contentTypeParameter.schema.const] : []),
      ]
    : [];
  if (body?.contentType && listed.length > 0 && !listed.includes(body.contentType))
    out.push(limitation(`header.${contentTypeParameter!.name}`, 'reserved-header-parameters'));
  const content = operation.requestBody?.content ?? [];
  const judgedBy = body ? prismBodyMedia(content, body.contentType ?? body.mediaType) : undefined;
  const documented = body ? content.find((m) => m.mediaType === body.mediaType) : undefined;
  if (body && judgedBy && documented && judgedBy !== documented && !sameJson(judgedBy.schema, documented.schema))
    out.push(limitation('body', 'body-media-order'));
  else if (body)
    out.push(
      ...unreadableBody(
        operation.requestBody?.content.find((m) => m.mediaType === body.mediaType),
        body.value,
        operation.requestBody?.required,
        document,
      ),
    );
  return out;
}

/** The path parameters that share a segment with another (`/blog/{name}{ext}`): Prism matches one per segment. */
export function crowdedPathParameters(path: string): Set<string> {
  return new Set(
    path
      .split('/')
      .map((segment) => [...segment.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]))
      .filter((names) => names.length > 1)
      .flat(),
  );
}
