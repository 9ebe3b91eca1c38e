/**
 * The webhook checks against drchrono reference receivers: the faithful one passes every check, and each
 * deliberately wrong one is caught by the check that owns its rule, with the rule and the document section named.
 */
import { expect, test } from '@playwright/test';
import { runProperty } from '../../../src/properties/fc.ts';
import { exerciseWebhook } from '../../../src/webhooks/exercise.ts';
import { handshakeHoldsForAnyMsg } from '../../../src/vendors/drchrono/handshake-law.ts';
import { redeliveryOf } from '../../../src/vendors/drchrono/redelivery-plan.ts';
import { examplePayloads } from '../../../src/webhooks/payloads.ts';
import { headerExamples, webhookOperation } from '../../../src/webhooks/rules.ts';
import { sendWebhook } from '../../../src/webhooks/send.ts';
import { runWebhookChecks } from '../../../src/webhooks/checks/index.ts';
import { newDeliveryId } from '../../../src/webhooks/forge.ts';
import {
  DRCHRONO_OPERATIONS,
  drchronoDelivery,
  drchronoForgeries,
  drchronoVerification,
  type DrchronoDeliveryInput,
} from '../../../src/vendors/drchrono/webhook-traffic.ts';
import type { Violation } from '../../../src/core/violation.ts';
import { contracts, errorsIn, expectCaught, withReceiver, type TestReceiver } from './support.ts';

const contract = contracts.drchrono;
const verification = webhookOperation(contract, DRCHRONO_OPERATIONS.verification);
const delivery = webhookOperation(contract, DRCHRONO_OPERATIONS.delivery);
const events = headerExamples(delivery, 'X-drchrono-event').map(String);
const [example] = examplePayloads(delivery);
const VERIFICATION_SECTION = 'Webhooks › Webhooks verification';
const SIGNATURE_SECTION = 'Webhooks › Webhooks header and body; Webhooks security';
const DELIVERY_SECTION = 'Webhooks › Webhooks delivery mechanism';

const input = (receiver: TestReceiver, event = 'PATIENT_CREATE'): DrchronoDeliveryInput => ({
  url: receiver.url,
  secret: receiver.secret,
  event,
  deliveryId: newDeliveryId(),
  payload: example.value,
});

const handshake = async (receiver: TestReceiver, msg = 'ping-0b7e4c2a9d'): Promise<Violation[]> =>
  (
    await exerciseWebhook(
      { contract, webhook: verification, expectation: { kind: 'handshake', secret: receiver.secret, msg } },
      drchronoVerification(receiver.url, msg),
    )
  ).violations;

const deliver = async (receiver: TestReceiver, event?: string): Promise<Violation[]> =>
  (await exerciseWebhook({ contract, webhook: delivery, expectation: { kind: 'delivery' } }, drchronoDelivery(input(receiver, event))))
    .violations;

const forgeries = async (receiver: TestReceiver): Promise<Violation[]> => {
  const found: Violation[] = [];
  for (const forged of drchronoForgeries(input(receiver))) {
    found.push(
      ...(await exerciseWebhook({ contract, webhook: delivery, expectation: { kind: 'forgery', forgery: forged.forgery } }, forged.request))
        .violations,
    );
  }
  return found;
};

/** Sends a delivery, then drchrono's redelivery of it, and judges the second answer with the receiver's processing count. */
const redeliver = async (receiver: TestReceiver, observable = true): Promise<Violation[]> => {
  const sent = input(receiver, 'TASK_MODIFY');
  const first = await sendWebhook(drchronoDelivery(sent));
  const again = await sendWebhook(redeliveryOf(drchronoDelivery(sent)).request);
  const processedCount = observable
    ? receiver.deliveries().filter((d) => d.deliveryId === sent.deliveryId && d.processed).length
    : undefined;
  return runWebhookChecks(
    { contract, webhook: delivery, expectation: { kind: 'redelivery', first, deliveryId: sent.deliveryId, processedCount } },
    again,
  );
};

test.describe('drchrono webhook checks against the reference receivers', () => {
  test('the faithful receiver passes the handshake, every event, both forgeries and the redelivery', () =>
    withReceiver('drchrono', {}, async (receiver) => {
      expect(await handshake(receiver)).toEqual([]);
      const details = await runProperty(handshakeHoldsForAnyMsg(receiver.url, receiver.secret, { contract, webhook: verification }), {
        kind: 'target',
        numRuns: 60,
      });
      expect(details.failed, String(details.errorInstance)).toBe(false);
      for (const event of events) expect(await deliver(receiver, event), event).toEqual([]);
      expect(await forgeries(receiver)).toEqual([]);
      expect(await redeliver(receiver)).toEqual([]);
    }));

  const handshakeFaults = [
    { fault: 'handshake-base64', rule: 'handshake-base64-instead-of-hex' },
    { fault: 'handshake-wrong-key', rule: 'handshake-wrong-key' },
    { fault: 'handshake-missing-secret-token', rule: 'handshake-missing-secret-token' },
    { fault: 'handshake-not-200', rule: 'handshake-not-200' },
    { fault: 'handshake-not-json', rule: 'handshake-not-json' },
  ];
  for (const { fault, rule } of handshakeFaults) {
    test(`fault ${fault}: handshakeConformance reports exactly ${rule}, naming "${VERIFICATION_SECTION}"`, () =>
      withReceiver('drchrono', { fault }, async (receiver) => {
        const violations = await handshake(receiver);
        expect(errorsIn(violations), JSON.stringify(violations)).toHaveLength(1);
        expectCaught(violations, 'handshakeConformance', rule, VERIFICATION_SECTION);
      }));
  }

  test('fault handshake-latin1-msg: the example challenge passes, generated non-ASCII challenges are caught as handshake-wrong-key', () =>
    withReceiver('drchrono', { fault: 'handshake-latin1-msg' }, async (receiver) => {
      expect(await handshake(receiver)).toEqual([]);
      const details = await runProperty(handshakeHoldsForAnyMsg(receiver.url, receiver.secret, { contract, webhook: verification }), {
        kind: 'target',
        numRuns: 200,
      });
      expect(details.failed).toBe(true);
      const [msg] = details.counterexample!;
      expect(msg).toMatch(/[^\u0000-\u007f]/);
      expect(String(details.errorInstance)).toContain('[handshakeConformance › handshake-wrong-key]');
      expect(String(details.errorInstance)).toContain(VERIFICATION_SECTION);
      expectCaught(await handshake(receiver, msg), 'handshakeConformance', 'handshake-wrong-key', VERIFICATION_SECTION);
    }));

  test('fault accepts-forged-signature: forgeryRejected reports forged-signature-accepted and missing-signature-accepted', () =>
    withReceiver('drchrono', { fault: 'accepts-forged-signature' }, async (receiver) => {
      const violations = await forgeries(receiver);
      expectCaught(violations, 'forgeryRejected', 'forged-signature-accepted', SIGNATURE_SECTION);
      const text = expectCaught(violations, 'forgeryRejected', 'missing-signature-accepted', SIGNATURE_SECTION);
      expect(text).toContain('X-drchrono-signature is missing');
      expect(await deliver(receiver)).toEqual([]);
    }));

  test('fault redirects-deliveries: deliveryAccepted reports delivery-not-acknowledged for the 302', () =>
    withReceiver('drchrono', { fault: 'redirects-deliveries' }, async (receiver) => {
      const text = expectCaught(await deliver(receiver, 'PING'), 'deliveryAccepted', 'delivery-not-acknowledged', DELIVERY_SECTION);
      expect(text).toContain('Received: 302');
      expect(text).toContain('a redirect to /login is not followed');
    }));

  test('fault rejects-redelivery: redeliveryAcknowledged warns (advisory, not an error)', () =>
    withReceiver('drchrono', { fault: 'rejects-redelivery' }, async (receiver) => {
      const violations = await redeliver(receiver);
      expect(errorsIn(violations)).toEqual([]);
      expectCaught(violations, 'redeliveryAcknowledged', 'redelivery-not-acknowledged', DELIVERY_SECTION, 'warning');
    }));

  test('fault processes-redelivery-twice: redeliveryAcknowledged reports redelivery-processed-twice when the receiver exposes it, and cannot see it otherwise', () =>
    withReceiver('drchrono', { fault: 'processes-redelivery-twice' }, async (receiver) => {
      const text = expectCaught(await redeliver(receiver), 'redeliveryAcknowledged', 'redelivery-processed-twice', DELIVERY_SECTION);
      expect(text).toContain('processed 2 times');
      expect(await redeliver(receiver, false)).toEqual([]);
    }));

  test('the redelivery check is not applicable when the first delivery was not acknowledged', () => {
    const first = { request: { method: 'POST', url: 'http://x/', headers: {} }, response: { status: 500, headers: {}, text: '' } };
    const again = { ...first, response: { status: 500, headers: {}, text: '' } };
    expect(
      runWebhookChecks(
        { contract, webhook: delivery, expectation: { kind: 'redelivery', first, deliveryId: '1', processedCount: 2 } },
        again,
      ),
    ).toEqual([]);
  });
});
