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
let vendorChecksProvided = false;

/**
 * The checks vendors add for their own webhook traffic (drchrono's handshake): the vendor registry provides them
 * once, when it loads the vendors, so this generic registry never loads a vendor folder itself.
 */
export function provideVendorWebhookChecks(checks: Readonly<Record<string, WebhookCheck>>): void {
  if (vendorChecksProvided) throw new Error("the vendors' webhook checks are already provided");
  for (const [name, check] of Object.entries(checks)) registerWebhookCheck(name, check);
  vendorChecksProvided = true;
}

function provided(): typeof webhookChecks {
  // A run without the vendors' checks would pass receivers that break a vendor's own rule.
  if (!vendorChecksProvided)
    throw new Error("VENDORS_NOT_LOADED: the vendors' webhook checks are unknown; import src/vendors/registry.ts first");
  return webhookChecks;
}

export const webhookCheckNames = (): string[] => provided().names();

/** Runs every selected check on the exchange and collects all violations; a check that throws becomes an engine-error violation. */
export const runWebhookChecks = (ctx: WebhookCheckContext, exchange: Exchange, names?: string[]): Violation[] =>
  provided().run(ctx, exchange, names);

export { deliveryAccepted, forgeryRejected, redeliveryAcknowledged };
export type { WebhookCheck } from './types.ts';
