import { isSuccessStatus } from '../../vendors/common/outcome.ts';
import { signatureDocSource } from '../rules.ts';
import type { WebhookCheck } from './types.ts';

/**
 * A forged or tampered request is refused with a non-2xx: a wrong or missing signature or callback key, a changed
 * body, URL, method or timestamp, or a HubSpot v3 timestamp older than 5 minutes. The rule is `<forgery>-accepted`
 * and the source is the signature rule the receiver failed to apply. A refusal with a 5xx is a warning: the
 * receiver crashed on the request instead of refusing it.
 */
export const forgeryRejected: WebhookCheck = ({ contract, webhook, expectation }, { response }) => {
  if (expectation.kind !== 'forgery') return [];
  const { forgery } = expectation;
  const docSource = signatureDocSource(contract, forgery.signatureRule);
  if (isSuccessStatus(response.status)) {
    return [
      {
        operation: webhook.key,
        rule: `${forgery.kind}-accepted`,
        message: `Received: ${response.status}\nDocumented: a non-2xx refusal (signature rule ${forgery.signatureRule})\nThe receiver acknowledged a forged request: ${forgery.description}`,
        status: response.status,
        received: response.status,
        documented: 'non-2xx',
        docSource,
        severity: 'error',
      },
    ];
  }
  if (response.status >= 500) {
    return [
      {
        operation: webhook.key,
        rule: `${forgery.kind}-server-error`,
        message: `Received: ${response.status}\nExpected: a 4xx refusal such as 401\nThe forged request (${forgery.description}) was refused with a server error, which suggests the receiver crashed on it`,
        status: response.status,
        received: response.status,
        documented: '4xx',
        docSource,
        severity: 'warning',
      },
    ];
  }
  return [];
};
