/** Byte helpers for the signature schemes: every text is hashed as UTF-8. */
import { createHash, createHmac } from 'node:crypto';

/** Text or raw bytes, as signature inputs may arrive. */
export type BytesLike = string | Uint8Array;

/** True for the inputs a signer accepts. */
export function isBytesLike(value: unknown): value is BytesLike {
  return typeof value === 'string' || value instanceof Uint8Array;
}

/** UTF-8 bytes of a string; bytes pass through. */
export function toBytes(value: BytesLike): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

/** Concatenates byte strings, as the HubSpot schemes concatenate their parts before hashing. */
export function concatBytes(parts: readonly BytesLike[]): Uint8Array {
  return Buffer.concat(parts.map(toBytes));
}

/** SHA-256 digest. */
export function sha256(data: BytesLike): Buffer {
  return createHash('sha256').update(toBytes(data)).digest();
}

/** HMAC-SHA256 digest. */
export function hmacSha256(key: BytesLike, data: BytesLike): Buffer {
  return createHmac('sha256', toBytes(key)).update(toBytes(data)).digest();
}
