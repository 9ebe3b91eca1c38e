/**
 * The one place secrets and signatures are compared. Every verifier takes the compare
 * function as an injectable dependency defaulting to `constantTimeEqual`, so a test can
 * prove each accept/reject decision is the compare's answer (suites/engine/vendors).
 */
import { timingSafeEqual } from 'node:crypto';
import { isBytesLike, toBytes } from './bytes.ts';

/** Compares an expected secret value with a received one. */
export type SecretCompare = (expected: Uint8Array, received: Uint8Array) => boolean;

/**
 * Constant-time equality over equal-length buffers. Different lengths are rejected before
 * comparing (timingSafeEqual throws on them); only the length can leak, and every value
 * compared here has a public length (digests) or is a high-entropy shared secret.
 */
export const constantTimeEqual: SecretCompare = (expected, received) =>
  expected.length === received.length && timingSafeEqual(expected, received);

/** The outcome of a verifier: `ok` with `reason: 'verified'`, or a reason for refusing. */
export type Verification<Reason extends string> =
  { readonly ok: true; readonly reason: 'verified' } | { readonly ok: false; readonly reason: Reason };

/** Why a shared-secret header was refused. */
export type SharedSecretRefusal = 'no-secret-configured' | 'missing' | 'malformed' | 'mismatch';

/** The accepted verification, shared so verifiers do not allocate it. */
export const VERIFIED = { ok: true, reason: 'verified' } as const;

/** A refusal with its reason. */
export function refuse<Reason extends string>(reason: Reason): { readonly ok: false; readonly reason: Reason } {
  return { ok: false, reason };
}

/**
 * Verifies a header that carries a shared secret as-is (Sikka's `X-API-callback-key`,
 * drchrono's `X-drchrono-signature`). An empty configured secret accepts nothing;
 * repeated headers (arrays) are malformed. Never throws.
 */
export function verifySharedSecret(
  expected: unknown,
  received: unknown,
  compare: SecretCompare = constantTimeEqual,
): Verification<SharedSecretRefusal> {
  if (!isBytesLike(expected) || expected.length === 0) return refuse('no-secret-configured');
  if (received === undefined || received === null) return refuse('missing');
  if (typeof received !== 'string') return refuse('malformed');
  return compare(toBytes(expected), toBytes(received)) ? VERIFIED : refuse('mismatch');
}
