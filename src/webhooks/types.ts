/**
 * The vocabulary of webhook-receiver conformance: the suite plays the vendor, sends a request to the integration's
 * receiver, and judges the answer against what the request was meant to show.
 */
import type { Exchange, RecordedRequest } from '../core/wire.ts';
import type { Contract, Operation } from '../contract/types.ts';

/** A vendor whose webhook traffic the suite can play, by project name (one whose descriptor declares `webhooks`). */
export type WebhookVendor = string;

/** How a request was forged or tampered with; every kind must be refused with a non-2xx answer. */
export type ForgeryKind =
  | 'forged-signature'
  | 'missing-signature'
  | 'wrong-callback-key'
  | 'missing-callback-key'
  | 'tampered-body'
  | 'tampered-url'
  | 'tampered-method'
  | 'tampered-timestamp'
  | 'stale-timestamp';

/** A forgery: what was changed, and which `x-vendor-rules.signatures` entry says the receiver must notice. */
export interface Forgery {
  readonly kind: ForgeryKind;
  /** The `name` of the signature rule in the contract's `x-vendor-rules.signatures`. */
  readonly signatureRule: string;
  /** One line for messages: what the request carries instead of a genuine signature. */
  readonly description: string;
}

/** A request to send together with the forgery it carries. */
export interface ForgedRequest {
  readonly request: RecordedRequest;
  readonly forgery: Forgery;
}

/** What one exchange with the receiver is meant to show; each check applies to one kind and skips the others. */
export type WebhookExpectation =
  /** drchrono's verification GET: `200`, JSON, `secret_token` = hex(HMAC-SHA256(secret, msg)). */
  | { readonly kind: 'handshake'; readonly secret: string; readonly msg: string }
  /** A genuine delivery: acknowledged with a 2xx. */
  | { readonly kind: 'delivery' }
  /** A forged or tampered delivery: refused with a non-2xx. */
  | { readonly kind: 'forgery'; readonly forgery: Forgery }
  /**
   * The same delivery sent again. `processedCount` is how many times the receiver says it acted on the delivery id,
   * when the receiver exposes that (the reference receivers do; a remote one cannot be observed).
   */
  | { readonly kind: 'redelivery'; readonly first: Exchange; readonly deliveryId: string; readonly processedCount?: number };

export interface WebhookCheckContext {
  readonly contract: Contract;
  /** The contract's webhook operation the request plays (e.g. `WEBHOOK callback POST`). */
  readonly webhook: Operation;
  readonly expectation: WebhookExpectation;
}

export type { Exchange, RecordedRequest } from '../core/wire.ts';
export type { Violation } from '../core/violation.ts';
