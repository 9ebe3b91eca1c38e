/**
 * drchrono webhook verification and delivery checks.
 * Source: drchrono API documentation, "Webhooks verification" (the callback answers `{"secret_token":
 * hex(HMAC-SHA256(secret token, msg))}`) and "Webhooks header and body" /
 * "Webhooks security" (`X-drchrono-signature` carries the webhook's secret token itself).
 */
import { parseBody, isRecord, ownField } from '../common/body.ts';
import { hmacSha256, isBytesLike, type BytesLike } from '../common/bytes.ts';
import {
  constantTimeEqual,
  refuse,
  VERIFIED,
  verifySharedSecret,
  type SecretCompare,
  type SharedSecretRefusal,
  type Verification,
} from '../common/constant-time.ts';
import { docSection } from '../common/doc-source.ts';
import { DRCHRONO_DOCUMENT } from './document.ts';

/** Where the verification step comes from. */
export const DRCHRONO_VERIFICATION_DOC = docSection(DRCHRONO_DOCUMENT, 'Webhooks verification');
/** Where the delivery header comes from. */
export const DRCHRONO_DELIVERY_DOC = docSection(DRCHRONO_DOCUMENT, 'Webhooks header and body');

/** Headers drchrono sends with every hook. */
export const DRCHRONO_WEBHOOK_HEADERS = {
  event: 'X-drchrono-event',
  signature: 'X-drchrono-signature',
  delivery: 'X-drchrono-delivery',
} as const;

/** The body a callback must answer drchrono's verification GET with. */
export interface VerificationAnswer {
  readonly secret_token: string;
}

/** Why a verification answer was refused. */
export type VerificationRefusal =
  | 'no-secret-configured'
  | 'invalid-input'
  | 'not-an-object'
  | 'missing-secret-token'
  | 'not-a-string'
  | 'base64-instead-of-hex'
  | 'uppercase-hex'
  | 'malformed'
  | 'mismatch';

/** Options for the verifiers: the compare is injectable for tests. */
export interface DrchronoVerifyOptions {
  readonly compare?: SecretCompare;
}

/** The answer to a verification GET: lower-case hex HMAC-SHA256 of `msg`, keyed by the webhook's secret token. */
export function verificationAnswer(secret: BytesLike, msg: BytesLike): VerificationAnswer {
  return { secret_token: hmacSha256(secret, msg).toString('hex') };
}

const LOWER_HEX_64 = /^[0-9a-f]{64}$/;
const ANY_HEX_64 = /^[0-9a-fA-F]{64}$/;
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Checks a callback's answer (object or JSON text) to the verification GET as drchrono
 * would: a `secret_token` equal to the lower-case hex digest. Names the usual mistakes
 * (base64, upper case, missing field, wrong key). Never throws.
 */
export function verifyVerificationAnswer(
  secret: unknown,
  msg: unknown,
  body: unknown,
  options: DrchronoVerifyOptions = {},
): Verification<VerificationRefusal> {
  if (!isBytesLike(secret) || secret.length === 0) return refuse('no-secret-configured');
  if (!isBytesLike(msg)) return refuse('invalid-input');
  const parsed = parseBody(body);
  if (parsed.form !== 'json' || !isRecord(parsed.value)) return refuse('not-an-object');
  if (!Object.hasOwn(parsed.value, 'secret_token')) return refuse('missing-secret-token');
  const answer = ownField(parsed.value, 'secret_token');
  if (typeof answer !== 'string') return refuse('not-a-string');

  const compare = options?.compare ?? constantTimeEqual;
  const digest = hmacSha256(secret, msg);
  if (LOWER_HEX_64.test(answer)) {
    return compare(Buffer.from(digest.toString('hex'), 'latin1'), Buffer.from(answer, 'latin1')) ? VERIFIED : refuse('mismatch');
  }
  // Diagnose the common encodings of the right digest; they are refused either way.
  if (BASE64_32_BYTES.test(answer) && compare(Buffer.from(digest.toString('base64'), 'latin1'), Buffer.from(answer, 'latin1'))) {
    return refuse('base64-instead-of-hex');
  }
  if (ANY_HEX_64.test(answer) && compare(Buffer.from(digest.toString('hex'), 'latin1'), Buffer.from(answer.toLowerCase(), 'latin1'))) {
    return refuse('uppercase-hex');
  }
  return refuse('malformed');
}

/**
 * Verifies a delivery's `X-drchrono-signature` header, which by the document is the
 * webhook's secret token itself (not an HMAC of the body). Never throws.
 */
export function verifyDeliverySignature(
  expectedSecretToken: unknown,
  headerValue: unknown,
  options: DrchronoVerifyOptions = {},
): Verification<SharedSecretRefusal> {
  return verifySharedSecret(expectedSecretToken, headerValue, options?.compare);
}
