/**
 * The webhook-receiver checks, one registry: each check applies to one kind of exchange (handshake, delivery,
 * forgery, redelivery) and returns nothing for the others. `WEBHOOK_CHECKS=forgeryRejected,...` runs a subset.
 *
 * - deliveryAccepted: delivery-not-acknowledged
 * - forgeryRejected: <forgery>-accepted; <forgery>-server-error (warning)
 * - redeliveryAcknowledged: redelivery-not-acknowledged (warning), redelivery-processed-twice
 *
 * Checks only one vendor's traffic needs (drchrono's handshakeConformance) come from that vendor's descriptor.
 */
import type { Exchange } from '../../core/wire.ts';
import type { Violation } from '../../core/violation.ts';
import type { WebhookCheckContext } from '../types.ts';
import { deliveryAccepted } from './delivery.ts';
import { forgeryRejected } from './forgery.ts';
import { redeliveryAcknowledged } from './redelivery.ts';
import type { WebhookCheck } from './types.ts';
import { checkRegistry } from '../../checks/registry.ts';
import { vendorDescriptors } from '../../vendors/registry.ts';

const webhookChecks = checkRegistry<WebhookCheckContext>({
  label: 'webhook check',
  variable: 'WEBHOOK_CHECKS',
  operationOf: (ctx) => ctx.webhook.key,
});

/** Adds a check under a unique name; registering a name twice is a programming error. */
export const registerWebhookCheck = (name: string, check: WebhookCheck): void => webhookChecks.register(name, check);

registerWebhookCheck('deliveryAccepted', deliveryAccepted);
registerWebhookCheck('forgeryRejected', forgeryRejected);
registerWebhookCheck('redeliveryAcknowledged', redeliveryAcknowledged);
for (const vendor of vendorDescriptors())
  for (const [name, check] of Object.entries(vendor.webhooks?.checks ?? {})) registerWebhookCheck(name, check);

export const webhookCheckNames = (): string[] => webhookChecks.names();

/** Runs every selected check on the exchange and collects all violations; a check that throws becomes an engine-error violation. */
export const runWebhookChecks = (ctx: WebhookCheckContext, exchange: Exchange, names?: string[]): Violation[] =>
  webhookChecks.run(ctx, exchange, names);

export { deliveryAccepted, forgeryRejected, redeliveryAcknowledged };
export type { WebhookCheck } from './types.ts';
