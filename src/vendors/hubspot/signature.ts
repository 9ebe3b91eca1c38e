/**
 * HubSpot webhook request signatures, v1 to v3, and verifiers for them.
 * Source: HubSpot's Node SDK (`@hubspot/api-client`, `Signature.isValid`), the public reference for the signature versions:
 * v1 = sha256_hex(secret + body); v2 = sha256_hex(secret + method + url + body);
 * v3 = base64(HMAC-SHA256(secret, method + url + body + timestamp)), stale after 300 000 ms.
 * Parts are concatenated as UTF-8 bytes; the URL is passed exactly as HubSpot signed it.
 */
import { concatBytes, hmacSha256, isBytesLike, sha256, type BytesLike } from '../common/bytes.ts';
import { constantTimeEqual, refuse, VERIFIED, type SecretCompare, type Verification } from '../common/constant-time.ts';
import { docSection } from '../common/doc-source.ts';
import { HUBSPOT_DOCUMENT } from './document.ts';

/** Where the schemes come from. */
export const HUBSPOT_SIGNATURE_DOC = docSection(HUBSPOT_DOCUMENT, 'Webhook request signatures (v1, v2, v3)');

/** The oldest a v3 timestamp may be, ms. A timestamp exactly this old is still accepted (the SDK rejects only `age > 300000`). */
export const HUBSPOT_V3_MAX_AGE_MS = 300_000;

/**
 * How far ahead of our clock a v3 timestamp may be, ms. HubSpot's SDK has no such check;
 * one minute absorbs clock drift (the same leeway drchrono suggests for its iframe JWT) while
 * refusing signatures minted for the far future, which would stay fresh for too long.
 * A timestamp exactly this far ahead is still accepted.
 */
export const HUBSPOT_V3_MAX_FUTURE_MS = 60_000;

/** Why a HubSpot signature was refused. */
export type HubSpotRefusal =
  | 'no-secret-configured'
  | 'invalid-input'
  | 'missing-signature'
  | 'malformed-signature'
  | 'invalid-timestamp'
  | 'stale-timestamp'
  | 'future-timestamp'
  | 'mismatch';

/** Options every HubSpot verifier takes. */
export interface HubSpotVerifyOptions {
  /** Injected for tests; defaults to the shared constant-time compare. */
  readonly compare?: SecretCompare;
}

/** Options for v3: the current time is required, so verification stays pure. */
export interface HubSpotV3VerifyOptions extends HubSpotVerifyOptions {
  readonly nowMs: number;
  readonly maxAgeMs?: number;
  readonly maxFutureMs?: number;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;
// Base64 of 32 bytes: 43 characters and one pad.
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;
const TIMESTAMP = /^\d{1,16}$/;

/** v1 signature: lower-case hex SHA-256 of secret + body. */
export function signV1(secret: BytesLike, body: BytesLike): string {
  return sha256(concatBytes([secret, body])).toString('hex');
}

/** v2 signature: lower-case hex SHA-256 of secret + method + url + body. */
export function signV2(secret: BytesLike, method: BytesLike, url: BytesLike, body: BytesLike): string {
  return sha256(concatBytes([secret, method, url, body])).toString('hex');
}

/** v3 signature: base64 HMAC-SHA256 keyed by the secret over method + url + body + timestamp (decimal ms). */
export function signV3(secret: BytesLike, method: BytesLike, url: BytesLike, body: BytesLike, timestampMs: number | string): string {
  return hmacSha256(secret, concatBytes([method, url, body, String(timestampMs)])).toString('base64');
}

function checkSignature(expected: string, signature: unknown, format: RegExp, compare: SecretCompare): Verification<HubSpotRefusal> {
  if (signature === undefined || signature === null || signature === '') return refuse('missing-signature');
  // Format (and so length) is checked before comparing; the digest's format is public.
  if (typeof signature !== 'string' || !format.test(signature)) return refuse('malformed-signature');
  return compare(Buffer.from(expected, 'latin1'), Buffer.from(signature, 'latin1')) ? VERIFIED : refuse('mismatch');
}

function usableSecret(secret: unknown): secret is BytesLike {
  return isBytesLike(secret) && secret.length > 0;
}

/** Verifies an `X-HubSpot-Signature` v1 header. Never throws. */
export function verifyV1(
  secret: unknown,
  body: unknown,
  signature: unknown,
  options: HubSpotVerifyOptions = {},
): Verification<HubSpotRefusal> {
  if (!usableSecret(secret)) return refuse('no-secret-configured');
  if (!isBytesLike(body)) return refuse('invalid-input');
  return checkSignature(signV1(secret, body), signature, HEX_SHA256, options?.compare ?? constantTimeEqual);
}

/** Verifies an `X-HubSpot-Signature` v2 header. Never throws. */
export function verifyV2(
  secret: unknown,
  method: unknown,
  url: unknown,
  body: unknown,
  signature: unknown,
  options: HubSpotVerifyOptions = {},
): Verification<HubSpotRefusal> {
  if (!usableSecret(secret)) return refuse('no-secret-configured');
  if (!isBytesLike(method) || !isBytesLike(url) || !isBytesLike(body)) return refuse('invalid-input');
  return checkSignature(signV2(secret, method, url, body), signature, HEX_SHA256, options?.compare ?? constantTimeEqual);
}

/** Reads `X-HubSpot-Request-Timestamp` (ms since the epoch), as the exact decimal text HubSpot signed. */
function readTimestamp(timestamp: unknown): { text: string; ms: number } | undefined {
  const text = typeof timestamp === 'number' && Number.isSafeInteger(timestamp) && timestamp >= 0 ? String(timestamp) : timestamp;
  return typeof text === 'string' && TIMESTAMP.test(text) ? { text, ms: Number(text) } : undefined;
}

/**
 * Verifies an `X-HubSpot-Signature-v3` header. Accepted only when
 * `-maxFutureMs <= nowMs - timestamp <= maxAgeMs` (both ends inclusive) and the signature
 * matches. Never throws.
 */
export function verifyV3(
  secret: unknown,
  method: unknown,
  url: unknown,
  body: unknown,
  timestamp: unknown,
  signature: unknown,
  options: HubSpotV3VerifyOptions,
): Verification<HubSpotRefusal> {
  if (!usableSecret(secret)) return refuse('no-secret-configured');
  if (!isBytesLike(method) || !isBytesLike(url) || !isBytesLike(body)) return refuse('invalid-input');
  const nowMs = options?.nowMs;
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) return refuse('invalid-input');
  const ts = readTimestamp(timestamp);
  if (!ts) return refuse('invalid-timestamp');
  const age = nowMs - ts.ms;
  if (age > (options.maxAgeMs ?? HUBSPOT_V3_MAX_AGE_MS)) return refuse('stale-timestamp');
  if (-age > (options.maxFutureMs ?? HUBSPOT_V3_MAX_FUTURE_MS)) return refuse('future-timestamp');
  return checkSignature(signV3(secret, method, url, body, ts.text), signature, BASE64_SHA256, options?.compare ?? constantTimeEqual);
}
