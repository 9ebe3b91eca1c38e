/** drchrono's verification handshake as a receiver law over the network (Webhooks › Webhooks verification). */
import fc from 'fast-check';
import { formatViolations } from '../../report/format.ts';
import { VerificationMsgArb } from '../../webhooks/arbitraries.ts';
import { errorsOf, exerciseWebhook } from '../../webhooks/exercise.ts';
import type { ReceiverLawContext } from '../../webhooks/properties.ts';
import { drchronoVerification } from './webhook-traffic.ts';

/** Law: for any challenge `msg`, the callback answers 200 {"secret_token": hex(HMAC-SHA256(secret, msg))}. */
export function handshakeHoldsForAnyMsg(
  url: string,
  secret: string,
  ctx: ReceiverLawContext,
  msgs: fc.Arbitrary<string> = VerificationMsgArb,
) {
  return fc.asyncProperty(msgs, async (msg) => {
    const { exchange, violations } = await exerciseWebhook(
      { contract: ctx.contract, webhook: ctx.webhook, expectation: { kind: 'handshake', secret, msg } },
      drchronoVerification(url, msg),
      ctx.timeoutMs,
    );
    ctx.observe?.(exchange, violations);
    const errors = errorsOf(violations);
    if (errors.length > 0) throw new Error(formatViolations(errors));
  });
}
