import {
  exampleRequest,
  requestArbitrary,
  requestViolation,
  RequestPlanError,
  type GeneratedRequest,
} from '../arbitraries/request-arbitrary.ts';
import { requestValidators } from '../arbitraries/validity.ts';
import { harvest, listFor, pathParameters, type KnownValues } from './feedback.ts';
import { sampleBounded } from './sample.ts';
import { send } from './send.ts';
import { phaseSkipReason } from './skip.ts';
import type { PhaseContext, PhaseOutcome } from './types.ts';

/**
 * Feedback before an item operation's first request: when none of its path parameters has a value seen in an
 * earlier answer, the collection's list is asked once, so that generated requests name records that exist.
 */
export async function primeKnownValues(
  ctx: PhaseContext,
  known: KnownValues,
  overrides: Record<string, string> | undefined,
  outcome: PhaseOutcome,
): Promise<void> {
  const names = pathParameters(ctx.operation).filter((n) => overrides?.[n] === undefined);
  if (names.length === 0 || names.some((n) => known.get(n).length > 0)) return;
  const list = listFor(ctx.contract, ctx.operation);
  if (!list || phaseSkipReason(list, ctx.target.kind, false)) return;
  const listCtx = { ...ctx, operation: list };
  const validators = requestValidators(ctx.contract);
  let request = exampleRequest(ctx.contract, list, overrides);
  if (!request || requestViolation(list, request, validators)) {
    try {
      const valid = (r: GeneratedRequest) => !requestViolation(list, r, validators);
      const deadline = Date.now() + Math.min(10_000, ctx.timeLimitMs ?? 10_000);
      request = (
        await sampleBounded(requestArbitrary(ctx.contract, list, { overrides }), { seed: 1, count: 20, deadline, until: valid })
      ).find(valid);
    } catch (error) {
      if (!(error instanceof RequestPlanError)) throw error;
      return;
    }
  }
  if (!request) return;
  const exchange = await send(listCtx, request).catch(() => undefined);
  if (!exchange) return;
  harvest(ctx.contract, list, exchange, known);
  const fed = names.filter((n) => known.get(n).length > 0);
  if (fed.length > 0)
    outcome.notes.push(
      `path parameter(s) ${fed.join(', ')} fed from ${list.key} (${fed.map((n) => known.get(n).length).join(', ')} value(s))`,
    );
}
