/**
 * Sikka webhook receiver conformance: the suite plays Sikka against the payload URL (the reference receiver, or
 * SIKKA_WEBHOOK_RECEIVER_URL with SIKKA_CALLBACK_KEY). Source: contracts/sikka.yaml, `webhooks` and
 * `x-vendor-rules.signatures` `callback-key` (Sikka APIs, Webhooks).
 */
import { vendorContract } from '../../../src/properties/vendor-contract.ts';
import { examplePayloads, payloadArbitrary } from '../../../src/webhooks/payloads.ts';
import { everyGenuineDeliveryAcknowledged } from '../../../src/webhooks/properties.ts';
import { webhookOperation } from '../../../src/webhooks/rules.ts';
import { SIKKA_OPERATIONS, sikkaDelivery, sikkaForgeries } from '../../../src/vendors/sikka/webhook-traffic.ts';
import { expect, test } from '../../../fixtures/index.ts';
import { documented } from '../../../fixtures/documented.ts';

const contract = await vendorContract('sikka');
const forgeryKinds = documented(
  sikkaForgeries({ url: 'http://127.0.0.1/', key: 'x', payload: {} }).map((f) => f.forgery),
  'the forgeries of a Sikka delivery',
);

// No "modified body" forgery: the document gives no way to detect one, so there is nothing to hold a receiver to.
test.describe(
  'Sikka webhook receiver @webhook',
  {
    annotation: {
      type: 'not applicable',
      description:
        'a modified body: X-API-callback-key is a shared key, not a signature over the body, so the document leaves a modified body undetectable (Webhooks)',
    },
  },
  () => {
    for (const [event, operationId] of documented(Object.entries(SIKKA_OPERATIONS), 'the Sikka webhooks')) {
      const webhook = webhookOperation(contract, operationId);
      const examples = documented(examplePayloads(webhook), `the example payloads of the ${event} webhook`);

      test.describe(`${event}`, () => {
        for (const example of examples) {
          test(`the document's payload "${example.name}" with the right X-API-callback-key is acknowledged with a 2xx`, async ({
            receiver,
            webhooks,
          }) => {
            const result = await webhooks.exercise(
              webhook,
              sikkaDelivery({ url: receiver.url, key: receiver.secret, payload: example.value }),
              { kind: 'delivery' },
            );
            expect(result).toConform();
          });
        }

        test('generated payloads (optional and extra fields, string or numeric practice_id) with the right key are acknowledged with a 2xx', async ({
          receiver,
          webhooks,
          contract: loaded,
        }) => {
          await webhooks.law(webhook, (ctx) =>
            everyGenuineDeliveryAcknowledged(
              payloadArbitrary(loaded, webhook),
              (payload) => sikkaDelivery({ url: receiver.url, key: receiver.secret, payload }),
              ctx,
            ),
          );
        });

        for (const forgery of forgeryKinds) {
          test(`refused with a non-2xx: ${forgery.description}`, async ({ receiver, webhooks }) => {
            const forged = sikkaForgeries({ url: receiver.url, key: receiver.secret, payload: examples[0].value }).find(
              (f) => f.forgery.kind === forgery.kind,
            )!;
            const result = await webhooks.exercise(webhook, forged.request, { kind: 'forgery', forgery: forged.forgery });
            expect(result).toConform();
          });
        }
      });
    }
  },
);
