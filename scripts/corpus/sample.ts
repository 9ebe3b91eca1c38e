// The sandboxes' seeded generator (mulberry32): a sample is reproducible from its seed alone.
import { seededRandom } from '../../fixtures/sandboxes/sandbox.ts';
import type { DocumentFacts } from './source.ts';

/**
 * A seeded, stratified sample: documents grouped by format (Swagger 2.0 / OpenAPI 3.0 / 3.1 / converted from other
 * formats), size (small / large) and security kind, each stratum given its share of the sample (at least one
 * document while the sample is large enough), drawn in a seeded order. The same seed over the same source gives the
 * same documents in the same order.
 */

/** A document with this many operations or more, or this many bytes, is large. */
export const LARGE_OPERATIONS = 50;
export const LARGE_BYTES = 200_000;

export const sizeOf = (facts: Pick<DocumentFacts, 'operations' | 'bytes'>): 'small' | 'large' =>
  facts.operations >= LARGE_OPERATIONS || facts.bytes >= LARGE_BYTES ? 'large' : 'small';

export const stratumOf = (facts: DocumentFacts): string => `${facts.format} · ${sizeOf(facts)} · ${facts.security}`;

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * `count` documents (all when `count` is undefined or at least the population), by largest-remainder proportional
 * allocation over the strata with one document per stratum first while the sample allows it.
 */
export function stratifiedSample(population: DocumentFacts[], count: number | undefined, seed: number): DocumentFacts[] {
  const random = seededRandom(seed);
  const strata = new Map<string, DocumentFacts[]>();
  for (const facts of [...population].sort((a, b) => a.id.localeCompare(b.id))) {
    const key = stratumOf(facts);
    strata.set(key, [...(strata.get(key) ?? []), facts]);
  }
  const keys = [...strata.keys()].sort();
  const pools = new Map(keys.map((k) => [k, shuffled(strata.get(k)!, random)]));
  if (count === undefined || count >= population.length)
    return interleave(
      keys.map((k) => pools.get(k)!),
      random,
    );
  const quota = new Map(keys.map((k) => [k, 0]));
  let left = count;
  // One per stratum first (largest strata first), so that rare shapes are not left out of a small sample.
  for (const key of [...keys].sort((a, b) => strata.get(b)!.length - strata.get(a)!.length)) {
    if (left === 0) break;
    quota.set(key, 1);
    left--;
  }
  const shares = keys.map((k) => ({ key: k, exact: (left * strata.get(k)!.length) / population.length }));
  for (const share of shares)
    quota.set(share.key, Math.min(strata.get(share.key)!.length, quota.get(share.key)! + Math.floor(share.exact)));
  let given = [...quota.values()].reduce((a, b) => a + b, 0);
  for (const share of [...shares].sort((a, b) => (b.exact % 1) - (a.exact % 1) || a.key.localeCompare(b.key))) {
    if (given >= count) break;
    if (quota.get(share.key)! < strata.get(share.key)!.length) {
      quota.set(share.key, quota.get(share.key)! + 1);
      given++;
    }
  }
  // Still short (small strata full): fill from the largest remaining pools.
  for (const key of [...keys].sort((a, b) => strata.get(b)!.length - strata.get(a)!.length)) {
    while (given < count && quota.get(key)! < strata.get(key)!.length) {
      quota.set(key, quota.get(key)! + 1);
      given++;
    }
  }
  return interleave(
    keys.map((k) => pools.get(k)!.slice(0, quota.get(k))),
    random,
  );
}

/** The strata's draws in one seeded order, so that an interrupted sweep has covered every stratum evenly. */
function interleave(groups: DocumentFacts[][], random: () => number): DocumentFacts[] {
  const tagged = groups.flatMap((group) => group.map((facts, i) => ({ facts, rank: (i + random()) / group.length })));
  return tagged.sort((a, b) => a.rank - b.rank).map((t) => t.facts);
}
