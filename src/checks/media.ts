import type { MediaSpec } from '../contract/types.ts';

/** `application/json; charset=utf-8` → `application/json`. */
export const essence = (contentType: string | undefined): string => (contentType ?? '').split(';')[0].trim().toLowerCase();

export const isJsonMediaType = (mediaType: string): boolean => {
  const e = essence(mediaType);
  return e === 'application/json' || e.endsWith('+json') || e === '*/*' || e === 'application/*';
};

/** A form body: URL-encoded or multipart, written field by field. */
export const isFormMediaType = (mediaType: string): boolean =>
  ['application/x-www-form-urlencoded', 'multipart/form-data'].includes(essence(mediaType));

/** The documented media entry that covers a received content type: exact, then `type/*`, then `*\/*`. */
export function mediaFor(content: MediaSpec[], contentType: string | undefined): MediaSpec | undefined {
  const received = essence(contentType);
  const [type] = received.split('/');
  return (
    content.find((m) => essence(m.mediaType) === received) ??
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
