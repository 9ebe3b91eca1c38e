/**
 * A total classifier for Lupl Open API responses.
 * Source: Lupl Open API, "Endpoints" (400 carries at least `{ "errors": { param: [messages] } }`;
 * 403 typically carries `{}`) and "Throttling (Rate Limiting)" (1000 calls per minute).
 */
import { describeValue, isRecord, type ParsedBody } from '../common/body.ts';
import { docSection } from '../common/doc-source.ts';
import { LUPL_DOCUMENT } from './document.ts';
import {
  classifyWith,
  readErrorsEnvelope,
  readStrayFieldErrors,
  type BodyReading,
  type Outcome,
  type VendorErrorModel,
} from '../common/outcome.ts';

/** Where the 400/403 shapes come from. */
const LUPL_ERRORS_DOC = docSection(LUPL_DOCUMENT, 'Endpoints');

function readLuplBody(status: number, body: ParsedBody): BodyReading {
  if (status === 400) return readErrorsEnvelope(body, status);
  if (status === 403) {
    // "Typically" an empty object: any JSON object conforms, anything else does not.
    if (body.form === 'json' && isRecord(body.value)) return {};
    const received = body.form === 'json' ? describeValue(body.value) : body.form === 'empty' ? 'no body' : 'non-JSON text';
    return { problems: [`HTTP 403 body must be a JSON object (typically {}), received ${received}`] };
  }
  return readStrayFieldErrors(body);
}

/** Lupl's error model: a throttled request (per-minute window) can be retried later. */
export const LUPL_ERROR_MODEL: VendorErrorModel = {
  docSource: LUPL_ERRORS_DOC,
  statusKinds: { 429: 'retry-later' },
  read: readLuplBody,
};

/** Classifies a Lupl response; a 400 without the field-error map or a 403 that is not a JSON object is a contract violation. Total. */
export function classifyLupl(status: number, body: unknown): Outcome {
  return classifyWith(LUPL_ERROR_MODEL, status, body);
}
