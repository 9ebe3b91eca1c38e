import { bodilessAnswer } from './response-schema.ts';
import { responseFor } from '../contract/operations.ts';
import { isGuess } from '../contract/provenance.ts';
import { inEndpointRepresentation } from './body.ts';
import { engineProvenance } from './engine-rules.ts';
import { isMediaType, mediaFamily, mediaFor } from './media.ts';
import { essence } from '../core/wire.ts';
import { XMLValidator } from 'fast-xml-parser';
import { asAssumption, underProvenance } from './findings.ts';
import type { Check } from './types.ts';

/**
 * A response with a body has a content type the contract documents for its status (or an equivalent form of it:
 * `media-type-equivalence`); a bodiless one documents none. Where the contract inferred or assumed the response
 * (a body for a status the document never shows), or the media type itself (the document says "XML" and names no
 * type), breaking it is an assumption finding; so is an error in the endpoint's own representation
 * (`error-representation`).
 */
export const contentTypeConformance: Check<'undocumented-body' | 'missing-content-type' | 'undocumented-content-type'> = (
  { operation },
  { response },
) => {
  const spec = responseFor(operation, response.status);
  if (!spec) return [];
  const received = response.headers['content-type'];
  const hasBody = response.text.length > 0;
  const documented = spec.content.map((m) => m.mediaType);
  const violation = (rule: 'undocumented-body' | 'missing-content-type' | 'undocumented-content-type', message: string) =>
    underProvenance(
      [
        {
          operation: operation.key,
          rule,
          message,
          status: response.status,
          received: received ?? '(none)',
          documented,
          docSource: spec.docSource ?? operation.docSource,
          severity: 'error' as const,
        },
      ],
      spec.provenance,
    );
  // Keys that are no media types (property names, in documents converted from Swagger 2.0) label nothing: the
  // document's defect, which no answer of the vendor can meet or break.
  if (documented.length > 0 && !documented.some(isMediaType))
    return [
      {
        operation: operation.key,
        rule: 'undocumented-content-type',
        message: `Received: ${received ?? 'no Content-Type'}\nDocumented: only keys that are not media types (${documented.join(', ')})`,
        status: response.status,
        received: received ?? '(none)',
        documented,
        docSource: spec.docSource ?? operation.docSource,
        severity: 'warning',
        finding: 'document-defect',
      },
    ];
  if (documented.length === 0) {
    return hasBody
      ? violation('undocumented-body', `Received a ${received ?? 'untyped'} body\nDocumented: no body for ${spec.status}`)
      : [];
  }
  // A bodiless answer (a 204, any answer to HEAD) has no content to label; a response marked `x-body-optional` may
  // leave its documented body out. (A body documented for a bodiless answer is the document's defect: response-schema.)
  if (!hasBody && (bodilessAnswer(operation.method, response.status) || spec.bodyOptional)) return [];
  if (!received) return violation('missing-content-type', `Received: no Content-Type\nDocumented: ${documented.join(', ')}`);
  if (!mediaFor(spec.content, received)) {
    const found = violation('undocumented-content-type', `Received: ${essence(received)}\nDocumented: ${documented.join(', ')}`);
    if (inEndpointRepresentation(operation, response))
      return isGuess(spec.provenance) ? found : found.map((v) => asAssumption(v, engineProvenance('error-representation')));
    // Where the contract inferred the media type (the document names a format, "XML"), the format is the document's
    // and the label the contract's guess: a body in that format under another label is an assumption finding; a
    // body in another format (JSON where the document says XML) breaks what the document states.
    const guessed = spec.content.map((m) => m.provenance).filter(isGuess);
    const named = spec.content.some((m) => parsesAs(mediaFamily(m.mediaType), response.text));
    return guessed.length === spec.content.length && mediaFamily(received) === undefined && named
      ? underProvenance(found, guessed[0])
      : found;
  }
  return [];
};

/** True when a body is written in the syntax family (JSON, XML). */
function parsesAs(family: 'json' | 'xml' | undefined, text: string): boolean {
  if (family === 'xml') return XMLValidator.validate(text) === true;
  if (family === 'json') {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }
  return false;
}
