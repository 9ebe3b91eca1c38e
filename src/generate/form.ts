import type { MediaSpec } from '../contract/types.ts';
import { deepPairs, queryString } from './serialise.ts';

export interface EncodedBody {
  text: string;
  contentType: string;
}

type Encoding = NonNullable<MediaSpec['encoding']>[string];

/** Fixed, so that a planned request and its wire form agree without passing the boundary around. */
export const MULTIPART_BOUNDARY = 'conformance-form-boundary-5c1e';

const text = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

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
    const explode = how.explode ?? (style === undefined || style === 'form');
    if (Array.isArray(field)) {
      if (style === 'spaceDelimited' || style === 'pipeDelimited')
        return explode ? field.map((v) => [name, text(v)]) : [[name, field.map(text).join(style === 'spaceDelimited' ? ' ' : '|')]];
      if (style === 'deepObject') return deepPairs(name, field);
      return explode ? field.map((v) => [name, text(v)]) : [[name, field.map(text).join(',')]];
    }
    if (field && typeof field === 'object') {
      if (style === 'deepObject') return deepPairs(name, field);
      if (style === 'form')
        return explode
          ? Object.entries(field).map(([k, v]) => [k, text(v)])
          : [
              [
                name,
                Object.entries(field)
                  .map(([k, v]) => `${k},${text(v)}`)
                  .join(','),
              ],
            ];
      return [[name, JSON.stringify(field)]];
    }
    return [[name, text(field)]];
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
 * (or the field's `encoding.contentType`), strings as text; a field the schema calls binary travels as a file part.
 */
export function multipartBody(value: Record<string, unknown>, encoding: MediaSpec['encoding'] = {}): EncodedBody {
  const parts: string[] = [];
  for (const [name, field] of Object.entries(value)) {
    if (field === undefined) continue;
    for (const item of Array.isArray(field) ? field : [field]) {
      const declared = encoding[name]?.contentType?.split(',')[0]?.trim();
      const isObject = item !== null && typeof item === 'object';
      const type = declared ?? (isObject ? 'application/json' : undefined);
      const headers = [
        `Content-Disposition: form-data; name="${name.replace(/"/g, '%22')}"${type && !isObject && !/^text\//.test(type) ? `; filename="${name}"` : ''}`,
      ];
      if (type) headers.push(`Content-Type: ${type}`);
      parts.push(`--${MULTIPART_BOUNDARY}\r\n${headers.join('\r\n')}\r\n\r\n${text(item)}\r\n`);
    }
  }
  return { text: `${parts.join('')}--${MULTIPART_BOUNDARY}--\r\n`, contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}` };
}
