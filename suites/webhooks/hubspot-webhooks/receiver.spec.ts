/**
 * HubSpot webhook receiver conformance: the suite plays HubSpot against the app's target URL (the reference receiver,
 * or HUBSPOT_WEBHOOK_RECEIVER_URL with HUBSPOT_CLIENT_SECRET; HUBSPOT_WEBHOOK_VERSIONS declares the signature
 * versions it verifies, v3 by default). Source: contracts/hubspot-webhooks.yaml, `webhooks.targetUrl` and
 * `x-vendor-rules.signatures` hubspot-v1/v2/v3.
 */
import { vendorContract } from '../../../src/properties/vendor-contract.ts';
import { HUBSPOT_V3_MAX_AGE_MS } from '../../../src/vendors/hubspot/signature.ts';
import { examplePayloads, payloadArbitrary } from '../../../src/webhooks/payloads.ts';
import { everyGenuineDeliveryAcknowledged } from '../../../src/webhooks/properties.ts';
import { signatureRule, webhookOperation } from '../../../src/webhooks/rules.ts';
import { HUBSPOT_VERSIONS, type HubSpotVersion } from '../../../src/vendors/hubspot/versions.ts';
import {
  HUBSPOT_COVERS,
  HUBSPOT_OPERATION,
  HUBSPOT_SIGNATURE_RULES,
  hubspotDelivery,
  hubspotForgeries,
} from '../../../src/vendors/hubspot/webhook-traffic.ts';
import { expect, test, type ReceiverUnderTest } from '../../../fixtures/index.ts';
import { documented } from '../../../fixtures/documented.ts';

const contract = await vendorContract('hubspot-webhooks');
const webhook = webhookOperation(contract, HUBSPOT_OPERATION);
const examples = documented(examplePayloads(webhook), 'the example batches of the HubSpot webhook');

/** The headers HubSpot sends: v3, plus the legacy signature the receiver declares (v1 unless only v2 is declared). */
const trafficVersions = (receiver: ReceiverUnderTest): HubSpotVersion[] => [
  'v3',
  receiver.signatureVersions.includes('v1') || !receiver.signatureVersions.includes('v2') ? 'v1' : 'v2',
];
const notDeclared = (receiver: ReceiverUnderTest, version: HubSpotVersion) => !receiver.signatureVersions.includes(version);
const skipReason = (version: HubSpotVersion) =>
  `not applicable: the receiver does not declare ${version} (HUBSPOT_WEBHOOK_VERSIONS=${process.env.HUBSPOT_WEBHOOK_VERSIONS ?? '(unset: v3)'})`;

test.describe('HubSpot webhook receiver @webhook', () => {
  for (const example of examples) {
    test(`the contract's batch "${example.name}", signed as HubSpot sends it (v3 and a legacy signature), is acknowledged with a 2xx`, async ({
      receiver,
      webhooks,
    }) => {
      const request = hubspotDelivery(
        { url: receiver.url, secret: receiver.secret, body: JSON.stringify(example.value), timestampMs: Date.now() },
        trafficVersions(receiver),
      );
      const result = await webhooks.exercise(webhook, request, { kind: 'delivery' });
      expect(result).toConform();
    });
  }

  test('generated event batches, signed as HubSpot sends them, are acknowledged with a 2xx', async ({
    receiver,
    webhooks,
    contract: loaded,
  }) => {
    await webhooks.law(webhook, (ctx) =>
      everyGenuineDeliveryAcknowledged(
        payloadArbitrary(loaded, webhook),
        (payload) =>
          hubspotDelivery(
            { url: receiver.url, secret: receiver.secret, body: JSON.stringify(payload), timestampMs: Date.now() },
            trafficVersions(receiver),
          ),
        ctx,
      ),
    );
  });

  for (const version of documented(HUBSPOT_VERSIONS, 'the HubSpot signature versions')) {
    // Tampering with what a version does not sign is undetectable by design: named here, not tested.
    const unsigned = (['url', 'method'] as const).filter((p) => !HUBSPOT_COVERS[version].includes(p));
    const annotation = unsigned.map((part) => ({
      type: 'not applicable',
      description: `a tampered ${part}: ${version} signs ${HUBSPOT_COVERS[version].join(', ')} only (${String(signatureRule(contract, HUBSPOT_SIGNATURE_RULES[version])?.formula)})`,
    }));
    test.describe(`${version} signature`, { annotation }, () => {
      const body = JSON.stringify(examples[0].value);

      test(`a delivery signed with ${version} alone is acknowledged with a 2xx`, async ({ receiver, webhooks }) => {
        test.skip(notDeclared(receiver, version), skipReason(version));
        const result = await webhooks.exercise(
          webhook,
          hubspotDelivery({ url: receiver.url, secret: receiver.secret, body, timestampMs: Date.now() }, [version]),
          { kind: 'delivery' },
        );
        expect(result).toConform();
      });

      if (version === 'v3') {
        test(`a v3 delivery ${(HUBSPOT_V3_MAX_AGE_MS - 60_000) / 60_000} minutes old is still acknowledged (the limit is 5 minutes)`, async ({
          receiver,
          webhooks,
        }) => {
          test.skip(notDeclared(receiver, version), skipReason(version));
          // Four minutes by the receiver's clock, not ours: a receiver whose clock differs from the runner's would
          // otherwise be judged on the skew, and a slow machine would age the delivery between signing and checking.
          const timestampMs = (await webhooks.receiverNow()) - (HUBSPOT_V3_MAX_AGE_MS - 60_000);
          const result = await webhooks.exercise(
            webhook,
            hubspotDelivery({ url: receiver.url, secret: receiver.secret, body, timestampMs }, ['v3']),
            { kind: 'delivery' },
          );
          expect(result).toConform();
        });
      }

      for (const { forgery } of documented(
        hubspotForgeries({ url: 'http://127.0.0.1/', secret: 'x', body }, version, 0),
        `the forgeries of a HubSpot ${version} delivery`,
      )) {
        test(`refused with a non-2xx: ${forgery.description.replace(/\(http:\/\/127\.0\.0\.1\/[^)]*\) /, '')}`, async ({
          receiver,
          webhooks,
        }) => {
          test.skip(notDeclared(receiver, version), skipReason(version));
          const forged = hubspotForgeries({ url: receiver.url, secret: receiver.secret, body }, version, await webhooks.receiverNow()).find(
            (f) => f.forgery.kind === forgery.kind,
          )!;
          const result = await webhooks.exercise(webhook, forged.request, { kind: 'forgery', forgery: forged.forgery });
          expect(result).toConform();
        });
      }
    });
  }
});
