import type { ParameterLocation } from '../contract/types.ts';

/**
 * The one parameter serialiser: the example-based tests (`plan-request.ts`) and the generative phases
 * (`arbitraries/request-arbitrary.ts`) both put parameter values on the wire through it, so one contract has one wire form.
 */

/** How a parameter is written on the wire (OpenAPI 3 `style`, `explode`, or `content` for a media-typed one). */
export interface Serialisation {
  style?: string;
  explode?: boolean;
  /** Set for a parameter described by `content` rather than `schema`: its value is written in that media type. */
  mediaType?: string;
  allowReserved?: boolean;
}

/** The OpenAPI default style of each location. */
export const DEFAULT_STYLE: Record<ParameterLocation, string> = { path: 'simple', query: 'form', header: 'simple', cookie: 'form' };

/** A parameter's style and explode with the OpenAPI defaults filled in (`explode` defaults to true for `form` only). */
export function styleOf(
  location: ParameterLocation,
  how: Pick<Serialisation, 'style' | 'explode'> = {},
): { style: string; explode: boolean } {
  const style = typeof how.style === 'string' ? how.style : DEFAULT_STYLE[location];
  return { style, explode: typeof how.explode === 'boolean' ? how.explode : style === 'form' };
}

/** A parameter's value as wire text: name/value pairs for query and cookie, one string for path and header. */
export type Serialised = { in: 'path' | 'header'; text: string } | { in: 'query' | 'cookie'; pairs: [string, string][] };

/** A value a parameter cannot carry in its style (a scalar for `deepObject`, say): the case is a skip with this reason. */
export class UnsendableValue extends Error {
  override readonly name = 'UnsendableValue';
}

/**
 * A scalar as text. `null` has no wire form of its own in a parameter or form field: it is written as the empty
 * value (the "empty" row of OpenAPI's style examples), which a reader coercing by the schema takes back as `null`.
 */
export const scalarText = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

const entriesOf = (value: object): [string, unknown][] => Object.entries(value);

/**
 * Serialises a parameter value per OpenAPI 3 "Style Values" (RFC 6570 for path/header): `simple`, `label`,
 * `matrix` in paths; `form`, `spaceDelimited`, `pipeDelimited`, `deepObject` in queries; `simple` headers;
 * `form` cookies. Path text is percent-encoded here; query and cookie pairs are encoded by `queryString` and
 * `cookieHeader`. Throws `UnsendableValue` for a style the location does not allow, so that the case is a skip.
 */
export function serialiseParameter(location: ParameterLocation, name: string, value: unknown, how: Serialisation = {}): Serialised {
  if (how.mediaType) {
    const text = typeof value === 'string' && !/json/i.test(how.mediaType) ? value : JSON.stringify(value);
    return location === 'query' || location === 'cookie'
      ? { in: location, pairs: [[name, text]] }
      : { in: location, text: location === 'path' ? encodeURIComponent(text) : text };
  }
  const { style, explode } = styleOf(location, how);
  if (location === 'path') return { in: 'path', text: pathText(name, value, style, explode) };
  if (location === 'header') {
    if (style !== 'simple')
      throw new UnsendableValue(`header parameter "${name}" has style "${style}"; only "simple" is defined for headers`);
    return { in: 'header', text: simpleText(value, explode, (s) => s) };
  }
  if (location === 'cookie') {
    if (style !== 'form') throw new UnsendableValue(`cookie parameter "${name}" has style "${style}"; only "form" is defined for cookies`);
    return { in: 'cookie', pairs: formPairs(name, value, explode) };
  }
  return { in: 'query', pairs: queryPairs(name, value, style, explode) };
}

function simpleText(value: unknown, explode: boolean, encode: (s: string) => string): string {
  if (Array.isArray(value)) return value.map((v) => encode(scalarText(v))).join(',');
  if (value && typeof value === 'object') {
    return entriesOf(value)
      .map(([k, v]) => (explode ? `${encode(k)}=${encode(scalarText(v))}` : `${encode(k)},${encode(scalarText(v))}`))
      .join(',');
  }
  return encode(scalarText(value));
}

function pathText(name: string, value: unknown, style: string, explode: boolean): string {
  const enc = (v: unknown) => encodeURIComponent(scalarText(v));
  if (style === 'simple') return simpleText(value, explode, encodeURIComponent);
  if (style === 'label') {
    if (Array.isArray(value)) return `.${value.map(enc).join(explode ? '.' : ',')}`;
    if (value && typeof value === 'object') {
      return `.${entriesOf(value)
        .map(([k, v]) => (explode ? `${enc(k)}=${enc(v)}` : `${enc(k)},${enc(v)}`))
        .join(explode ? '.' : ',')}`;
    }
    return `.${enc(value)}`;
  }
  if (style === 'matrix') {
    const key = encodeURIComponent(name);
    if (Array.isArray(value)) return explode ? value.map((v) => `;${key}=${enc(v)}`).join('') : `;${key}=${value.map(enc).join(',')}`;
    if (value && typeof value === 'object') {
      return explode
        ? entriesOf(value)
            .map(([k, v]) => `;${enc(k)}=${enc(v)}`)
            .join('')
        : `;${key}=${entriesOf(value)
            .map(([k, v]) => `${enc(k)},${enc(v)}`)
            .join(',')}`;
    }
    return `;${key}=${enc(value)}`;
  }
  throw new UnsendableValue(`path parameter "${name}" has style "${style}"; paths allow simple, label and matrix`);
}

function formPairs(name: string, value: unknown, explode: boolean): [string, string][] {
  if (Array.isArray(value)) return explode ? value.map((v) => [name, scalarText(v)]) : [[name, value.map(scalarText).join(',')]];
  if (value && typeof value === 'object') {
    return explode
      ? entriesOf(value).map(([k, v]) => [k, scalarText(v)])
      : [
          [
            name,
            entriesOf(value)
              .map(([k, v]) => `${k},${scalarText(v)}`)
              .join(','),
          ],
        ];
  }
  return [[name, scalarText(value)]];
}

/** Query pairs for one value in a query style (also the styles of a form body's fields, OpenAPI `encoding`). */
export function queryPairs(name: string, value: unknown, style: string, explode: boolean): [string, string][] {
  if (style === 'form') return formPairs(name, value, explode);
  if (style === 'spaceDelimited' || style === 'pipeDelimited') {
    const separator = style === 'spaceDelimited' ? ' ' : '|';
    if (!Array.isArray(value)) throw new UnsendableValue(`query parameter "${name}" has style "${style}", defined for arrays only`);
    return explode ? value.map((v) => [name, scalarText(v)]) : [[name, value.map(scalarText).join(separator)]];
  }
  if (style === 'deepObject') {
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw new UnsendableValue(`query parameter "${name}" has style "deepObject", defined for objects only`);
    return deepPairs(name, value);
  }
  throw new UnsendableValue(
    `query parameter "${name}" has style "${style}"; queries allow form, spaceDelimited, pipeDelimited and deepObject`,
  );
}

/** `filter[status]=open&filter[tags][0]=a`: nested objects by bracketed keys, arrays by bracketed index. */
export function deepPairs(prefix: string, value: unknown): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => deepPairs(`${prefix}[${i}]`, v));
  if (value && typeof value === 'object') return entriesOf(value).flatMap(([k, v]) => deepPairs(`${prefix}[${k}]`, v));
  return [[prefix, scalarText(value)]];
}

/** A query string from pairs, percent-encoded (spaces as `%20`, not `+`); `allowReserved` names keep RFC 3986 reserved characters. */
export function queryString(pairs: [string, string][], allowReserved: ReadonlySet<string> = new Set()): string {
  const reserved = (s: string) =>
    encodeURIComponent(s).replace(/%(2F|3F|23|5B|5D|40|21|24|26|27|28|29|2A|2B|2C|3B|3D|3A)/g, (m) => decodeURIComponent(m));
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${allowReserved.has(k) ? reserved(v) : encodeURIComponent(v)}`).join('&');
}

/** A Cookie header from pairs, values percent-encoded (RFC 6265 allows no spaces, commas or semicolons in a value). */
export const cookieHeader = (pairs: [string, string][]): string => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');

/** A header value can carry only visible ASCII, spaces and tabs (RFC 9110 field-value). */
export const isHeaderSafe = (text: string): boolean => /^[\t\x20-\x7e]*$/.test(text) && text.trim() === text;

/** A header name must be an RFC 9110 token: `api key` (with a space) cannot be sent by any HTTP client. */
export const isHeaderName = (name: string): boolean => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name);

/** Why a header (or an apiKey scheme in a header) with this name cannot be sent, or undefined. */
export function unsendableHeaderName(name: string, what: string): string | undefined {
  return isHeaderName(name)
    ? undefined
    : `${what} "${name}" is not a valid HTTP header name (RFC 9110 token), so no client can send it; fix the document`;
}

/** The path a request carries for a filled-in template: a `#…` part (some documents tell operations apart by one) is a fragment, never sent. */
export const wirePath = (path: string): string => path.replace(/#.*$/s, '');

/**
 * A filled-in template and the request's query string as one URL path and query: a template that carries a query
 * of its own (`/search/articles?query={query}`) gets the rest joined with `&`, never a second `?`.
 */
export function pathAndQuery(path: string, query: string): string {
  const sent = wirePath(path);
  if (!query) return sent;
  return `${sent}${sent.includes('?') ? (sent.endsWith('?') || sent.endsWith('&') ? '' : '&') : '?'}${query}`;
}
