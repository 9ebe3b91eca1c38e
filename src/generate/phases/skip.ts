import type { Operation } from '../../contract/types.ts';
import { mockLimitation } from '../../targets/mock.ts';
import { sandboxWriteSkip } from '../cases.ts';
import { unsendableOperation } from '../unsendable.ts';
import type { PhaseOutcome, PhaseTarget } from './types.ts';

/** Why a phase does not run for this operation on this target, or undefined. */
export function phaseSkipReason(operation: Operation, target: PhaseTarget['kind'], writes: boolean): string | undefined {
  if (operation.skipReason) return operation.skipReason;
  if (operation.kind === 'webhook') return 'a webhook is sent by the vendor, not called';
  const unsendable = unsendableOperation(operation);
  if (unsendable) return unsendable;
  const limitation = target === 'mock' ? mockLimitation(operation) : undefined;
  if (limitation) return limitation;
  return sandboxWriteSkip(operation, target, writes);
}

/** A phase that sent nothing because the guard refused every request: a skip that says why. */
export const refusedReason = (outcome: PhaseOutcome): string | undefined =>
  outcome.sent === 0 && (outcome.refused ?? 0) > 0 ? `nothing was sent: ${outcome.notes.find((n) => n.startsWith('SANDBOX_'))}` : undefined;

/** A phase that sent nothing because the validator refused every generated request. */
export const allDiscardedReason = (outcome: PhaseOutcome): string =>
  `every generated request failed validation (${outcome.discarded} discarded); the generator cannot satisfy this operation's schemas`;
