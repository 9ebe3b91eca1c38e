/**
 * drchrono webhook receiver conformance: the suite plays drchrono against the callback URL (the reference receiver,
 * or DRCHRONO_WEBHOOK_RECEIVER_URL with DRCHRONO_WEBHOOK_SECRET). Source: contracts/drchrono.yaml, `webhooks.callback`
 * and `x-vendor-rules.signatures` (drchrono API documentation, Webhooks).
 */
import fc from 'fast-check';
import { vendorContract } from '../../../src/properties/vendor-contract.ts';
import { payloadArbitrary, examplePayloads } from '../../../src/webhooks/payloads.ts';
import { everyGenuineDeliveryAcknowledged } from '../../../src/webhooks/properties.ts';
import { handshakeHoldsForAnyMsg } from '../../../src/vendors/drchrono/handshake-law.ts';
import { redeliveryOf } from '../../../src/vendors/drchrono/redelivery-plan.ts';
import { headerExamples, webhookOperation } from '../../../src/webhooks/rules.ts';
import { newDeliveryId } from '../../../src/webhooks/forge.ts';
import {
  DRCHRONO_OPERATIONS,
  drchronoDelivery,
  drchronoForgeries,
  drchronoVerification,
  type DrchronoDeliveryInput,
} from '../../../src/vendors/drchrono/webhook-traffic.ts';
import { expect, test } from '../../../fixtures/index.ts';
import { documented } from '../../../fixtures/documented.ts';

const contract = await vendorContract('drchrono');
const verification = webhookOperation(contract, DRCHRONO_OPERATIONS.verification);
const delivery = webhookOperation(contract, DRCHRONO_OPERATIONS.delivery);
const events = documented(
  headerExamples(delivery, 'X-drchrono-event').map(String),
  'the X-drchrono-event examples of the delivery webhook',
);
const [example] = documented(examplePayloads(delivery), 'the example payloads of the delivery webhook');
const challenge = String(verification.parameters.find((p) => p.name === 'msg')?.examples[0]?.value ?? 'ping');
// Titles only: the forgeries are rebuilt against the real receiver in each test.
const forgeryKinds = documented(
  drchronoForgeries({ url: 'http://127.0.0.1/', secret: 'x', event: 'PING', deliveryId: '1', payload: {} }).map((f) => f.forgery),
  'the forgeries of a drchrono delivery',
);

const deliveryTo = (url: string, secret: string, event: string, payload: unknown = example.value): DrchronoDeliveryInput => ({
  url,
  secret,
  event,
  deliveryId: newDeliveryId(),
  payload,
});

test.describe('drchrono webhook receiver @webhook', () => {
  test.describe('verification (GET ?msg=)', () => {
    test(`the contract's example challenge "${challenge}" is answered 200 {"secret_token": hex(HMAC-SHA256(secret token, msg))}`, async ({
      receiver,
      webhooks,
    }) => {
      const result = await webhooks.exercise(verification, drchronoVerification(receiver.url, challenge), {
        kind: 'handshake',
        secret: receiver.secret,
        msg: challenge,
      });
      expect(result).toConform();
    });

    test('any challenge (empty, long, URL-special, non-ASCII) is answered with the lower-case hex HMAC-SHA256 of msg', async ({
      receiver,
      webhooks,
    }) => {
      await webhooks.law(verification, (ctx) => handshakeHoldsForAnyMsg(receiver.url, receiver.secret, ctx));
    });
  });

  // No "modified body" forgery: the document gives no way to detect one, so there is nothing to hold a receiver to.
  test.describe(
    'deliveries (POST with X-drchrono-event, X-drchrono-signature, X-drchrono-delivery)',
    {
      annotation: {
        type: 'not applicable',
        description:
          'a modified body: X-drchrono-signature carries the secret token itself, not an HMAC of the request, so the document leaves a modified body undetectable (Webhooks security)',
      },
    },
    () => {
      for (const event of events) {
        test(`${event}: a genuine ${event === 'PING' ? 'ping' : 'delivery'} with the contract's example body is acknowledged with a 2xx`, async ({
          receiver,
          webhooks,
        }) => {
          const result = await webhooks.exercise(delivery, drchronoDelivery(deliveryTo(receiver.url, receiver.secret, event)), {
            kind: 'delivery',
          });
          expect(result).toConform();
        });
      }

      test('generated {receiver, object} bodies for any documented event are acknowledged with a 2xx', async ({
        receiver,
        webhooks,
        contract: loaded,
      }) => {
        const inputs = fc.tuple(fc.constantFrom(...events), payloadArbitrary(loaded, delivery));
        await webhooks.law(delivery, (ctx) =>
          everyGenuineDeliveryAcknowledged(
            inputs,
            ([event, payload]) => drchronoDelivery(deliveryTo(receiver.url, receiver.secret, event, payload)),
            ctx,
          ),
        );
      });

      for (const forgery of forgeryKinds) {
        test(`refused with a non-2xx: ${forgery.description}`, async ({ receiver, webhooks }) => {
          const forged = drchronoForgeries(deliveryTo(receiver.url, receiver.secret, 'PATIENT_MODIFY')).find(
            (f) => f.forgery.kind === forgery.kind,
          )!;
          const result = await webhooks.exercise(delivery, forged.request, { kind: 'forgery', forgery: forged.forgery });
          expect(result).toConform();
        });
      }

      test('advisory: a redelivered delivery id is acknowledged again and processed once', async ({ receiver, webhooks }) => {
        const input = deliveryTo(receiver.url, receiver.secret, 'APPOINTMENT_MODIFY');
        const first = await webhooks.exercise(delivery, drchronoDelivery(input), { kind: 'delivery' });
        expect(first).toConform();
        // drchrono resends the same request when it missed the answer (1 h after the event), or when a user redelivers by hand.
        const again = await webhooks.send(redeliveryOf(drchronoDelivery(input)).request);
        const processedCount = receiver.deliveries?.().filter((d) => d.deliveryId === input.deliveryId && d.processed).length;
        if (processedCount === undefined) {
          test.info().annotations.push({
            type: 'advisory',
            description: 'an external receiver does not expose how often it processed a delivery; only the acknowledgement is checked',
          });
        }
        const result = await webhooks.judge(delivery, again, {
          kind: 'redelivery',
          first: first.exchange,
          deliveryId: input.deliveryId,
          processedCount,
        });
        expect(result).toConform();
      });
    },
  );
});
