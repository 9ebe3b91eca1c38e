import type { ParameterLocation } from '../../contract/types.ts';

/** How a parameter is written on the wire (OpenAPI `style` and `explode`, with the defaults per location). */
export interface ParameterStyle {
  style: string;
  explode: boolean;
}

const DEFAULT_STYLE: Record<ParameterLocation, string> = { path: 'simple', query: 'form', header: 'simple', cookie: 'form' };

export function styleOf(location: ParameterLocation, raw: { style?: unknown; explode?: unknown }): ParameterStyle {
  const style = typeof raw.style === 'string' ? raw.style : DEFAULT_STYLE[location];
  const explode = typeof raw.explode === 'boolean' ? raw.explode : style === 'form';
  return { style, explode };
}

const text = (value: unknown): string => (value === null ? 'null' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/**
 * Query pairs for one parameter, unencoded: `form` explodes arrays into repeated keys and objects into their
 * members, `spaceDelimited`/`pipeDelimited` join arrays, `deepObject` writes `name[key]=value`.
 */
export function queryPairs(name: string, value: unknown, { style, explode }: ParameterStyle): [string, string][] {
  if (value === undefined) return [];
  if (Array.isArray(value)) {
    if (style === 'form' && explode) return value.map((v) => [name, text(v)]);
    const separator = style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
    return [[name, value.map(text).join(separator)]];
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (style === 'deepObject') return entries.map(([k, v]) => [`${name}[${k}]`, text(v)]);
    if (explode) return entries.map(([k, v]) => [k, text(v)]);
    return [[name, entries.map(([k, v]) => `${k},${text(v)}`).join(',')]];
  }
  return [[name, text(value)]];
}

/** A path segment for one parameter, percent-encoded: `simple`, `label` (`.x`) or `matrix` (`;name=x`). */
export function pathSegment(name: string, value: unknown, { style, explode }: ParameterStyle): string {
  const enc = (v: unknown) => encodeURIComponent(text(v));
  if (Array.isArray(value)) {
    if (style === 'label') return `.${value.map(enc).join(explode ? '.' : ',')}`;
    if (style === 'matrix') return explode ? value.map((v) => `;${name}=${enc(v)}`).join('') : `;${name}=${value.map(enc).join(',')}`;
    return value.map(enc).join(',');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const pairs = explode
      ? entries.map(([k, v]) => `${encodeURIComponent(k)}=${enc(v)}`)
      : entries.map(([k, v]) => `${encodeURIComponent(k)},${enc(v)}`);
    if (style === 'label') return `.${pairs.join(explode ? '.' : ',')}`;
    if (style === 'matrix')
      return explode ? entries.map(([k, v]) => `;${encodeURIComponent(k)}=${enc(v)}`).join('') : `;${name}=${pairs.join(',')}`;
    return pairs.join(',');
  }
  if (style === 'label') return `.${enc(value)}`;
  if (style === 'matrix') return `;${name}=${enc(value)}`;
  return enc(value);
}

/** A header value (`simple` style): arrays and objects comma-joined. */
export function headerValue(value: unknown, { explode }: ParameterStyle): string {
  if (Array.isArray(value)) return value.map(text).join(',');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => (explode ? `${k}=${text(v)}` : `${k},${text(v)}`))
      .join(',');
  }
  return text(value);
}

/** A cookie pair (`form` style), value percent-encoded. */
export function cookiePair(name: string, value: unknown): string {
  const joined = Array.isArray(value) ? value.map(text).join(',') : text(value);
  return `${name}=${encodeURIComponent(joined)}`;
}

/** A form-urlencoded body: nested values as JSON text, arrays as repeated keys. */
export function formBody(value: unknown): string {
  const params = new URLSearchParams();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) params.append(k, text(item));
      else params.append(k, text(v));
    }
  }
  return params.toString();
}

/** A multipart/form-data body with a fixed boundary; returns the body and the content type that names the boundary. */
export function multipartBody(value: unknown): { body: string; contentType: string } {
  const boundary = 'conformance-boundary-7MA4YWxkTrZu0gW';
  const parts: string[] = [];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      const isJson = v !== null && typeof v === 'object';
      parts.push(
        `--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/"/g, '%22')}"${isJson ? '\r\nContent-Type: application/json' : ''}\r\n\r\n${text(v)}\r\n`,
      );
    }
  }
  return { body: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}
