import type { budgetFor } from './budget.ts';
import type { PhaseContext } from './types.ts';

export interface PhaseClock {
  remainingMs(): number;
  expired(): boolean;
}

/** The time left for this phase: the project's budget, capped by the phase's own limit from when it started. */
export function clock(ctx: PhaseContext, budget: ReturnType<typeof budgetFor>): PhaseClock {
  const started = Date.now();
  const own = () => (ctx.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : ctx.timeLimitMs - (Date.now() - started));
  return {
    remainingMs: () => Math.max(1, Math.min(budget.remainingMs(), own())),
    expired: () => budget.exhausted() || own() <= 0,
  };
}
