/**
 * Delivery payloads: the contract's own examples first (the vendor's words), then values generated from the
 * webhook's request-body schema with fast-check, so a receiver also meets payloads the examples never show
 * (other optional fields present or absent, extra fields where the schema allows them, non-ASCII text).
 */
import type fc from 'fast-check';
import type { SchemaError, SchemaValidators } from '../checks/schema-validators.ts';
import { derefObject, get } from '../core/pointer.ts';
import type { Contract, MediaSpec, Operation } from '../contract/types.ts';
import { schemaArbitrary, UnsatisfiableSchema } from '../generate/arbitraries/schema-arbitrary.ts';
import { schemaDialect } from '../generate/arbitraries/request-arbitrary.ts';
import { WebhookError, WebhookErrorCode } from './errors.ts';

/** One payload to deliver: a named contract example, or a generated value. */
export interface Payload {
  readonly name: string;
  readonly value: unknown;
}

/** The webhook's JSON request-body media (schema, pointer, examples); throws `WEBHOOK_CONTRACT` when it has none. */
export function payloadMedia(webhook: Operation): MediaSpec & { schemaPointer: string } {
  const media = webhook.requestBody?.content.find((m) => /^application\/(.+\+)?json$/i.test(m.mediaType));
  if (!media?.schemaPointer)
    throw new WebhookError(WebhookErrorCode.contract, `${webhook.key} documents no JSON request body with a schema`);
  return media as MediaSpec & { schemaPointer: string };
}

/** The contract's examples of the webhook's body, named as the contract names them. */
export function examplePayloads(webhook: Operation): Payload[] {
  return payloadMedia(webhook).examples.map((e, i) => ({ name: e.name ?? `example ${i + 1}`, value: e.value }));
}

/** Schema errors of a payload against the webhook's documented body schema (empty when it validates). */
export function payloadErrors(validators: SchemaValidators, webhook: Operation, value: unknown): SchemaError[] {
  return validators.validate(payloadMedia(webhook).schemaPointer, value);
}

/**
 * Values of the webhook's documented body schema, drawn by the engine's one schema generator as the vendor would send
 * them (read-only members present, write-only ones absent), with undeclared members where the schema allows them
 * (vendors add fields) and at least one item in a top-level list (HubSpot sends batches with at least one event).
 * Every value validates against the schema (suites/engine/webhooks).
 */
export function payloadArbitrary(contract: Contract, webhook: Operation): fc.Arbitrary<unknown> {
  const { schemaPointer } = payloadMedia(webhook);
  const root = derefObject(contract.document, get(contract.document, schemaPointer));
  const list = root?.type === 'array' || (root !== undefined && root.items !== undefined);
  const schema = list ? { allOf: [{ $ref: schemaPointer }, { minItems: 1 }] } : { $ref: schemaPointer };
  try {
    return schemaArbitrary(schema, {
      document: contract.document,
      direction: 'response',
      dialect: schemaDialect(contract),
      extraProperties: true,
    });
  } catch (error) {
    if (error instanceof UnsatisfiableSchema) throw new WebhookError(WebhookErrorCode.contract, `${webhook.key}: ${error.message}`);
    throw error;
  }
}
