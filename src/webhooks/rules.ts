/**
 * Reading what the contract says about webhooks: the webhook operations by operationId, and the `x-doc-source`
 * of the signature and redelivery rules, so every violation names the rule's document section.
 */
import { docSourceOf, responseFor } from '../contract/operations.ts';
import { isObject } from '../core/pointer.ts';
import type { Contract, NamedExample, Operation } from '../contract/types.ts';
import type { DocSource } from '../core/violation.ts';
import { WebhookError, WebhookErrorCode } from './errors.ts';

/** The webhook operation with this operationId; throws `WEBHOOK_CONTRACT` when the contract has none. */
export function webhookOperation(contract: Contract, operationId: string): Operation {
  const found = contract.webhooks.find((w) => w.id === operationId);
  if (!found) {
    const known = contract.webhooks.map((w) => w.id).join(', ') || '(none)';
    throw new WebhookError(
      WebhookErrorCode.contract,
      `${contract.file} has no webhook with operationId "${operationId}"; its webhooks: ${known}`,
    );
  }
  return found;
}

/** The `x-vendor-rules.signatures` entry with this name, or undefined. */
export function signatureRule(contract: Contract, name: string): Record<string, unknown> | undefined {
  const list = contract.vendorRules.signatures;
  return Array.isArray(list) ? list.find((entry): entry is Record<string, unknown> => isObject(entry) && entry.name === name) : undefined;
}

/** Where a signature rule comes from; the contract's own source when the rule has none. */
export function signatureDocSource(contract: Contract, name: string): DocSource | undefined {
  return docSourceOf(signatureRule(contract, name)) ?? contract.docSource;
}

/** Where the redelivery rule (`x-vendor-rules.webhookDelivery`) comes from, if the contract has one. */
export function redeliveryDocSource(contract: Contract): DocSource | undefined {
  return docSourceOf(contract.vendorRules.webhookDelivery);
}

/** The `x-doc-source` of the response documented for `status` (exact, range, default), else the webhook's. */
export function responseDocSource(webhook: Operation, status: number): DocSource | undefined {
  return responseFor(webhook, status)?.docSource ?? webhook.docSource;
}

/** The documented success statuses of a webhook, as the contract writes them (`2XX`, `200`). */
export function documentedSuccess(webhook: Operation): string[] {
  const statuses = webhook.responses.map((r) => r.status).filter((s) => s.startsWith('2'));
  return statuses.length > 0 ? statuses : ['2XX'];
}

/** The values of a header parameter's examples (drchrono's `X-drchrono-event` lists every event), in order. */
export function headerExamples(webhook: Operation, header: string): unknown[] {
  const parameter = webhook.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === header.toLowerCase());
  return (parameter?.examples ?? []).map((e: NamedExample) => e.value);
}
