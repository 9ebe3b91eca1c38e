/**
 * Laws of token lifetimes, token holders and single-use codes, each a function of the
 * implementation under test. Holders run against a fake clock and a fake token endpoint;
 * races are explored with `fc.scheduler()`.
 */
import fc from 'fast-check';
import type { CodeExchange } from '../vendors/common/single-use-code.ts';
import type { HeldToken, TokenSource } from '../vendors/common/token-holder.ts';
import { AnyValueArb } from './arbitraries.ts';

/** Builds the token source under test from a refresh function, a clock and a skew. */
export type TokenSourceFactory = (options: { refresh: () => Promise<HeldToken>; now: () => number; skewMs: number }) => TokenSource;
/** Signature of `needsRefresh`. */
export type NeedsRefreshFn = (nowMs: number, expiresAtMs: number, skewMs: number) => boolean;
/** Signature of `parseLifetime`. */
export type ParseLifetimeFn = (value: unknown) => number | undefined;
/** What single-use-code laws need from a store. */
export interface CodeStoreLike<T> {
  issue(code: string, grant: T): void;
  exchange(code: string): CodeExchange<T>;
}

/** One move of the fake clock before a `get()`. */
export type ClockStep =
  | { readonly kind: 'advance'; readonly ms: number }
  /** Jump to exactly `expiry − skew − before` of the newest token (never backwards). */
  | { readonly kind: 'to-boundary'; readonly before: 0 | 1 };

/** A token-usage scenario: token lifetime, skew, start time and clock moves. */
export interface TokenScenario {
  readonly lifetimeMs: number;
  readonly skewMs: number;
  readonly startMs: number;
  readonly steps: readonly ClockStep[];
}

/** Scenarios for tokens of the given lifetime (s); skew stays below the lifetime so fresh tokens are usable. */
export function tokenScenarioArb(lifetimeSeconds: fc.Arbitrary<number>): fc.Arbitrary<TokenScenario> {
  return lifetimeSeconds
    .map((seconds) => seconds * 1000)
    .chain((lifetimeMs) =>
      fc.record({
        lifetimeMs: fc.constant(lifetimeMs),
        skewMs: fc.oneof(
          fc.constant(0),
          fc.integer({ min: 0, max: Math.min(lifetimeMs - 1, 120_000) }),
          fc.integer({ min: 0, max: lifetimeMs - 1 }),
        ),
        startMs: fc.integer({ min: 0, max: 2_000_000_000_000 }),
        steps: fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.nat({ max: 1000 }), fc.nat({ max: lifetimeMs * 2 })) }),
            fc.record({ kind: fc.constant('to-boundary' as const), before: fc.constantFrom(0 as const, 1 as const) }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
      }),
    );
}

/** A fake token endpoint on a fake clock: token `t<n>` expires `lifetimeMs` after it is issued. */
class FakeIssuer {
  now: number;
  readonly issued = new Map<string, number>();
  constructor(
    start: number,
    readonly lifetimeMs: number,
  ) {
    this.now = start;
  }
  get newest(): string | undefined {
    return [...this.issued.keys()].at(-1);
  }
  readonly refresh = async (): Promise<HeldToken> => {
    const token = { value: `t${this.issued.size + 1}`, expiresAtMs: this.now + this.lifetimeMs };
    this.issued.set(token.value, token.expiresAtMs);
    return token;
  };
  move(step: ClockStep, skewMs: number): void {
    if (step.kind === 'advance') this.now += step.ms;
    else {
      const newest = this.newest;
      if (newest !== undefined) this.now = Math.max(this.now, this.issued.get(newest)! - skewMs - step.before);
    }
  }
}

/** Law: a token is never handed out at or after its expiry minus skew. */
export function neverHandsOutExpiredToken(factory: TokenSourceFactory, lifetimeSeconds: fc.Arbitrary<number>) {
  return fc.asyncProperty(tokenScenarioArb(lifetimeSeconds), async ({ lifetimeMs, skewMs, startMs, steps }) => {
    const issuer = new FakeIssuer(startMs, lifetimeMs);
    const source = factory({ refresh: issuer.refresh, now: () => issuer.now, skewMs });
    for (const step of steps) {
      issuer.move(step, skewMs);
      const value = await source.get();
      const expiry = issuer.issued.get(value);
      if (expiry === undefined || !(issuer.now < expiry - skewMs)) return false;
    }
    return true;
  });
}

/**
 * Law: refreshes are monotonic and only happen when needed. A usable token is reused; an
 * unusable one is replaced by exactly one new token; the newest token is the one handed out.
 */
export function refreshesOnlyWhenNeeded(factory: TokenSourceFactory, lifetimeSeconds: fc.Arbitrary<number>) {
  return fc.asyncProperty(tokenScenarioArb(lifetimeSeconds), async ({ lifetimeMs, skewMs, startMs, steps }) => {
    const issuer = new FakeIssuer(startMs, lifetimeMs);
    const source = factory({ refresh: issuer.refresh, now: () => issuer.now, skewMs });
    let expectedRefreshes = 0;
    let modelExpiry = Number.NEGATIVE_INFINITY;
    for (const step of steps) {
      issuer.move(step, skewMs);
      if (!(issuer.now < modelExpiry - skewMs)) {
        expectedRefreshes += 1;
        modelExpiry = issuer.now + lifetimeMs;
      }
      const value = await source.get();
      if (issuer.issued.size !== expectedRefreshes || value !== issuer.newest) return false;
    }
    return true;
  });
}

/**
 * Law: many callers finding the token missing or expired at once cause exactly one refresh,
 * and all get its token. Tokens live `lifetimeSeconds` (the vendor's lifetime, which a vendor
 * holder may read from its own response rather than from the fake endpoint).
 */
export function concurrentCallersRefreshOnce(factory: TokenSourceFactory, lifetimeSeconds = 3600) {
  return fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 8 }), fc.boolean(), async (s, callers, warm) => {
    const lifetimeMs = lifetimeSeconds * 1000;
    let now = 1_000_000;
    let refreshes = 0;
    const refresh = (): Promise<HeldToken> => {
      refreshes += 1;
      return s.schedule(Promise.resolve({ value: `t${refreshes}`, expiresAtMs: now + lifetimeMs }), `refresh #${refreshes}`);
    };
    const source = factory({ refresh, now: () => now, skewMs: 1000 });
    if (warm) {
      const first = source.get();
      await s.waitIdle();
      await first;
      now += lifetimeMs; // the cached token is now expired
    }
    const before = refreshes;
    const results = Array.from({ length: callers }, (_, i) => s.schedule(Promise.resolve(i), `caller ${i}`).then(() => source.get()));
    await s.waitIdle();
    const values = await Promise.all(results);
    return refreshes - before === 1 && values.every((v) => v === `t${refreshes}`);
  });
}

/** Law: a token that never expires (Sikka's refresh token) never needs refreshing, however long after issue and whatever the skew. */
export function neverExpiringTokenNeverNeedsRefresh(expiresAtOf: (issuedAtMs: number) => number, needsRefresh: NeedsRefreshFn) {
  return fc.property(
    fc.integer({ min: 0, max: 2_000_000_000_000 }),
    fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e300, noNaN: true })),
    fc.oneof(fc.nat({ max: 600_000 }), fc.double({ min: 0, max: 1e300, noNaN: true })),
    (issuedAt, elapsed, skew) => !needsRefresh(issuedAt + elapsed, expiresAtOf(issuedAt), skew),
  );
}

/** Law: a token is usable one millisecond before expiry minus skew, and not at that instant or later. */
export function usableStrictlyBeforeExpiryMinusSkew(needsRefresh: NeedsRefreshFn) {
  return fc.property(
    fc.integer({ min: 0, max: 2_000_000_000_000 }),
    fc.integer({ min: 1, max: 400_000_000 }),
    fc.nat({ max: 600_000 }),
    fc.nat({ max: 1_000_000 }),
    (issuedAt, lifetimeMs, skew, after) => {
      const expiry = issuedAt + lifetimeMs;
      return (
        !needsRefresh(expiry - skew - 1, expiry, skew) &&
        needsRefresh(expiry - skew, expiry, skew) &&
        needsRefresh(expiry - skew + after, expiry, skew)
      );
    },
  );
}

/** Law: each issued code is exchanged successfully exactly once (the first time, for its grant); later and unknown exchanges are refused. */
export function codesAreSingleUse(makeStore: () => CodeStoreLike<number>) {
  return fc.property(
    fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 6 }),
    fc.array(fc.oneof(fc.nat(), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 30 }),
    (codes, attempts) => {
      const store = makeStore();
      codes.forEach((code, grant) => store.issue(code, grant));
      const used = new Set<string>();
      for (const attempt of attempts) {
        const code = typeof attempt === 'number' ? codes[attempt % codes.length] : attempt;
        const result = store.exchange(code);
        const grant = codes.indexOf(code);
        const shouldSucceed = grant >= 0 && !used.has(code);
        if (result.ok !== shouldSucceed || (result.ok && result.grant !== grant)) return false;
        if (grant >= 0) used.add(code);
      }
      return true;
    },
  );
}

/** The lifetime forms the vendor documents, with their meaning in seconds. */
export const DOCUMENTED_LIFETIMES: readonly (readonly [string | number, number])[] = [
  ['86400', 86_400],
  [86_400, 86_400],
  ['24 hours', 86_400],
  ['48 hours', 172_800],
  ['1 hour', 3_600],
  ['30 minutes', 1_800],
  ['172800', 172_800],
  [172_800, 172_800],
];

const UNITS = [
  ['second', 1],
  ['minute', 60],
  ['hour', 3_600],
  ['day', 86_400],
] as const;

/** A lifetime written in any supported form, with its meaning in seconds. */
export const LifetimeTextArb: fc.Arbitrary<readonly [string | number, number]> = fc.oneof(
  fc.constantFrom(...DOCUMENTED_LIFETIMES),
  fc.nat({ max: 10_000_000 }).map((n) => [n, n] as const),
  fc.tuple(fc.nat({ max: 10_000_000 }), fc.constantFrom('', ' ', '\t')).map(([n, pad]) => [`${pad}${n}${pad}`, n] as const),
  fc
    .tuple(fc.nat({ max: 100_000 }), fc.constantFrom(...UNITS), fc.boolean(), fc.boolean(), fc.constantFrom('', ' ', '  '))
    .map(([n, [unit, seconds], plural, upper, space]) => {
      const word = `${unit}${plural ? 's' : ''}`;
      return [`${n}${space}${upper ? word.toUpperCase() : word}`, n * seconds] as const;
    }),
);

/** Law: every documented lifetime form parses to its number of seconds. */
export function lifetimesParse(parse: ParseLifetimeFn) {
  return fc.property(LifetimeTextArb, ([text, seconds]) => parse(text) === seconds);
}

/** Law: lifetime parsing is total: any value gives undefined or a non-negative whole number of seconds, never an exception. */
export function lifetimeParsingIsTotal(parse: ParseLifetimeFn) {
  return fc.property(fc.oneof(AnyValueArb, fc.string(), fc.double()), (value) => {
    const seconds = parse(value);
    return seconds === undefined || (Number.isSafeInteger(seconds) && seconds >= 0);
  });
}
