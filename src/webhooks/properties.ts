/**
 * Receiver laws as fast-check properties over the network: every generated genuine delivery is acknowledged. Laws
 * of one vendor's traffic (drchrono's handshake) live in that vendor's folder. A failing run throws the formatted
 * violations, so the shrunk counterexample comes with the rule and the document section.
 */
import fc from 'fast-check';
import type { Exchange, RecordedRequest } from '../core/wire.ts';
import type { Violation } from '../core/violation.ts';
import type { Contract, Operation } from '../contract/types.ts';
import { formatViolations } from '../report/format.ts';
import { errorsOf, exerciseWebhook } from './exercise.ts';

/** Where the property sends and what it judges with. */
export interface ReceiverLawContext {
  readonly contract: Contract;
  readonly webhook: Operation;
  readonly timeoutMs?: number;
  /** Sees every exchange and its violations (e.g. to attach the last failing one to the report). */
  readonly observe?: (exchange: Exchange, violations: Violation[]) => void;
}

/** Law: every genuine delivery built from a generated input is acknowledged with a 2xx. `build` runs at send time (fresh timestamps). */
export function everyGenuineDeliveryAcknowledged<T>(
  inputs: fc.Arbitrary<T>,
  build: (input: T) => RecordedRequest,
  ctx: ReceiverLawContext,
) {
  return fc.asyncProperty(inputs, async (input) => {
    const { exchange, violations } = await exerciseWebhook(
      { contract: ctx.contract, webhook: ctx.webhook, expectation: { kind: 'delivery' } },
      build(input),
      ctx.timeoutMs,
    );
    ctx.observe?.(exchange, violations);
    const errors = errorsOf(violations);
    if (errors.length > 0) throw new Error(formatViolations(errors));
  });
}
