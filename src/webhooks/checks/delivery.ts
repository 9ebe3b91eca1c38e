import { isSuccessStatus } from '../../vendors/common/outcome.ts';
import { documentedSuccess, responseDocSource } from '../rules.ts';
import type { WebhookCheck } from './types.ts';

/**
 * A genuine delivery is acknowledged with a 2xx: the vendors record only the status, and anything else (a redirect
 * included) is a failed delivery that the vendor redelivers or drops.
 */
export const deliveryAccepted: WebhookCheck = ({ webhook, expectation }, { response }) => {
  if (expectation.kind !== 'delivery') return [];
  if (isSuccessStatus(response.status)) return [];
  const documented = documentedSuccess(webhook);
  const why =
    response.status >= 300 && response.status < 400
      ? `a redirect${response.headers.location ? ` to ${response.headers.location}` : ''} is not followed and counts as a failed delivery`
      : 'the vendor counts this delivery as failed';
  return [
    {
      operation: webhook.key,
      rule: 'delivery-not-acknowledged',
      message: `Received: ${response.status}\nDocumented: ${documented.join(', ')} (any 2xx acknowledges)\nA genuine, correctly signed delivery was not acknowledged: ${why}`,
      status: response.status,
      received: response.status,
      documented,
      // The success response's source names the delivery mechanism (drchrono: "Webhooks delivery mechanism").
      docSource: responseDocSource(webhook, 200),
      severity: 'error',
    },
  ];
};
