import fc from 'fast-check';

/**
 * Draws values one at a time, yielding to the event loop between draws and stopping at the deadline: a schema whose
 * values are slow to draw (deep, recursive, wide) can cost a phase its time, never its worker. Draw `i` uses seed
 * `seed + i`, so the same seed gives the same values.
 */
export async function sampleBounded<T>(
  arbitrary: fc.Arbitrary<T>,
  options: { seed: number; count: number; deadline: number; until?: (value: T) => boolean },
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < options.count && Date.now() < options.deadline; i++) {
    const [value] = fc.sample(arbitrary, { seed: options.seed + i, numRuns: 1 });
    out.push(value);
    if (options.until?.(value)) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}
