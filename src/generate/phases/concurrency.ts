import pLimit from 'p-limit';
import type { PhaseContext } from './types.ts';

/** Requests in flight at once: a few against a mock, one at a time against a live target (its throttle decides). */
export function concurrency(ctx: PhaseContext): number {
  return ctx.target.kind === 'mock' ? 8 : 1;
}

/** Runs `work` over every item, at most `limit` at once; rejects with the first error, as the items' own awaits would. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const run = pLimit(Math.max(1, limit));
  await Promise.all(items.map((item) => run(() => work(item))));
}
