/** Sikka request_key and refresh token laws (Sikka APIs (Postman documentation), "Step 3 - Token( request_key ) Issuing", "Step 5 : Fetching and displaying data"). */
import { expect, test } from '../../../fixtures/index.ts';
import fc from 'fast-check';
import { checkProperty } from '../../../src/properties/fc.ts';
import {
  concurrentCallersRefreshOnce,
  lifetimeParsingIsTotal,
  lifetimesParse,
  neverExpiringTokenNeverNeedsRefresh,
  neverHandsOutExpiredToken,
  refreshesOnlyWhenNeeded,
  usableStrictlyBeforeExpiryMinusSkew,
  type TokenSourceFactory,
} from '../../../src/properties/tokens.ts';
import { needsRefresh, parseLifetime } from '../../../src/vendors/common/lifetime.ts';
import {
  SIKKA_REQUEST_KEY,
  readRequestKeyLifetime,
  refreshTokenExpiresAt,
  requestKeyHolder,
} from '../../../src/vendors/sikka/request-key.ts';

const PURE = { kind: 'pure' } as const;
const REQUEST_KEY_LIFETIME = fc.constant(SIKKA_REQUEST_KEY.lifetimeSeconds);

/** The request_key holder, fed by a fake /v2/start or /v2/token that writes expires_in either way the document does. */
const sikkaHolder: TokenSourceFactory = ({ refresh, now, skewMs }) => {
  let calls = 0;
  return requestKeyHolder(
    async () => {
      const token = await refresh();
      calls += 1;
      const forms = Object.values(SIKKA_REQUEST_KEY.writtenAs);
      return { request_key: token.value, expires_in: forms[calls % forms.length] };
    },
    { now, skewMs },
  );
};

test.describe('Sikka request_key @tokens', () => {
  test('the request_key lives 86400 s, written "86400" by /v2/token and "24 hours" by /v2/start', () => {
    for (const written of Object.values(SIKKA_REQUEST_KEY.writtenAs)) expect(readRequestKeyLifetime(written)).toEqual({ seconds: 86_400 });
    expect(readRequestKeyLifetime(undefined).problem).toContain('assuming');
  });

  test('every documented lifetime form parses to its seconds', async () => {
    await checkProperty(lifetimesParse(parseLifetime), PURE);
  });

  test('lifetime parsing is total and yields whole non-negative seconds or nothing', async () => {
    await checkProperty(lifetimeParsingIsTotal(parseLifetime), PURE);
  });

  test('a token is usable strictly before expiry minus skew and never from that instant on', async () => {
    await checkProperty(usableStrictlyBeforeExpiryMinusSkew(needsRefresh), PURE);
  });

  test('the request_key holder never hands out a key at or past expiry minus skew', async () => {
    await checkProperty(neverHandsOutExpiredToken(sikkaHolder, REQUEST_KEY_LIFETIME), PURE);
  });

  test('the request_key holder refreshes only when the key is unusable, and hands out the newest key', async () => {
    await checkProperty(refreshesOnlyWhenNeeded(sikkaHolder, REQUEST_KEY_LIFETIME), PURE);
  });

  test('concurrent callers finding the key missing or expired trigger exactly one refresh', async () => {
    await checkProperty(concurrentCallersRefreshOnce(sikkaHolder, SIKKA_REQUEST_KEY.lifetimeSeconds), { kind: 'pure', numRuns: 300 });
  });

  test('the refresh token never expires by itself', async () => {
    await checkProperty(neverExpiringTokenNeverNeedsRefresh(refreshTokenExpiresAt, needsRefresh), PURE);
  });
});
