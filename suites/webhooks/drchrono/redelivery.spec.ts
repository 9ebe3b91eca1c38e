/**
 * Laws of drchrono's redelivery as the suite plays it (src/vendors/drchrono/redelivery-plan.ts), against the contract's
 * `x-vendor-rules.webhookDelivery` (drchrono API documentation, Webhooks › Webhooks delivery mechanism).
 * The schedule helpers' own laws live in suites/properties/drchrono/redelivery.spec.ts; these are about the
 * requests the suite sends.
 */
import fc from 'fast-check';
import { expect, test } from '../../../fixtures/index.ts';
import { HttpStatusArb } from '../../../src/properties/arbitraries.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import { EventTimeArb } from '../../../src/vendors/drchrono/redelivery-laws.ts';
import { vendorContract, vendorRule } from '../../../src/properties/vendor-contract.ts';
import { isDelivered } from '../../../src/vendors/drchrono/redelivery.ts';
import { payloadArbitrary } from '../../../src/webhooks/payloads.ts';
import { redeliveryOf, redeliveryPlan } from '../../../src/vendors/drchrono/redelivery-plan.ts';
import { headerExamples, webhookOperation } from '../../../src/webhooks/rules.ts';
import { DRCHRONO_OPERATIONS, drchronoDelivery } from '../../../src/vendors/drchrono/webhook-traffic.ts';

const PURE = { kind: 'pure', numRuns: 300 } as const;
const contract = await vendorContract('drchrono');
const webhook = webhookOperation(contract, DRCHRONO_OPERATIONS.delivery);
const retryAfterMs = (vendorRule(contract, 'webhookDelivery', 'retryAfterSeconds') as number[]).map((s) => s * 1000);

/** Genuine drchrono deliveries: any documented event, a generated body, any secret and delivery id. */
const DeliveryArb = fc
  .record({
    url: fc.constant('https://receiver.example/drchrono'),
    secret: fc.stringMatching(/^[0-9a-f]{40}$/),
    event: fc.constantFrom(...headerExamples(webhook, 'X-drchrono-event').map(String)),
    deliveryId: fc.stringMatching(/^[0-9]{1,12}$/),
    payload: payloadArbitrary(contract, webhook),
  })
  .map(drchronoDelivery);

/** What the receiver answered each attempt: a status, or nothing (a time-out). */
const AnswersArb = fc.array(fc.option(fc.oneof(HttpStatusArb, fc.constantFrom(200, 204, 302, 500)), { nil: undefined }), { maxLength: 6 });

test.describe('drchrono redelivery as the suite plays it @webhook', () => {
  test('every attempt of a hook is the same request: same X-drchrono-delivery, event, signature and body', async () => {
    await checkProperty(
      fc.property(DeliveryArb, EventTimeArb, AnswersArb, (delivery, event, answers) =>
        redeliveryPlan(delivery, event, answers).every((attempt) => JSON.stringify(attempt.request) === JSON.stringify(delivery)),
      ),
      PURE,
    );
  });

  test("attempts come at the event and then at the contract's retryAfterSeconds after it, and stop at the first 2xx or after the last automatic redelivery", async () => {
    expect(retryAfterMs).toEqual([3_600_000, 10_800_000, 25_200_000]);
    await checkProperty(
      fc.property(EventTimeArb, AnswersArb, (event, answers) => {
        const plan = redeliveryPlan({ method: 'POST', url: 'https://receiver.example/', headers: {} }, event, answers);
        const firstAcknowledged = answers.findIndex((status) => isDelivered(status));
        const expectedCount = firstAcknowledged >= 0 ? firstAcknowledged + 1 : Math.min(answers.length + 1, 1 + retryAfterMs.length);
        const expectedTimes = [event, ...retryAfterMs.map((offset) => event + offset)].slice(0, expectedCount);
        return JSON.stringify(plan.map((a) => a.atMs)) === JSON.stringify(expectedTimes) && plan.every((a, i) => a.attempt === i + 1);
      }),
      PURE,
    );
  });

  test('the redelivery the receiver suite sends is attempt 2, one hour after the event, identical to the first delivery', async () => {
    await checkProperty(
      fc.property(DeliveryArb, EventTimeArb, (delivery, event) => {
        const again = redeliveryOf(delivery, event);
        return again.attempt === 2 && again.atMs === event + retryAfterMs[0] && JSON.stringify(again.request) === JSON.stringify(delivery);
      }),
      PURE,
    );
  });
});
