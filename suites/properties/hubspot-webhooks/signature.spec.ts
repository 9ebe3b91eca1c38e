/** HubSpot webhook signature laws (HubSpot Webhooks API; signature versions as HubSpot's Node SDK `@hubspot/api-client` implements them). */
import { expect, test } from '../../../fixtures/index.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import {
  V3_NOW_MS,
  hubspotDecisionsRouteThroughCompare,
  hubspotVerifiersNeverThrow,
  v1MatchesNodeCrypto,
  v1SignThenVerify,
  v2MatchesNodeCrypto,
  v2SignThenVerify,
  v3MatchesNodeCrypto,
  v3SignThenVerify,
} from '../../../src/properties/signatures.ts';
import {
  HUBSPOT_V3_MAX_AGE_MS,
  HUBSPOT_V3_MAX_FUTURE_MS,
  signV1,
  signV2,
  signV3,
  verifyV1,
  verifyV2,
  verifyV3,
} from '../../../src/vendors/hubspot/signature.ts';

const PURE = { kind: 'pure' } as const;

test.describe('HubSpot webhook signatures @webhook', () => {
  test('v1 is sha256_hex(secret + body), v2 sha256_hex(secret + method + url + body), v3 base64(HMAC-SHA256(secret, method + url + body + timestamp))', async () => {
    await checkProperty(v1MatchesNodeCrypto(signV1), PURE);
    await checkProperty(v2MatchesNodeCrypto(signV2), PURE);
    await checkProperty(v3MatchesNodeCrypto(signV3), PURE);
  });

  test('v1: sign-then-verify accepts for any Unicode secret and body; any one-byte change is rejected', async () => {
    await checkProperty(v1SignThenVerify(signV1, verifyV1), PURE);
  });

  test('v2: sign-then-verify accepts for any Unicode secret, URL and body; any one-byte change to secret, method, URL or body is rejected', async () => {
    await checkProperty(v2SignThenVerify(signV2, verifyV2), PURE);
  });

  test('v3: accepted exactly when at most 300000 ms old and at most 60000 ms ahead; any one-byte or timestamp change is rejected', async () => {
    await checkProperty(v3SignThenVerify(signV3, verifyV3), PURE);
  });

  test('v3 boundaries: exactly 300000 ms old is accepted, 300001 ms is stale; exactly 60000 ms ahead is accepted, 60001 ms is in the future', () => {
    expect([HUBSPOT_V3_MAX_AGE_MS, HUBSPOT_V3_MAX_FUTURE_MS]).toEqual([300_000, 60_000]);
    const at = (age: number) => {
      const ts = V3_NOW_MS - age;
      return verifyV3(
        'secret',
        'POST',
        'https://example.com/hook',
        '{}',
        String(ts),
        signV3('secret', 'POST', 'https://example.com/hook', '{}', ts),
        { nowMs: V3_NOW_MS },
      );
    };
    expect(at(300_000)).toEqual({ ok: true, reason: 'verified' });
    expect(at(300_001)).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(at(-60_000)).toEqual({ ok: true, reason: 'verified' });
    expect(at(-60_001)).toEqual({ ok: false, reason: 'future-timestamp' });
  });

  test('verifiers never throw on garbage (undefined, numbers, non-hex, empty, any value) and refuse it', async () => {
    await checkProperty(hubspotVerifiersNeverThrow(verifyV1, verifyV2, verifyV3), PURE);
  });

  test("every v1/v2/v3 decision is the constant-time compare's answer on the expected and received signature", async () => {
    await checkProperty(hubspotDecisionsRouteThroughCompare(verifyV1, verifyV2, verifyV3), PURE);
  });
});
