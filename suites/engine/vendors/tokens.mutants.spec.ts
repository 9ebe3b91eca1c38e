/** Mutation tests: the token laws catch off-by-one expiry, racing refreshes, reusable codes and misread lifetimes. */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import {
  codesAreSingleUse,
  concurrentCallersRefreshOnce,
  lifetimesParse,
  neverExpiringTokenNeverNeedsRefresh,
  neverHandsOutExpiredToken,
  refreshesOnlyWhenNeeded,
  usableStrictlyBeforeExpiryMinusSkew,
  type CodeStoreLike,
  type TokenSourceFactory,
} from '../../../src/properties/tokens.ts';
import { needsRefresh, parseLifetime } from '../../../src/vendors/common/lifetime.ts';
import type { CodeExchange } from '../../../src/vendors/common/single-use-code.ts';
import { TokenHolder, type HeldToken } from '../../../src/vendors/common/token-holder.ts';
import { expectCaught, expectHolds } from './support.ts';

type HolderOptions = Parameters<TokenSourceFactory>[0];

/** Uses the cached token up to and including expiry minus skew (`>` where `>=` is needed). */
const offByOneHolder: TokenSourceFactory = ({ refresh, now, skewMs }: HolderOptions) => {
  let token: HeldToken | undefined;
  return {
    async get() {
      if (token && !(now() > token.expiresAtMs - skewMs)) return token.value;
      token = await refresh();
      return token.value;
    },
  };
};

/** Refreshes correctly but lets every caller that finds the token stale start its own refresh. */
const racingHolder: TokenSourceFactory = ({ refresh, now, skewMs }: HolderOptions) => {
  let token: HeldToken | undefined;
  return {
    async get() {
      if (token && !needsRefresh(now(), token.expiresAtMs, skewMs)) return token.value;
      token = await refresh();
      return token.value;
    },
  };
};

/** Never reuses anything: a refresh on every call. */
const eagerHolder: TokenSourceFactory = ({ refresh }: HolderOptions) => ({ get: async () => (await refresh()).value });

/** Marks codes used only on success, and forgets to check the mark. */
class ReusableCodeStore implements CodeStoreLike<number> {
  readonly #codes = new Map<string, number>();
  issue(code: string, grant: number): void {
    this.#codes.set(code, grant);
  }
  exchange(code: string): CodeExchange<number> {
    const grant = this.#codes.get(code);
    return grant === undefined ? { ok: false, reason: 'unknown-code' } : { ok: true, grant };
  }
}

test.describe('token laws catch planted bugs', () => {
  test('a holder that uses a token at exactly expiry minus skew is caught', async () => {
    const [scenario] = await expectCaught(neverHandsOutExpiredToken(offByOneHolder, fc.constant(86_400)));
    expect(scenario.steps.some((step) => step.kind === 'to-boundary')).toBe(true);
  });

  test('needsRefresh with > instead of >= is caught at the boundary', async () => {
    await expectCaught(usableStrictlyBeforeExpiryMinusSkew((now, expiry, skew) => now > expiry - skew));
  });

  test('a holder without single flight refreshes once per concurrent caller, and the scheduler finds it', async () => {
    await expectHolds(
      concurrentCallersRefreshOnce((options) => new TokenHolder(options)),
      100,
    );
    const [scheduler] = await expectCaught(concurrentCallersRefreshOnce(racingHolder), 300);
    // The shrunk interleaving shows the second refresh the bug allows.
    expect(fc.stringify(scheduler)).toContain('refresh #2');
  });

  test('a holder that refreshes on every call is caught', async () => {
    await expectCaught(refreshesOnlyWhenNeeded(eagerHolder, fc.constant(172_800)));
  });

  test('a reusable authorization code is caught', async () => {
    await expectCaught(codesAreSingleUse(() => new ReusableCodeStore()));
  });

  test('a parser that reads "24 hours" as 24 s is caught', async () => {
    const unitless = (value: unknown) => (typeof value === 'string' ? parseLifetime(value.replace(/\D+$/, '')) : parseLifetime(value));
    await expectCaught(lifetimesParse(unitless));
  });

  test("a refresh token given the request_key's 24 h lifetime is caught", async () => {
    await expectCaught(neverExpiringTokenNeverNeedsRefresh((issuedAt) => issuedAt + 86_400_000, needsRefresh));
  });
});
