/** The webhook checks against Sikka reference receivers: faithful passes, each wrong receiver is caught by its rule. */
import { expect, test } from '@playwright/test';
import type { Violation } from '../../../src/core/violation.ts';
import { exerciseWebhook } from '../../../src/webhooks/exercise.ts';
import { examplePayloads } from '../../../src/webhooks/payloads.ts';
import { webhookOperation } from '../../../src/webhooks/rules.ts';
import { SIKKA_OPERATIONS, sikkaDelivery, sikkaForgeries } from '../../../src/vendors/sikka/webhook-traffic.ts';
import { contracts, expectCaught, withReceiver, type TestReceiver } from './support.ts';
import { documented } from '../../../fixtures/documented.ts';

const contract = contracts.sikka;
const dataRefresh = webhookOperation(contract, SIKKA_OPERATIONS.Data_Refresh);
const patient = webhookOperation(contract, SIKKA_OPERATIONS.patient);
const SECTION = 'Sikka APIs (Postman documentation, collection 8.10.1) › Webhooks';

const deliverExamples = async (receiver: TestReceiver, webhook = dataRefresh): Promise<Violation[]> => {
  const found: Violation[] = [];
  for (const example of documented(examplePayloads(webhook), `the example payloads of ${webhook.key}`)) {
    found.push(
      ...(
        await exerciseWebhook(
          { contract, webhook, expectation: { kind: 'delivery' } },
          sikkaDelivery({ url: receiver.url, key: receiver.secret, payload: example.value }),
        )
      ).violations,
    );
  }
  return found;
};

const forgeries = async (receiver: TestReceiver, webhook = patient): Promise<Violation[]> => {
  const found: Violation[] = [];
  for (const forged of sikkaForgeries({
    url: receiver.url,
    key: receiver.secret,
    payload: documented(examplePayloads(webhook), `the example payloads of ${webhook.key}`)[0].value,
  })) {
    found.push(
      ...(await exerciseWebhook({ contract, webhook, expectation: { kind: 'forgery', forgery: forged.forgery } }, forged.request))
        .violations,
    );
  }
  return found;
};

test.describe('Sikka webhook checks against the reference receivers', () => {
  test('the faithful receiver acknowledges both documented payloads and refuses a wrong or missing callback key', () =>
    withReceiver('sikka', {}, async (receiver) => {
      for (const webhook of [dataRefresh, patient]) {
        expect(await deliverExamples(receiver, webhook)).toEqual([]);
        expect(await forgeries(receiver, webhook)).toEqual([]);
      }
    }));

  test('fault accepts-wrong-callback-key: forgeryRejected reports wrong-callback-key-accepted (a missing key is still refused)', () =>
    withReceiver('sikka', { fault: 'accepts-wrong-callback-key' }, async (receiver) => {
      const violations = await forgeries(receiver);
      expect(violations).toHaveLength(1);
      const text = expectCaught(violations, 'forgeryRejected', 'wrong-callback-key-accepted', SECTION);
      expect(text).toContain('X-API-callback-key carries a key other than the configured one');
    }));

  test("fault rejects-numeric-practice-id: the document's own Data_Refresh example (practice_id: 1) is caught by deliveryAccepted", () =>
    withReceiver('sikka', { fault: 'rejects-numeric-practice-id' }, async (receiver) => {
      const text = expectCaught(await deliverExamples(receiver, dataRefresh), 'deliveryAccepted', 'delivery-not-acknowledged', SECTION);
      expect(text).toContain('Received: 400');
      expect(await deliverExamples(receiver, patient)).toEqual([]);
    }));
});
