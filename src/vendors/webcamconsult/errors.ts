/**
 * A total classifier for Webcamconsult responses.
 * Source: Webcamconsult API (API Blueprint documentation), the "Response 422" examples of the user, client and appointment actions:
 * a 422 carries `{ "errors": { field: [messages] } }`, possibly with an empty `errors` object.
 */
import type { ParsedBody } from '../common/body.ts';
import { docSection } from '../common/doc-source.ts';
import { WEBCAMCONSULT_DOCUMENT } from './document.ts';
import {
  classifyWith,
  readErrorsEnvelope,
  readStrayFieldErrors,
  type BodyReading,
  type Outcome,
  type VendorErrorModel,
} from '../common/outcome.ts';

/** Where the 422 shape comes from. */
const WEBCAMCONSULT_ERRORS_DOC = docSection(WEBCAMCONSULT_DOCUMENT, 'Create a New User / Response 422');

function readWebcamconsultBody(status: number, body: ParsedBody): BodyReading {
  if (status === 422) return readErrorsEnvelope(body, status);
  // Other statuses have no documented body; read field messages when they happen to be there.
  return readStrayFieldErrors(body);
}

/** Webcamconsult's error model for the shared classification skeleton. */
export const WEBCAMCONSULT_ERROR_MODEL: VendorErrorModel = {
  docSource: WEBCAMCONSULT_ERRORS_DOC,
  read: readWebcamconsultBody,
};

/** Classifies a Webcamconsult response; a 422 whose body is not the documented field-error map is a contract violation. Total. */
export function classifyWebcamconsult(status: number, body: unknown): Outcome {
  return classifyWith(WEBCAMCONSULT_ERROR_MODEL, status, body);
}
