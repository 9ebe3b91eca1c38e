/**
 * How long an engine self-test may take before it is called hung. A self-test proves behaviour, never speed
 * (speed is `npm run bench`'s job), so this is a guard against a run that never ends, far above what any
 * self-test needs even on a loaded 2-core machine. `ENGINE_PATIENCE_S` overrides it.
 */
export const PATIENCE_MS = (Number(process.env.ENGINE_PATIENCE_S) > 0 ? Number(process.env.ENGINE_PATIENCE_S) : 20 * 60) * 1000;

/** A test's own time-out: the patience of the nested runs it starts, plus room for its own work. */
export const testPatience = (nestedRuns = 1): number => PATIENCE_MS * Math.max(1, nestedRuns) + 60_000;
