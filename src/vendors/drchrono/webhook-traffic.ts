/**
 * drchrono's webhook traffic, as contracts/drchrono.yaml documents it: the verification GET with `msg`, and POST
 * deliveries carrying `X-drchrono-event`, `X-drchrono-signature` (the webhook's secret token itself) and
 * `X-drchrono-delivery`. Source: drchrono API documentation, Webhooks.
 */
import type { RecordedRequest } from '../../core/wire.ts';
import { DRCHRONO_WEBHOOK_HEADERS } from './webhook.ts';
import type { ForgedRequest } from '../../webhooks/types.ts';
import { differentToken, withHeaders, withoutHeaders } from '../../webhooks/forge.ts';

/** operationIds of drchrono's webhook operations in the contract. */
export const DRCHRONO_OPERATIONS = { verification: 'verifyWebhook', delivery: 'receiveWebhookDelivery' } as const;
/** Names of drchrono's signature rules in `x-vendor-rules.signatures`. */
export const DRCHRONO_SIGNATURE_RULES = { verification: 'webhook-verification', delivery: 'webhook-delivery' } as const;

/** The verification GET drchrono sends to the callback URL: `?msg=<challenge>`, form-encoded as a query string. */
export function drchronoVerification(url: string, msg: string): RecordedRequest {
  const target = new URL(url);
  target.searchParams.set('msg', msg);
  return { method: 'GET', url: target.toString(), headers: {} };
}

export interface DrchronoDeliveryInput {
  readonly url: string;
  /** The webhook's secret token, sent as is in `X-drchrono-signature`. */
  readonly secret: string;
  /** An `X-drchrono-event` value, e.g. `PATIENT_CREATE` or `PING`. */
  readonly event: string;
  readonly deliveryId: string;
  /** The JSON body `{receiver, object}`. */
  readonly payload: unknown;
}

/** A genuine delivery (or ping) with the three documented headers. */
export function drchronoDelivery(input: DrchronoDeliveryInput): RecordedRequest {
  return {
    method: 'POST',
    url: input.url,
    headers: {
      'Content-Type': 'application/json',
      [DRCHRONO_WEBHOOK_HEADERS.event]: input.event,
      [DRCHRONO_WEBHOOK_HEADERS.signature]: input.secret,
      [DRCHRONO_WEBHOOK_HEADERS.delivery]: input.deliveryId,
    },
    body: JSON.stringify(input.payload),
  };
}

/**
 * The deliveries a receiver must refuse: another token in `X-drchrono-signature`, and none at all. A modified body
 * is not among them: the header is not computed over the request, so the document leaves it undetectable.
 */
export function drchronoForgeries(input: DrchronoDeliveryInput): ForgedRequest[] {
  const genuine = drchronoDelivery(input);
  const rule = DRCHRONO_SIGNATURE_RULES.delivery;
  return [
    {
      request: withHeaders(genuine, { [DRCHRONO_WEBHOOK_HEADERS.signature]: differentToken(input.secret) }),
      forgery: {
        kind: 'forged-signature',
        signatureRule: rule,
        description: "X-drchrono-signature carries a token other than the webhook's secret token",
      },
    },
    {
      request: withoutHeaders(genuine, DRCHRONO_WEBHOOK_HEADERS.signature),
      forgery: { kind: 'missing-signature', signatureRule: rule, description: 'X-drchrono-signature is missing' },
    },
  ];
}
