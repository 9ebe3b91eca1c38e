import type { RecordedRequest } from '../core/wire.ts';
import { curlCommand } from '../generate/arbitraries/request-arbitrary.ts';
import { secretValues } from '../targets/secret-values.ts';
import { redactBody, redactHeaders, redactUrl } from './redact.ts';

/** A request as `curl`, every credential redacted. */
export function redactedCurl(request: RecordedRequest): string {
  const secrets = secretValues();
  return curlCommand({
    method: request.method,
    url: redactUrl(request.url, secrets),
    headers: redactHeaders(request.headers, secrets),
    body: redactBody(request.body, secrets),
  });
}
