/** One exchange with a receiver: send the request, run the checks that apply to what it was meant to show. */
import type { Exchange, RecordedRequest } from '../core/wire.ts';
import type { Violation } from '../core/violation.ts';
import { runWebhookChecks } from './checks/index.ts';
import { sendWebhook } from './send.ts';
import type { WebhookCheckContext } from './types.ts';

export interface WebhookResult {
  readonly exchange: Exchange;
  readonly violations: Violation[];
}

/** Sends `request` and judges the answer; an unreachable receiver throws `WEBHOOK_RECEIVER_UNREACHABLE`. */
export async function exerciseWebhook(ctx: WebhookCheckContext, request: RecordedRequest, timeoutMs?: number): Promise<WebhookResult> {
  const exchange = await sendWebhook(request, timeoutMs);
  return { exchange, violations: runWebhookChecks(ctx, exchange) };
}

/** The violations that fail a test (warnings are advisory). */
export const errorsOf = (violations: readonly Violation[]): Violation[] => violations.filter((v) => v.severity === 'error');
