/** contracts/hubspot-webhooks.yaml and the HubSpot signature reference implementation agree (x-vendor-rules). */
import { expect, test } from '../../../fixtures/index.ts';
import { vendorContract, namedRule } from '../../../src/properties/vendor-contract.ts';
import { HUBSPOT_V3_MAX_AGE_MS, signV1, signV2, signV3, verifyV1, verifyV2, verifyV3 } from '../../../src/vendors/hubspot/signature.ts';

const contract = await vendorContract('hubspot-webhooks');
type Example = Record<string, string>;

test.describe('HubSpot Webhooks contract agrees with the reference implementation @vendor-rules', () => {
  test('the v1 example signs and verifies to the recorded signature', () => {
    const e = namedRule(contract, 'signatures', 'hubspot-v1')!.example as Example;
    expect(signV1(e.clientSecret, e.body)).toBe(e.signature);
    expect(verifyV1(e.clientSecret, e.body, e.signature).ok).toBe(true);
  });

  test('the v2 example signs and verifies to the recorded signature', () => {
    const e = namedRule(contract, 'signatures', 'hubspot-v2')!.example as Example;
    expect(signV2(e.clientSecret, e.method, e.url, e.body)).toBe(e.signature);
    expect(verifyV2(e.clientSecret, e.method, e.url, e.body, e.signature).ok).toBe(true);
  });

  test('the v3 example signs to the recorded signature and verifies while fresh, with the same maximum age', () => {
    const rule = namedRule(contract, 'signatures', 'hubspot-v3')!;
    const e = rule.example as Example;
    expect(rule.maxAgeMs).toBe(HUBSPOT_V3_MAX_AGE_MS);
    expect(signV3(e.clientSecret, e.method, e.url, e.body, e.timestamp)).toBe(e.signature);
    const verifyAt = (nowMs: number) => verifyV3(e.clientSecret, e.method, e.url, e.body, e.timestamp, e.signature, { nowMs });
    expect(verifyAt(Number(e.timestamp) + HUBSPOT_V3_MAX_AGE_MS).ok).toBe(true);
    expect(verifyAt(Number(e.timestamp) + HUBSPOT_V3_MAX_AGE_MS + 1).reason).toBe('stale-timestamp');
  });
});
