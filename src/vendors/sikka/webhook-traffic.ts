/**
 * Sikka's webhook traffic, as contracts/sikka.yaml documents it: a JSON POST to the payload URL configured in the
 * Sikka API portal, carrying the shared callback key in `X-API-callback-key`. Source: Sikka APIs, Webhooks.
 */
import type { RecordedRequest } from '../../core/wire.ts';
import { SIKKA_CALLBACK_HEADER } from './webhook.ts';
import type { ForgedRequest } from '../../webhooks/types.ts';
import { differentToken, withHeaders, withoutHeaders } from '../../webhooks/forge.ts';

/** operationIds of Sikka's webhook operations, by event name. */
export const SIKKA_OPERATIONS = { Data_Refresh: 'dataRefreshWebhook', patient: 'patientWebhook' } as const;
/** The name of Sikka's signature rule in `x-vendor-rules.signatures`. */
export const SIKKA_SIGNATURE_RULE = 'callback-key';

export interface SikkaDeliveryInput {
  readonly url: string;
  /** The callback key configured in the Sikka API portal. */
  readonly key: string;
  readonly payload: unknown;
}

/** A genuine delivery. */
export function sikkaDelivery(input: SikkaDeliveryInput): RecordedRequest {
  return {
    method: 'POST',
    url: input.url,
    headers: { 'Content-Type': 'application/json', [SIKKA_CALLBACK_HEADER]: input.key },
    body: JSON.stringify(input.payload),
  };
}

/** The deliveries a receiver must refuse: another key, and none. The body is not signed, so tampering is undetectable. */
export function sikkaForgeries(input: SikkaDeliveryInput): ForgedRequest[] {
  const genuine = sikkaDelivery(input);
  return [
    {
      request: withHeaders(genuine, { [SIKKA_CALLBACK_HEADER]: differentToken(input.key) }),
      forgery: {
        kind: 'wrong-callback-key',
        signatureRule: SIKKA_SIGNATURE_RULE,
        description: 'X-API-callback-key carries a key other than the configured one',
      },
    },
    {
      request: withoutHeaders(genuine, SIKKA_CALLBACK_HEADER),
      forgery: { kind: 'missing-callback-key', signatureRule: SIKKA_SIGNATURE_RULE, description: 'X-API-callback-key is missing' },
    },
  ];
}
