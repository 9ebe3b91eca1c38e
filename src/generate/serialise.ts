import type { ParameterLocation } from '../contract/types.ts';

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

/** A parameter's value as wire text: name/value pairs for query and cookie, one string for path and header. */
export type Serialised = { in: 'path' | 'header'; text: string } | { in: 'query' | 'cookie'; pairs: [string, string][] };

type Scalar = string | number | boolean | null;

const scalar = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
const entriesOf = (value: object): [string, unknown][] => Object.entries(value);

/**
 * Serialises a parameter value per OpenAPI 3 "Style Values" (RFC 6570 for path/header): `simple`, `label`,
 * `matrix` in paths; `form`, `spaceDelimited`, `pipeDelimited`, `deepObject` in queries; `simple` headers;
 * `form` cookies. Path text is percent-encoded here; query and cookie pairs are encoded by the caller.
 * Throws for a style the location does not allow, so that the case becomes a skip with that reason.
 */
export function serialiseParameter(location: ParameterLocation, name: string, value: unknown, how: Serialisation = {}): Serialised {
  if (how.mediaType) {
    const text = typeof value === 'string' && !/json/i.test(how.mediaType) ? value : JSON.stringify(value);
    return location === 'query' || location === 'cookie'
      ? { in: location, pairs: [[name, text]] }
      : { in: location, text: location === 'path' ? encodeURIComponent(text) : text };
  }
  const style = how.style ?? DEFAULT_STYLE[location];
  const explode = how.explode ?? style === 'form';
  if (location === 'path') return { in: 'path', text: pathText(name, value, style, explode) };
  if (location === 'header') {
    if (style !== 'simple') throw new Error(`header parameter "${name}" has style "${style}"; only "simple" is defined for headers`);
    return { in: 'header', text: simpleText(value, explode, (s) => s) };
  }
  if (location === 'cookie') {
    if (style !== 'form') throw new Error(`cookie parameter "${name}" has style "${style}"; only "form" is defined for cookies`);
    return { in: 'cookie', pairs: formPairs(name, value, explode) };
  }
  return { in: 'query', pairs: queryPairs(name, value, style, explode) };
}

function simpleText(value: unknown, explode: boolean, encode: (s: string) => string): string {
  if (Array.isArray(value)) return value.map((v) => encode(scalar(v))).join(',');
  if (value && typeof value === 'object') {
    return entriesOf(value)
      .map(([k, v]) => (explode ? `${encode(k)}=${encode(scalar(v))}` : `${encode(k)},${encode(scalar(v))}`))
      .join(',');
  }
  return encode(scalar(value as Scalar));
}

function pathText(name: string, value: unknown, style: string, explode: boolean): string {
  const enc = encodeURIComponent;
  if (style === 'simple') return simpleText(value, explode, enc);
  if (style === 'label') {
    if (Array.isArray(value)) return `.${value.map((v) => enc(scalar(v))).join(explode ? '.' : ',')}`;
    if (value && typeof value === 'object') {
      return `.${entriesOf(value)
        .map(([k, v]) => (explode ? `${enc(k)}=${enc(scalar(v))}` : `${enc(k)},${enc(scalar(v))}`))
        .join(explode ? '.' : ',')}`;
    }
    return `.${enc(scalar(value))}`;
  }
  if (style === 'matrix') {
    if (Array.isArray(value)) {
      return explode
        ? value.map((v) => `;${enc(name)}=${enc(scalar(v))}`).join('')
        : `;${enc(name)}=${value.map((v) => enc(scalar(v))).join(',')}`;
    }
    if (value && typeof value === 'object') {
      return explode
        ? entriesOf(value)
            .map(([k, v]) => `;${enc(k)}=${enc(scalar(v))}`)
            .join('')
        : `;${enc(name)}=${entriesOf(value)
            .map(([k, v]) => `${enc(k)},${enc(scalar(v))}`)
            .join(',')}`;
    }
    return `;${enc(name)}=${enc(scalar(value))}`;
  }
  throw new Error(`path parameter "${name}" has style "${style}"; paths allow simple, label and matrix`);
}

function formPairs(name: string, value: unknown, explode: boolean): [string, string][] {
  if (Array.isArray(value)) return explode ? value.map((v) => [name, scalar(v)]) : [[name, value.map(scalar).join(',')]];
  if (value && typeof value === 'object') {
    return explode
      ? entriesOf(value).map(([k, v]) => [k, scalar(v)])
      : [
          [
            name,
            entriesOf(value)
              .map(([k, v]) => `${k},${scalar(v)}`)
              .join(','),
          ],
        ];
  }
  return [[name, scalar(value)]];
}

function queryPairs(name: string, value: unknown, style: string, explode: boolean): [string, string][] {
  if (style === 'form') return formPairs(name, value, explode);
  if (style === 'spaceDelimited' || style === 'pipeDelimited') {
    const separator = style === 'spaceDelimited' ? ' ' : '|';
    if (!Array.isArray(value)) throw new Error(`query parameter "${name}" has style "${style}", defined for arrays only`);
    return explode ? value.map((v) => [name, scalar(v)]) : [[name, value.map(scalar).join(separator)]];
  }
  if (style === 'deepObject') {
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw new Error(`query parameter "${name}" has style "deepObject", defined for objects only`);
    return deepPairs(name, value);
  }
  throw new Error(`query parameter "${name}" has style "${style}"; queries allow form, spaceDelimited, pipeDelimited and deepObject`);
}

/** `filter[status]=open&filter[tags][0]=a`: nested objects by bracketed keys, arrays by bracketed index. */
export function deepPairs(prefix: string, value: unknown): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => deepPairs(`${prefix}[${i}]`, v));
  if (value && typeof value === 'object') return entriesOf(value).flatMap(([k, v]) => deepPairs(`${prefix}[${k}]`, v));
  return [[prefix, scalar(value)]];
}

/** A query string from pairs, percent-encoded (spaces as `%20`, not `+`). */
export function queryString(pairs: [string, string][], allowReserved: Set<string> = new Set()): string {
  const reserved = (s: string) =>
    encodeURIComponent(s).replace(/%(2F|3F|23|5B|5D|40|21|24|26|27|28|29|2A|2B|2C|3B|3D|3A)/g, (m) => decodeURIComponent(m));
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${allowReserved.has(k) ? reserved(v) : encodeURIComponent(v)}`).join('&');
}

/** A header value can carry only visible ASCII, spaces and tabs (RFC 9110 field-value). */
export const isHeaderSafe = (text: string): boolean => /^[\t\x20-\x7e]*$/.test(text) && text.trim() === text;
