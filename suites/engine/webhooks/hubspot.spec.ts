/** The webhook checks against HubSpot reference receivers: faithful passes, each wrong receiver is caught by its rule. */
import { expect, test } from '@playwright/test';
import type { Violation } from '../../../src/core/violation.ts';
import { HUBSPOT_V3_MAX_AGE_MS } from '../../../src/vendors/hubspot/signature.ts';
import { exerciseWebhook } from '../../../src/webhooks/exercise.ts';
import { examplePayloads } from '../../../src/webhooks/payloads.ts';
import { webhookOperation } from '../../../src/webhooks/rules.ts';
import type { ForgeryKind } from '../../../src/webhooks/types.ts';
import { HUBSPOT_VERSIONS, type HubSpotVersion } from '../../../src/vendors/hubspot/versions.ts';
import { HUBSPOT_OPERATION, hubspotDelivery, hubspotForgeries } from '../../../src/vendors/hubspot/webhook-traffic.ts';
import { contracts, expectCaught, withReceiver, type TestReceiver } from './support.ts';

const contract = contracts['hubspot-webhooks'];
const webhook = webhookOperation(contract, HUBSPOT_OPERATION);
const body = JSON.stringify(examplePayloads(webhook)[0].value);
const V3_SECTION = 'Signature.isValid (signature version v3, MAX_ALLOWED_TIMESTAMP)';

const deliver = async (receiver: TestReceiver, versions: readonly HubSpotVersion[], timestampMs = Date.now()): Promise<Violation[]> =>
  (
    await exerciseWebhook(
      { contract, webhook, expectation: { kind: 'delivery' } },
      hubspotDelivery({ url: receiver.url, secret: receiver.secret, body, timestampMs }, versions),
    )
  ).violations;

const forgeries = async (receiver: TestReceiver, version: HubSpotVersion): Promise<Violation[]> => {
  const found: Violation[] = [];
  for (const forged of hubspotForgeries({ url: receiver.url, secret: receiver.secret, body }, version, Date.now())) {
    found.push(
      ...(await exerciseWebhook({ contract, webhook, expectation: { kind: 'forgery', forgery: forged.forgery } }, forged.request))
        .violations,
    );
  }
  return found;
};

const V3_FORGERIES: ForgeryKind[] = [
  'forged-signature',
  'missing-signature',
  'tampered-body',
  'tampered-url',
  'tampered-method',
  'tampered-timestamp',
  'stale-timestamp',
];

test.describe('HubSpot webhook checks against the reference receivers', () => {
  test('the faithful receiver declaring v1, v2 and v3 acknowledges every genuine delivery and refuses every forgery of every version', () =>
    withReceiver('hubspot-webhooks', { versions: ['v1', 'v2', 'v3'] }, async (receiver) => {
      expect(await deliver(receiver, ['v3', 'v1'])).toEqual([]);
      expect(await deliver(receiver, ['v3', 'v2'])).toEqual([]);
      for (const version of HUBSPOT_VERSIONS) {
        expect(await deliver(receiver, [version]), version).toEqual([]);
        expect(await forgeries(receiver, version), version).toEqual([]);
      }
      expect(await deliver(receiver, ['v3'], Date.now() - (HUBSPOT_V3_MAX_AGE_MS - 60_000))).toEqual([]);
    }));

  test('the faithful v3-only receiver judges by v3 and refuses a request that carries only a legacy signature', () =>
    withReceiver('hubspot-webhooks', {}, async (receiver) => {
      expect(await deliver(receiver, ['v3', 'v1'])).toEqual([]);
      expect(await forgeries(receiver, 'v3')).toEqual([]);
      const legacyOnly = await deliver(receiver, ['v1']);
      expect(legacyOnly.map((v) => v.rule)).toEqual(['delivery-not-acknowledged']);
    }));

  test('the v3 window is inclusive at 5 minutes: a timestamp exactly 300 000 ms old is acknowledged, 300 001 ms is refused', async () => {
    const nowMs = Date.now();
    await withReceiver('hubspot-webhooks', { clock: () => nowMs }, async (receiver) => {
      expect(await deliver(receiver, ['v3'], nowMs - HUBSPOT_V3_MAX_AGE_MS)).toEqual([]);
      expect((await deliver(receiver, ['v3'], nowMs - HUBSPOT_V3_MAX_AGE_MS - 1)).map((v) => v.rule)).toEqual([
        'delivery-not-acknowledged',
      ]);
    });
  });

  test("fault accepts-forged-signature: forgeryRejected reports every v3 forgery as <kind>-accepted, naming the v3 rule's section", () =>
    withReceiver('hubspot-webhooks', { fault: 'accepts-forged-signature' }, async (receiver) => {
      const violations = await forgeries(receiver, 'v3');
      expect(violations).toHaveLength(V3_FORGERIES.length);
      for (const kind of V3_FORGERIES) expectCaught(violations, 'forgeryRejected', `${kind}-accepted`, V3_SECTION);
    }));

  test('fault accepts-stale-timestamp: only stale-timestamp-accepted is reported; every other forgery is still refused', () =>
    withReceiver('hubspot-webhooks', { fault: 'accepts-stale-timestamp' }, async (receiver) => {
      const violations = await forgeries(receiver, 'v3');
      expect(violations).toHaveLength(1);
      const text = expectCaught(violations, 'forgeryRejected', 'stale-timestamp-accepted', V3_SECTION);
      expect(text).toContain('X-HubSpot-Request-Timestamp is 360 s old (the limit is 300 s)');
    }));
});
