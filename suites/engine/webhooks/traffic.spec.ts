/**
 * The traffic the suite sends is the vendors' documented traffic: payloads validate against the webhook schemas,
 * genuine deliveries carry every documented header with a valid value, and the signers reproduce the contracts'
 * own test vectors.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { lowerCaseNames, type RecordedRequest } from '../../../src/core/wire.ts';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import type { Operation } from '../../../src/contract/types.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import { schemaArbitrary } from '../../../src/generate/arbitraries/schema-arbitrary.ts';
import { examplePayloads, payloadArbitrary, payloadErrors } from '../../../src/webhooks/payloads.ts';
import { headerExamples, signatureRule, webhookOperation } from '../../../src/webhooks/rules.ts';
import { webhookVendors } from '../../../src/vendors/registry.ts';
import {
  DRCHRONO_OPERATIONS,
  drchronoDelivery,
  drchronoForgeries,
  drchronoVerification,
} from '../../../src/vendors/drchrono/webhook-traffic.ts';
import { HUBSPOT_OPERATION, hubspotDelivery, hubspotForgeries } from '../../../src/vendors/hubspot/webhook-traffic.ts';
import { SIKKA_OPERATIONS, sikkaDelivery } from '../../../src/vendors/sikka/webhook-traffic.ts';
import { contracts } from './support.ts';

const WEBHOOK_VENDORS = webhookVendors();
const validators: Record<string, SchemaValidators> = Object.fromEntries(
  WEBHOOK_VENDORS.map((v) => [v, new SchemaValidators(contracts[v])]),
);

/** Schema errors of the request's documented header parameters: each required one present, each present one valid. */
function headerProblems(vendor: string, webhook: Operation, request: RecordedRequest): string[] {
  const sent = lowerCaseNames(request.headers);
  return webhook.parameters
    .filter((p) => p.in === 'header')
    .flatMap((p) => {
      const value = sent[p.name.toLowerCase()];
      if (value === undefined) return p.required ? [`${p.name} is missing`] : [];
      const typed = typeof p.schema === 'object' && (p.schema.type === 'integer' || p.schema.type === 'number') ? Number(value) : value;
      return validators[vendor].validate(`${p.pointer}/schema`, typed).map((e) => `${p.name}: ${e.message}`);
    });
}

test.describe('webhook traffic', () => {
  for (const vendor of WEBHOOK_VENDORS) {
    for (const webhook of contracts[vendor].webhooks.filter((w) => w.requestBody)) {
      test(`${vendor} ${webhook.id}: the contract's examples and 200 generated payloads validate against the documented body schema`, async () => {
        for (const example of examplePayloads(webhook))
          expect(payloadErrors(validators[vendor], webhook, example.value), example.name).toEqual([]);
        await checkProperty(
          fc.property(payloadArbitrary(contracts[vendor], webhook), (value) => {
            const errors = payloadErrors(validators[vendor], webhook, value);
            if (errors.length > 0) throw new Error(errors.map((e) => `${e.path} ${e.message}`).join('; '));
          }),
          { kind: 'pure', numRuns: 200 },
        );
      });
    }
  }

  test('generated payloads vary: optional fields come and go, extra fields appear where allowed, Sikka practice_id is a string or a number', () => {
    const webhook = webhookOperation(contracts.sikka, SIKKA_OPERATIONS.Data_Refresh);
    const values = fc.sample(payloadArbitrary(contracts.sikka, webhook), { numRuns: 200, seed: 42 }) as Record<string, unknown>[];
    expect(new Set(values.map((v) => typeof v.practice_id))).toEqual(new Set(['string', 'number']));
    expect(values.some((v) => 'web_upload_date' in v) && values.some((v) => !('web_upload_date' in v))).toBe(true);
    const declared = new Set([
      'event',
      'office_id',
      'practice_id',
      'data_synchronization_date',
      'practice_management_system_refresh_date',
      'financial_system_refresh_date',
      'web_upload_date',
      'data_insert_date',
      'practice_management_system_refresh_date_time_zone',
      'practice_management_system',
      'practice_management_system_version',
      'financial_system',
      'financial_system_version',
      'utc_difference_in_minutes',
      'spc_schedule_time',
      'spc_schedule_type',
    ]);
    expect(values.some((v) => Object.keys(v).some((k) => !declared.has(k)))).toBe(true);
    const batches = fc.sample(
      payloadArbitrary(contracts['hubspot-webhooks'], webhookOperation(contracts['hubspot-webhooks'], HUBSPOT_OPERATION)),
      { numRuns: 100, seed: 42 },
    ) as unknown[][];
    expect(batches.every((b) => Array.isArray(b) && b.length >= 1)).toBe(true);
  });

  test('an allOf payload schema is one object: a $ref branch and an inline one merged, required united, a member both name holding to both', () => {
    const document = {
      components: { schemas: { Event: { type: 'object', properties: { id: { type: 'integer', minimum: 0 } }, required: ['id'] } } },
    };
    const schema = {
      allOf: [{ $ref: '#/components/schemas/Event' }, { properties: { id: { maximum: 5 }, kind: { enum: ['a'] } }, required: ['kind'] }],
    };
    const values = fc.sample(schemaArbitrary(schema, { document, direction: 'response', dialect: 'openapi-3.0' }), {
      numRuns: 100,
      seed: 42,
    });
    for (const value of values as Record<string, unknown>[]) {
      expect(Object.keys(value).sort()).toEqual(['id', 'kind']);
      expect(Number.isInteger(value.id) && (value.id as number) >= 0 && (value.id as number) <= 5, String(value.id)).toBe(true);
      expect(value.kind).toBe('a');
    }
  });

  test('drchrono: every documented event is sent with the three documented headers, each valid; the verification GET carries msg', () => {
    const webhook = webhookOperation(contracts.drchrono, DRCHRONO_OPERATIONS.delivery);
    const events = headerExamples(webhook, 'X-drchrono-event').map(String);
    expect(events).toHaveLength(16);
    expect(events).toContain('PING');
    for (const event of events) {
      const request = drchronoDelivery({
        url: 'https://r.example/hook',
        secret: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
        event,
        deliveryId: '48151623',
        payload: { receiver: {}, object: {} },
      });
      expect(headerProblems('drchrono', webhook, request), event).toEqual([]);
      expect(request.headers['X-drchrono-signature']).toBe('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b');
    }
    expect(new URL(drchronoVerification('https://r.example/hook?x=1', 'a b&c=d').url).searchParams.get('msg')).toBe('a b&c=d');
  });

  test('drchrono forgeries differ from the genuine delivery in the signature header only', () => {
    const input = {
      url: 'https://r.example/hook',
      secret: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
      event: 'PING',
      deliveryId: '1',
      payload: { receiver: {}, object: {} },
    };
    const genuine = drchronoDelivery(input);
    for (const { request } of drchronoForgeries(input)) {
      expect(request.body).toBe(genuine.body);
      const { 'X-drchrono-signature': signature, ...rest } = request.headers;
      const { 'X-drchrono-signature': genuineSignature, ...genuineRest } = genuine.headers;
      expect(rest).toEqual(genuineRest);
      expect(signature).not.toBe(genuineSignature);
    }
  });

  test('Sikka: deliveries carry X-API-callback-key, valid per the contract', () => {
    for (const operationId of Object.values(SIKKA_OPERATIONS)) {
      const webhook = webhookOperation(contracts.sikka, operationId);
      expect(
        headerProblems(
          'sikka',
          webhook,
          sikkaDelivery({ url: 'https://r.example/', key: 'xxxxxxxxx', payload: examplePayloads(webhook)[0].value }),
        ),
      ).toEqual([]);
    }
  });

  test("HubSpot: the signer reproduces the contract's test vector (v1, v2 and v3 example headers) and sends all four documented headers", () => {
    const contract = contracts['hubspot-webhooks'];
    const webhook = webhookOperation(contract, HUBSPOT_OPERATION);
    const v3 = signatureRule(contract, 'hubspot-v3')!.example as Record<string, string>;
    const body = JSON.stringify(examplePayloads(webhook).find((e) => e.name === 'contactCreation')!.value);
    expect(body).toBe(v3.body);
    const input = { url: v3.url, secret: v3.clientSecret, body, timestampMs: Number(v3.timestamp) };
    const withV1 = hubspotDelivery(input, ['v3', 'v1']);
    const withV2 = hubspotDelivery(input, ['v3', 'v2']);
    const example = (name: string, exampleName?: string) =>
      webhook.parameters.find((p) => p.name === name)!.examples.find((e) => exampleName === undefined || e.name === exampleName)!.value;
    expect(withV1.headers['X-HubSpot-Signature-v3']).toBe(example('X-HubSpot-Signature-v3'));
    expect(withV1.headers['X-HubSpot-Request-Timestamp']).toBe(String(example('X-HubSpot-Request-Timestamp')));
    expect(withV1.headers['X-HubSpot-Signature']).toBe(example('X-HubSpot-Signature', 'v1'));
    expect(withV2.headers['X-HubSpot-Signature']).toBe(example('X-HubSpot-Signature', 'v2'));
    expect(headerProblems('hubspot-webhooks', webhook, withV1)).toEqual([]);
    expect(headerProblems('hubspot-webhooks', webhook, withV2)).toEqual([]);
  });

  test('HubSpot forgeries: one per thing each version signs, and each changes exactly that thing', () => {
    const input = { url: 'https://r.example/hook', secret: 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy', body: '[{"eventId":1,"objectId":123}]' };
    const kinds = (version: 'v1' | 'v2' | 'v3') => hubspotForgeries(input, version, 1_700_000_000_000).map((f) => f.forgery.kind);
    expect(kinds('v1')).toEqual(['forged-signature', 'missing-signature', 'tampered-body']);
    expect(kinds('v2')).toEqual(['forged-signature', 'missing-signature', 'tampered-body', 'tampered-url', 'tampered-method']);
    expect(kinds('v3')).toEqual([
      'forged-signature',
      'missing-signature',
      'tampered-body',
      'tampered-url',
      'tampered-method',
      'tampered-timestamp',
      'stale-timestamp',
    ]);
    const nowMs = 1_700_000_000_000;
    const genuine = hubspotDelivery({ ...input, timestampMs: nowMs }, ['v3']);
    for (const { request, forgery } of hubspotForgeries(input, 'v3', nowMs)) {
      expect(request.url, forgery.kind).toBe(genuine.url);
      expect(request.method, forgery.kind).toBe('POST');
      if (forgery.kind === 'tampered-body') expect(JSON.parse(request.body!)).toEqual([{ eventId: 1, objectId: 124 }]);
      else expect(request.body, forgery.kind).toBe(genuine.body);
      if (forgery.kind === 'stale-timestamp')
        expect(nowMs - Number(request.headers['X-HubSpot-Request-Timestamp'])).toBeGreaterThan(300_000);
      const signature = request.headers['X-HubSpot-Signature-v3'];
      // A tampered body or timestamp keeps HubSpot's genuine signature; the others carry one made over something else, or none.
      if (forgery.kind === 'tampered-body' || forgery.kind === 'tampered-timestamp')
        expect(signature, forgery.kind).toBe(genuine.headers['X-HubSpot-Signature-v3']);
      else if (forgery.kind === 'missing-signature') expect(signature).toBeUndefined();
      else expect(signature, forgery.kind).not.toBe(genuine.headers['X-HubSpot-Signature-v3']);
      if (forgery.kind === 'tampered-timestamp') expect(request.headers['X-HubSpot-Request-Timestamp']).toBe(String(nowMs - 1000));
    }
  });
});
