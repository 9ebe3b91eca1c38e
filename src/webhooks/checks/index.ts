/**
 * The webhook-receiver checks, one registry: each check applies to one kind of exchange (handshake, delivery,
 * forgery, redelivery) and returns nothing for the others. `WEBHOOK_CHECKS=forgeryRejected,...` runs a subset.
 *
 * - handshakeConformance: handshake-not-200, handshake-not-json, handshake-not-object, handshake-missing-secret-token,
 *   handshake-secret-token-not-string, handshake-base64-instead-of-hex, handshake-uppercase-hex, handshake-wrong-key,
 *   handshake-malformed, handshake-secret-echoed; handshake-content-type (warning)
 * - deliveryAccepted: delivery-not-acknowledged
 * - forgeryRejected: <forgery>-accepted; <forgery>-server-error (warning)
 * - redeliveryAcknowledged: redelivery-not-acknowledged (warning), redelivery-processed-twice
 */
import type { Exchange, Violation } from '../../checks/types.ts';
import type { WebhookCheckContext } from '../types.ts';
import { deliveryAccepted } from './delivery.ts';
import { forgeryRejected } from './forgery.ts';
import { handshakeConformance } from './handshake.ts';
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

registerWebhookCheck('handshakeConformance', handshakeConformance);
registerWebhookCheck('deliveryAccepted', deliveryAccepted);
registerWebhookCheck('forgeryRejected', forgeryRejected);
registerWebhookCheck('redeliveryAcknowledged', redeliveryAcknowledged);

export const webhookCheckNames = (): string[] => webhookChecks.names();

/** Runs every selected check on the exchange and collects all violations; a check that throws becomes an engine-error violation. */
export const runWebhookChecks = (ctx: WebhookCheckContext, exchange: Exchange, names?: string[]): Violation[] =>
  webhookChecks.run(ctx, exchange, names);

export { deliveryAccepted, forgeryRejected, handshakeConformance, redeliveryAcknowledged };
export type { WebhookCheck } from './types.ts';
