/** Where the webhook suites send: the receiver variables, unreachable receivers, and what reaches the report. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { describeExchange } from '../../../src/report/attach.ts';
import { verificationAnswer } from '../../../src/vendors/drchrono/webhook.ts';
import { WebhookError } from '../../../src/webhooks/errors.ts';
import { sendWebhook } from '../../../src/webhooks/send.ts';
import { readSignatureVersions, receiverTarget, receiverVariables } from '../../../src/webhooks/target.ts';
import { webhookVendors } from '../../../src/vendors/registry.ts';
import { drchronoDelivery, drchronoVerification } from '../../../src/vendors/drchrono/webhook-traffic.ts';
import { hubspotDelivery } from '../../../src/vendors/hubspot/webhook-traffic.ts';
import { sikkaDelivery } from '../../../src/vendors/sikka/webhook-traffic.ts';
import { withReceiver } from './support.ts';

const readHubSpotVersions = (value: string | undefined) => readSignatureVersions('hubspot-webhooks', value);

test.describe('webhook receiver target', () => {
  test('the vendors that send webhooks are discovered from their descriptors', () => {
    expect(webhookVendors()).toEqual(['drchrono', 'hubspot-webhooks', 'sikka']);
    expect(() => receiverTarget('lupl', {})).toThrow(
      /^WEBHOOK_RECEIVER_CONFIG: "lupl" sends no webhooks; vendors that do: drchrono, hubspot-webhooks, sikka$/,
    );
  });

  for (const vendor of webhookVendors()) {
    const { url, secret } = receiverVariables(vendor);
    test(`${vendor}: no variables → reference receiver; ${url} + ${secret} → that receiver; one without the other → a one-line error naming the missing one`, () => {
      expect(receiverTarget(vendor, {})).toMatchObject({ kind: 'reference', vendor });
      expect(receiverTarget(vendor, { [url]: 'https://hooks.example/in', [secret]: 's' })).toMatchObject({
        kind: 'external',
        url: 'https://hooks.example/in',
        secret: 's',
      });
      for (const [env, missing] of [
        [{ [url]: 'https://hooks.example/in' }, secret],
        [{ [secret]: 's' }, url],
        [{ [url]: 'https://hooks.example/in', [secret]: '  ' }, secret],
      ] as const) {
        let error: unknown;
        try {
          receiverTarget(vendor, env);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(WebhookError);
        const message = (error as Error).message;
        expect(message).toMatch(/^WEBHOOK_RECEIVER_CONFIG: /);
        expect(message).toContain(`set ${missing}`);
        expect(message).not.toContain('\n');
      }
      expect(() => receiverTarget(vendor, { [url]: 'ftp://hooks.example/in', [secret]: 's' })).toThrow(`${url} must be an http(s) URL`);
      expect(() => receiverTarget(vendor, { [url]: 'not a url', [secret]: 's' })).toThrow(`${url} is not a URL`);
    });
  }

  test('HUBSPOT_WEBHOOK_VERSIONS declares versions (v3 when unset), in any order and case; an unknown version is an error', () => {
    expect(readHubSpotVersions(undefined)).toEqual(['v3']);
    expect(readHubSpotVersions('')).toEqual(['v3']);
    expect(readHubSpotVersions('V3, v1')).toEqual(['v1', 'v3']);
    expect(readHubSpotVersions('v1,v2,v3')).toEqual(['v1', 'v2', 'v3']);
    expect(() => readHubSpotVersions('v3,v4')).toThrow('HUBSPOT_WEBHOOK_VERSIONS lists v4');
    expect(receiverTarget('hubspot-webhooks', { HUBSPOT_WEBHOOK_VERSIONS: 'v2' }).signatureVersions).toEqual(['v2']);
    // The reference receiver verifies all three unless told otherwise, so no version's tests are skipped by default.
    expect(receiverTarget('hubspot-webhooks', {}).signatureVersions).toEqual(['v1', 'v2', 'v3']);
    const external = { HUBSPOT_WEBHOOK_RECEIVER_URL: 'http://127.0.0.1:9/hooks', HUBSPOT_CLIENT_SECRET: 's' };
    expect(receiverTarget('hubspot-webhooks', external).signatureVersions).toEqual(['v3']);
    // A vendor with one signature scheme declares no versions.
    expect(receiverTarget('sikka', {}).signatureVersions).toEqual([]);
  });

  test('an unreachable receiver is WEBHOOK_RECEIVER_UNREACHABLE, and a silent one times out with the time-out named', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(
      sendWebhook({ method: 'POST', url: `http://127.0.0.1:${port}/webhook?token=t0k3n`, headers: {}, body: '{}' }),
    ).rejects.toThrow(`WEBHOOK_RECEIVER_UNREACHABLE: POST http://127.0.0.1:${port}/webhook: connection refused`);

    const silent = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const address = silent.address() as AddressInfo;
      await expect(
        sendWebhook({ method: 'POST', url: `http://127.0.0.1:${address.port}/webhook`, headers: {}, body: '{}' }, 200),
      ).rejects.toThrow('no answer within 200 ms');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('attached exchanges carry no secret: signatures, callback keys and the verification answer are redacted', () =>
    withReceiver('drchrono', {}, async (receiver) => {
      const secret = 'f1e2d3c4b5a697887766554433221100ffeeddcc';
      const hubspotSecret = 'c0ffee00-1234-4567-89ab-cdef01234567';
      const requests = [
        drchronoDelivery({ url: receiver.url, secret, event: 'PING', deliveryId: '1', payload: { receiver: {}, object: {} } }),
        sikkaDelivery({ url: receiver.url, key: 'sikka-callback-key-123', payload: { event: 'patient' } }),
        hubspotDelivery({ url: receiver.url, secret: hubspotSecret, body: '[]', timestampMs: 1 }, ['v3', 'v1']),
      ];
      for (const request of requests) {
        const text = describeExchange({ request, response: { status: 204, headers: {}, text: '' } });
        for (const value of [secret, 'sikka-callback-key-123', ...Object.values(request.headers).filter((v) => v.length > 30)])
          expect(text).not.toContain(value);
        expect(text).toContain('[REDACTED]');
      }
      const handshake = await sendWebhook(drchronoVerification(receiver.url, 'challenge'));
      const text = describeExchange(handshake);
      expect(text).not.toContain(verificationAnswer(receiver.secret, 'challenge').secret_token);
      expect(text).toContain('"secret_token": "[REDACTED]"');
    }));
});
