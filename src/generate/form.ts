import type { MediaSpec } from '../contract/types.ts';
import { isFormMediaType, isJsonMediaType } from '../checks/media.ts';
import { get, isObject } from '../core/pointer.ts';
import { essence } from '../core/wire.ts';
import { deepPairs, queryPairs, queryString, scalarText } from './serialise.ts';

/**
 * The one body serialiser: JSON, `application/x-www-form-urlencoded` and `multipart/form-data` per the media type's
 * `encoding`, other media types as text. The example-based tests and the generative phases both encode through it.
 */

export interface EncodedBody {
  text: string;
  contentType: string;
}

/** A body as values: its documented media type, the value, and the media type's `encoding` (form bodies). */
export interface BodyValue {
  mediaType: string;
  value: unknown;
  encoding?: MediaSpec['encoding'];
}

type Encoding = NonNullable<MediaSpec['encoding']>[string];

/** Fixed, so that a planned request and its wire form agree without passing the boundary around. */
export const MULTIPART_BOUNDARY = 'conformance-form-boundary-5c1e';

/**
 * The fields of an `application/x-www-form-urlencoded` body, per OpenAPI `encoding`: a field's `style`
 * (form, spaceDelimited, pipeDelimited, deepObject) and `explode` as for query parameters; without a style,
 * arrays repeat the field (form, exploded: the default) and objects are written as JSON (the default
 * `contentType` of an object property).
 */
export function formPairs(value: Record<string, unknown>, encoding: MediaSpec['encoding'] = {}): [string, string][] {
  return Object.entries(value).flatMap(([name, field]): [string, string][] => {
    if (field === undefined) return [];
    const how: Encoding = encoding[name] ?? {};
    const style = how.style;
    const structured = field !== null && typeof field === 'object';
    if (structured && style === 'deepObject') return deepPairs(name, field);
    if (structured && (Array.isArray(field) ? style !== undefined : style === 'form'))
      return queryPairs(name, field, style!, how.explode ?? style === 'form');
    if (Array.isArray(field))
      return how.explode === false ? [[name, field.map(scalarText).join(',')]] : field.map((v) => [name, scalarText(v)]);
    if (field !== null && typeof field === 'object') return [[name, JSON.stringify(field)]];
    return [[name, scalarText(field)]];
  });
}

export function formBody(value: Record<string, unknown>, encoding?: MediaSpec['encoding']): string {
  return queryString(
    formPairs(value, encoding),
    new Set(
      Object.entries(encoding ?? {})
        .filter(([, e]) => e.allowReserved)
        .map(([k]) => k),
    ),
  );
}

/**
 * A `multipart/form-data` body (RFC 7578): one part per field, arrays as repeated parts, objects as JSON parts
 * (or the field's `encoding.contentType`), strings as text; a field whose declared type is not text travels as a file part.
 */
export function multipartBody(value: Record<string, unknown>, encoding: MediaSpec['encoding'] = {}): EncodedBody {
  const parts: string[] = [];
  for (const [name, field] of Object.entries(value)) {
    if (field === undefined) continue;
    for (const item of Array.isArray(field) ? field : [field]) {
      const declared = encoding[name]?.contentType?.split(',')[0]?.trim();
      const structured = item !== null && typeof item === 'object';
      const type = declared ?? (structured ? 'application/json' : undefined);
      const headers = [
        `Content-Disposition: form-data; name="${name.replace(/"/g, '%22')}"${type && !structured && !/^text\//.test(type) ? `; filename="${name}"` : ''}`,
      ];
      if (type) headers.push(`Content-Type: ${type}`);
      parts.push(`--${MULTIPART_BOUNDARY}\r\n${headers.join('\r\n')}\r\n\r\n${scalarText(item)}\r\n`);
    }
  }
  return { text: `${parts.join('')}--${MULTIPART_BOUNDARY}--\r\n`, contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}` };
}

/**
 * The Content-Type sent for a documented media type, which may be a range: `*\/*` and `application/*` are sent as
 * JSON, a suffix range (`application/*+json`) as a type of that range (`application/x-conformance+json`), any other
 * range as octet-stream.
 */
export function wireMediaType(mediaType: string): string {
  const e = essence(mediaType);
  if (e === '*/*' || e === 'application/*') return 'application/json';
  if (e === 'multipart/form-data') return `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`;
  if (/^[a-z]+\/\*\+[a-z0-9.-]+$/.test(e)) return e.replace('*', 'x-conformance');
  return mediaType.includes('*') ? 'application/octet-stream' : mediaType;
}

/** The body as bytes on the wire and the Content-Type to send with it (multipart bodies carry their boundary). */
export function encodeBody(body: BodyValue | undefined): EncodedBody | undefined {
  if (!body || body.value === undefined) return undefined;
  const type = essence(body.mediaType);
  const fields = body.value !== null && typeof body.value === 'object' && !Array.isArray(body.value);
  if (type === 'application/x-www-form-urlencoded' && fields)
    return { text: formBody(body.value as Record<string, unknown>, body.encoding), contentType: body.mediaType };
  if (type === 'multipart/form-data' && fields) return multipartBody(body.value as Record<string, unknown>, body.encoding);
  if (typeof body.value === 'string' && !isJsonMediaType(type)) return { text: body.value, contentType: wireMediaType(body.mediaType) };
  return { text: JSON.stringify(body.value), contentType: wireMediaType(body.mediaType) };
}

/**
 * A body that puts nothing on the wire (empty text, a form with no field): a server reads it as no body at all, so
 * a required body sent that way would not be the valid request it claims to be, and neither request path sends one
 * as valid. (A JSON `null`, `false` or `0` is a body; only the mock misreads it: row `falsy-body`.)
 */
export function emptyBodyOnTheWire(body: BodyValue): boolean {
  const encoded = encodeBody(body);
  return encoded === undefined || encoded.text.trim() === '';
}

/**
 * A form body given as text is sent as it stands, so it must already be form-encoded: a `%` that starts no escape
 * (`%zz`, a trailing `%`) is text no strict form parser reads (Prism's throws, and leaves the request unanswered).
 */
export function malformedFormText(body: BodyValue): boolean {
  const type = essence(body.mediaType);
  return type === 'application/x-www-form-urlencoded' && typeof body.value === 'string' && /%(?![0-9A-Fa-f]{2})/.test(body.value);
}

/** The required property names of a body schema (through one `$ref` and the parts of an `allOf`). */
export function requiredNames(schema: unknown, document: unknown, depth = 0): string[] {
  if (!isObject(schema) || depth > 8) return [];
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/'))
    return requiredNames(get(document, schema.$ref), document, depth + 1);
  const own = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  const parts = Array.isArray(schema.allOf) ? schema.allOf.flatMap((part) => requiredNames(part, document, depth + 1)) : [];
  return [...own, ...parts];
}

/**
 * A form field sent as `name=`, or an empty list that writes no field, reads as no field at all to Prism and to many
 * servers, so a required field with empty text would make the request invalid (twilio's required
 * `HostedNumberOrderSids`, a list without `minItems`). Both request paths mend such a body the same way: mapped, not
 * filtered (shrinking keeps its way); a value the schema then refuses is discarded before sending.
 */
export function withRequiredFieldsOnTheWire(value: unknown, media: Pick<MediaSpec, 'mediaType' | 'schema'>, document: unknown): unknown {
  if (!isFormMediaType(media.mediaType) || !isObject(value)) return value;
  const required = requiredNames(media.schema, document);
  if (!required.some((name) => emptyOnTheWire(value[name]))) return value;
  const out = { ...value };
  // An empty list writes no field at all (`Scopes=[]` is nothing on the wire): one item stands in for it.
  for (const name of required) if (emptyOnTheWire(out[name])) out[name] = Array.isArray(out[name]) ? ['a'] : 'a';
  return out;
}

/** A form field value that writes nothing, or only empty text: `''`, `[]`, `['']`. */
export const emptyOnTheWire = (field: unknown): boolean =>
  field === '' || (Array.isArray(field) && field.every((item) => item === '' || item === null));
