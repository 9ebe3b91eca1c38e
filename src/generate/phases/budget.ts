/**
 * The generative phases' time budget per project (GEN_BUDGET_S seconds, per worker process): once spent, further
 * phases of that project are skipped with a reason instead of stretching the run. Time is measured around the
 * phases only, so a slow machine shortens the generative work rather than failing a test.
 */
const DEFAULT_BUDGET_S = 30;
const spent = new Map<string, number>();

export function budgetSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.GEN_BUDGET_S?.trim();
  if (!text) return DEFAULT_BUDGET_S;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`GEN_BUDGET_S must be a positive number of seconds, got '${text}'`);
  return value;
}

/** Requests per operation and phase: GEN_EXAMPLES, default 4. */
export function examplesPerPhase(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.GEN_EXAMPLES?.trim();
  if (!text) return 4;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`GEN_EXAMPLES must be a positive integer, got '${text}'`);
  return value;
}

export interface Budget {
  exhausted(): boolean;
  remainingMs(): number;
  /** Books the time since the budget was taken (or last booked). */
  spend(): void;
  reason(): string;
}

export function budgetFor(project: string): Budget {
  const limitMs = budgetSeconds() * 1000;
  let since = Date.now();
  const used = () => (spent.get(project) ?? 0) + (Date.now() - since);
  return {
    exhausted: () => used() >= limitMs,
    remainingMs: () => Math.max(1, limitMs - used()),
    spend() {
      spent.set(project, used());
      since = Date.now();
    },
    reason: () => `the generative budget of ${project} is spent (GEN_BUDGET_S=${limitMs / 1000} per worker); raise it to run more`,
  };
}
