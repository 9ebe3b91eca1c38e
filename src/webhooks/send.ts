/**
 * Sending webhook traffic to a receiver with Node's fetch: one attempt per request (the suite judges every answer,
 * so nothing is retried), redirects not followed (drchrono counts a 302 as a failed delivery), and a time-out on
 * every call.
 */
import { lowerCaseNames, type Exchange, type RecordedRequest } from '../core/wire.ts';
import { fetchSend, networkReason } from '../targets/transport.ts';
import { WebhookError, WebhookErrorCode } from './errors.ts';

/** Time-out of one call to a receiver, ms. drchrono and HubSpot document none; 10 s is generous for an acknowledgement. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** Sends one request and returns the exchange (header names lower-case); an unreachable receiver throws `WEBHOOK_RECEIVER_UNREACHABLE`. */
export async function sendWebhook(request: RecordedRequest, timeoutMs: number = DEFAULT_WEBHOOK_TIMEOUT_MS): Promise<Exchange> {
  try {
    const response = await fetchSend(request, timeoutMs);
    return { request: { ...request, headers: lowerCaseNames(request.headers) }, response };
  } catch (error) {
    const where = `${request.method} ${originOf(request.url)}`;
    throw new WebhookError(
      WebhookErrorCode.unreachable,
      `${where}: ${networkReason(error, timeoutMs)}; is the receiver running and reachable from here?`,
    );
  }
}

// The origin and path only: a receiver URL may carry a token in its query string.
function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
