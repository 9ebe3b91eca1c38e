/** drchrono token laws (drchrono API documentation, "Step 3: Token exchange", "Refreshing an access token"). */
import { expect, test } from '../../../fixtures/index.ts';
import fc from 'fast-check';
import { checkProperty } from '../../../src/properties/fc.ts';
import {
  codesAreSingleUse,
  concurrentCallersRefreshOnce,
  lifetimesParse,
  neverHandsOutExpiredToken,
  refreshesOnlyWhenNeeded,
  type TokenSourceFactory,
} from '../../../src/properties/tokens.ts';
import { parseLifetime } from '../../../src/vendors/common/lifetime.ts';
import { TokenHolder } from '../../../src/vendors/common/token-holder.ts';
import {
  DRCHRONO_ACCESS_TOKEN,
  accessTokenExpiresAt,
  authorizationCodeStore,
  readAccessTokenLifetime,
} from '../../../src/vendors/drchrono/tokens.ts';

const PURE = { kind: 'pure' } as const;
const holder: TokenSourceFactory = (options) => new TokenHolder(options);
const ACCESS_TOKEN_LIFETIME = fc.constant(DRCHRONO_ACCESS_TOKEN.lifetimeSeconds);

test.describe('drchrono tokens @tokens', () => {
  test('the access token lives 48 hours = 172800 s', () => {
    expect(parseLifetime(DRCHRONO_ACCESS_TOKEN.lifetime)).toBe(172_800);
    expect(readAccessTokenLifetime(172_800)).toEqual({ seconds: 172_800 });
    expect(readAccessTokenLifetime(3600).problem).toContain('48 hours');
    expect(accessTokenExpiresAt(1_000, 172_800)).toBe(1_000 + 172_800_000);
  });

  test('every documented lifetime form parses to its seconds', async () => {
    await checkProperty(lifetimesParse(parseLifetime), PURE);
  });

  test('an authorization code is exchanged once: the first exchange succeeds, every later one is refused', async () => {
    await checkProperty(
      codesAreSingleUse(() => authorizationCodeStore<number>()),
      PURE,
    );
  });

  test('a code past its maximum age is refused', () => {
    let now = 0;
    const store = authorizationCodeStore<string>({ now: () => now, maxAgeMs: 1000 });
    store.issue('abc', 'grant');
    now = 1001;
    expect(store.exchange('abc')).toEqual({ ok: false, reason: 'expired' });
    expect(store.exchange('abc')).toEqual({ ok: false, reason: 'already-used' });
  });

  test('the access-token holder never hands out a token at or past expiry minus skew', async () => {
    await checkProperty(neverHandsOutExpiredToken(holder, ACCESS_TOKEN_LIFETIME), PURE);
  });

  test('the access-token holder also holds for short lifetimes', async () => {
    await checkProperty(neverHandsOutExpiredToken(holder, fc.integer({ min: 1, max: 600 })), PURE);
  });

  test('the access-token holder refreshes only when the token is unusable, and hands out the newest token', async () => {
    await checkProperty(refreshesOnlyWhenNeeded(holder, fc.oneof(ACCESS_TOKEN_LIFETIME, fc.integer({ min: 1, max: 600 }))), PURE);
  });

  test('concurrent callers finding the token missing or expired trigger exactly one refresh', async () => {
    await checkProperty(concurrentCallersRefreshOnce(holder, DRCHRONO_ACCESS_TOKEN.lifetimeSeconds), { kind: 'pure', numRuns: 300 });
  });
});
