import type { MediaSpec } from '../contract/types.ts';
import { essence } from '../core/wire.ts';

export const isJsonMediaType = (mediaType: string): boolean => {
  const e = essence(mediaType);
  return e === 'application/json' || e.endsWith('+json') || e === '*/*' || e === 'application/*';
};

/** A form body: URL-encoded or multipart, written field by field. */
export const isFormMediaType = (mediaType: string): boolean =>
  ['application/x-www-form-urlencoded', 'multipart/form-data'].includes(essence(mediaType));

/**
 * The syntax family of a media type where standards make several forms one: JSON (`application/json` and any
 * `+json`, RFC 6839 §3.1) and XML (`application/xml`, `text/xml` and any `+xml`, RFC 7303 §4 and §9.2). Undefined
 * for any other type, which only its own essence matches.
 */
export function mediaFamily(mediaType: string): 'json' | 'xml' | undefined {
  const e = essence(mediaType);
  if (e === 'application/json' || /^[a-z0-9!#$&^_.-]+\/[^/]+\+json$/.test(e)) return 'json';
  if (e === 'application/xml' || e === 'text/xml' || /^[a-z0-9!#$&^_.-]+\/[^/]+\+xml$/.test(e)) return 'xml';
  return undefined;
}

/**
 * True when a received content type is a documented media type: the same essence (case and parameters such as
 * `charset` aside, RFC 9110 §8.3.1), or the same syntax family (`text/xml` for `application/xml`,
 * `application/problem+json` for `application/json`). The engine rule `media-type-equivalence`.
 */
export function sameMediaType(documented: string, received: string | undefined): boolean {
  const a = essence(documented);
  const b = essence(received);
  if (a === b) return true;
  const family = mediaFamily(a);
  return family !== undefined && family === mediaFamily(b);
}

/** The documented media entry that covers a received content type: exact, then an equivalent form, then `type/*`, then `*\/*`. */
export function mediaFor(content: MediaSpec[], contentType: string | undefined): MediaSpec | undefined {
  const received = essence(contentType);
  const [type] = received.split('/');
  return (
    content.find((m) => essence(m.mediaType) === received) ??
    (received === '' ? undefined : content.find((m) => sameMediaType(m.mediaType, received))) ??
    content.find((m) => essence(m.mediaType) === `${type}/*`) ??
    content.find((m) => essence(m.mediaType) === '*/*')
  );
}

/** Parses a JSON body; undefined for an empty body, an Error for malformed JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    return error as Error;
  }
}

/**
 * Whether a content map's key is a media type at all (RFC 9110 §8.3.1: type "/" subtype, each a token, then
 * parameters). Converted documents carry keys such as `""` that no request or answer can be labelled with.
 */
export const isMediaType = (text: string): boolean => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*(;.*)?$/.test(text);
