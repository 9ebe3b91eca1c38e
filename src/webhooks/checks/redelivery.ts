import { isSuccessStatus } from '../../vendors/common/outcome.ts';
import { redeliveryDocSource } from '../rules.ts';
import type { WebhookCheck } from './types.ts';

/**
 * Advisory: the same delivery sent again (drchrono redelivers a hook it counts as failed, and a user can redeliver by
 * hand) is acknowledged again with a 2xx, and acted on once. A refused redelivery is a warning: drchrono would keep
 * redelivering it 1, 3 and 7 h after the event and then mark it failed. Acting on it twice is an error, reported
 * only when the receiver exposes how often it processed the delivery id.
 */
export const redeliveryAcknowledged: WebhookCheck = ({ contract, webhook, expectation }, { response }) => {
  if (expectation.kind !== 'redelivery') return [];
  if (!isSuccessStatus(expectation.first.response.status)) return [];
  const docSource = redeliveryDocSource(contract) ?? webhook.docSource;
  const found = [];
  if (!isSuccessStatus(response.status)) {
    found.push({
      operation: webhook.key,
      rule: 'redelivery-not-acknowledged',
      message: `Received: ${response.status} for delivery ${expectation.deliveryId} sent again (the first answer was ${expectation.first.response.status})\nAdvised: a 2xx again, so the vendor stops redelivering; process the delivery id once`,
      status: response.status,
      received: response.status,
      documented: '2xx',
      docSource,
      severity: 'warning' as const,
    });
  }
  if (expectation.processedCount !== undefined && expectation.processedCount > 1) {
    found.push({
      operation: webhook.key,
      rule: 'redelivery-processed-twice',
      message: `Received: delivery ${expectation.deliveryId} processed ${expectation.processedCount} times\nDocumented: deliveries are redelivered with the same id; process each delivery id once`,
      status: response.status,
      received: expectation.processedCount,
      documented: 1,
      docSource,
      severity: 'error' as const,
    });
  }
  return found;
};
