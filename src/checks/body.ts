import { XMLParser } from 'fast-xml-parser';
import { responseFor } from '../contract/operations.ts';
import type { Operation } from '../contract/types.ts';
import { mediaFamily, mediaFor, parseJsonBody, sameMediaType } from './media.ts';
import type { RecordedResponse } from '../core/wire.ts';

// Text stays text (`<http_code>400</http_code>` reads "400", as a JSON body written with string codes would).
const xml = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, ignoreAttributes: true });

/**
 * A body as a value, whatever its syntax: JSON parsed, XML read into objects with its one root element unwrapped
 * (`<error><error_code>API1004</error_code></error>` → `{ error_code: 'API1004' }`). Undefined for an empty body,
 * an Error for one that does not parse.
 */
export function bodyValue(response: Pick<RecordedResponse, 'headers' | 'text'>): unknown {
  if (mediaFamily(response.headers['content-type'] ?? '') !== 'xml') return parseJsonBody(response.text);
  if (response.text.trim() === '') return undefined;
  try {
    const parsed = xml.parse(response.text, true) as Record<string, unknown>;
    const roots = Object.values(parsed);
    return roots.length === 1 ? roots[0] : parsed;
  } catch (error) {
    return error as Error;
  }
}

/**
 * True when a rejection (4xx/5xx) comes in a media type the document does not show for its status but does show
 * for the operation's success: the endpoint's own representation (an XML endpoint's error in XML where the
 * document shows JSON errors). The engine rule `error-representation` makes that a reading, not a violation.
 */
export function inEndpointRepresentation(operation: Operation, response: Pick<RecordedResponse, 'status' | 'headers' | 'text'>): boolean {
  if (response.status < 400 || response.text.length === 0) return false;
  const received = response.headers['content-type'];
  if (!received) return false;
  const spec = responseFor(operation, response.status);
  if (spec && spec.content.length > 0 && mediaFor(spec.content, received)) return false;
  return operation.responses.some((r) => /^2/.test(r.status) && r.content.some((m) => sameMediaType(m.mediaType, received)));
}
