/**
 * Laws of webhook signatures and shared-secret headers, each a function of the signer or
 * verifier under test. Expected digests come from `node:crypto` directly, never from the
 * implementation. Verifiers take the compare function as a parameter so a law can show that
 * every decision is the compare's answer (the structural check for constant-time comparison).
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import type { SecretCompare } from '../vendors/common/constant-time.ts';
import { AnyValueArb, SecretArb, UnicodeTextArb } from './arbitraries.ts';

type Bytes = string | Uint8Array;
/** A verifier's answer, as far as the laws read it. */
export interface VerdictLike {
  readonly ok: boolean;
  readonly reason: string;
}

/** `signV1`-shaped signer. */
export type SignV1Fn = (secret: Bytes, body: Bytes) => string;
/** `signV2`-shaped signer. */
export type SignV2Fn = (secret: Bytes, method: Bytes, url: Bytes, body: Bytes) => string;
/** `signV3`-shaped signer. */
export type SignV3Fn = (secret: Bytes, method: Bytes, url: Bytes, body: Bytes, timestampMs: number) => string;
/** `verifyV1`-shaped verifier. */
export type VerifyV1Fn = (secret: unknown, body: unknown, signature: unknown, options?: { compare?: SecretCompare }) => VerdictLike;
/** `verifyV2`-shaped verifier. */
export type VerifyV2Fn = (
  secret: unknown,
  method: unknown,
  url: unknown,
  body: unknown,
  signature: unknown,
  options?: { compare?: SecretCompare },
) => VerdictLike;
/** `verifyV3`-shaped verifier. */
export type VerifyV3Fn = (
  secret: unknown,
  method: unknown,
  url: unknown,
  body: unknown,
  timestamp: unknown,
  signature: unknown,
  options: { nowMs: number; compare?: SecretCompare },
) => VerdictLike;
/** `verificationAnswer`-shaped function (drchrono). */
export type AnswerFn = (secret: Bytes, msg: Bytes) => { secret_token: string };
/** `verifyVerificationAnswer`-shaped verifier (drchrono). */
export type VerifyAnswerFn = (secret: unknown, msg: unknown, body: unknown, options?: { compare?: SecretCompare }) => VerdictLike;
/** A shared-secret header verifier (Sikka callback key, drchrono delivery signature). */
export type VerifySharedSecretFn = (expected: unknown, header: unknown, options?: { compare?: SecretCompare }) => VerdictLike;

/** HTTP methods, upper case as HubSpot signs them. */
export const MethodArb = fc.constantFrom('POST', 'GET', 'PUT', 'PATCH', 'DELETE');

/** Target URLs with arbitrary Unicode in path and query. */
export const UrlArb = fc
  .tuple(fc.constantFrom('https://example.com', 'https://hooks.example.org:8443', 'http://localhost:3000'), UnicodeTextArb, UnicodeTextArb)
  .map(([origin, path, query]) => `${origin}/${path}${query ? `?q=${query}` : ''}`);

/** The fixed instant the v3 laws call "now". */
export const V3_NOW_MS = 1_750_000_000_000;

const utf8 = (value: Bytes): Buffer => (typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value));
const sha256Hex = (...parts: Bytes[]): string =>
  createHash('sha256')
    .update(Buffer.concat(parts.map(utf8)))
    .digest('hex');
const hmacOf = (secret: Bytes, ...parts: Bytes[]): Buffer =>
  createHmac('sha256', utf8(secret))
    .update(Buffer.concat(parts.map(utf8)))
    .digest();

/** One byte changed: position (mod length) and a non-zero XOR mask. */
export const ByteFlipArb = fc.record({ at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) });

function flip(value: Bytes, { at, mask }: { at: number; mask: number }): Uint8Array {
  const bytes = Uint8Array.from(utf8(value));
  bytes[at % bytes.length] ^= mask;
  return bytes;
}

/** Garbage for any verifier argument. */
export const GarbageArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, '', 0, -1, Number.NaN, 'zz', 'not-hex!', '0'.repeat(63), 'A'.repeat(44), [], {}),
  AnyValueArb,
);

// ---------------------------------------------------------------------------------- HubSpot

/** Law: v1 signatures are sha256_hex(secret + body), as node:crypto computes it. */
export function v1MatchesNodeCrypto(sign: SignV1Fn) {
  return fc.property(SecretArb, UnicodeTextArb, (secret, body) => sign(secret, body) === sha256Hex(secret, body));
}

/** Law: v2 signatures are sha256_hex(secret + method + url + body). */
export function v2MatchesNodeCrypto(sign: SignV2Fn) {
  return fc.property(
    SecretArb,
    MethodArb,
    UrlArb,
    UnicodeTextArb,
    (secret, method, url, body) => sign(secret, method, url, body) === sha256Hex(secret, method, url, body),
  );
}

/** Law: v3 signatures are base64(HMAC-SHA256(secret, method + url + body + timestamp)). */
export function v3MatchesNodeCrypto(sign: SignV3Fn) {
  return fc.property(SecretArb, MethodArb, UrlArb, UnicodeTextArb, fc.nat({ max: 4_000_000_000_000 }), (secret, method, url, body, ts) => {
    return sign(secret, method, url, body, ts) === hmacOf(secret, method, url, body, String(ts)).toString('base64');
  });
}

/** Law: v1 sign-then-verify accepts, and changing any one byte of the secret or body rejects. */
export function v1SignThenVerify(sign: SignV1Fn, verify: VerifyV1Fn) {
  return fc.property(
    SecretArb,
    UnicodeTextArb,
    fc.constantFrom('secret' as const, 'body' as const),
    ByteFlipArb,
    (secret, body, part, change) => {
      const signature = sign(secret, body);
      if (!verify(secret, body, signature).ok) return false;
      if (part === 'body' && body.length === 0) return true;
      return part === 'secret' ? !verify(flip(secret, change), body, signature).ok : !verify(secret, flip(body, change), signature).ok;
    },
  );
}

/** Law: v2 sign-then-verify accepts, and changing any one byte of the secret, method, URL or body rejects. */
export function v2SignThenVerify(sign: SignV2Fn, verify: VerifyV2Fn) {
  return fc.property(
    SecretArb,
    MethodArb,
    UrlArb,
    UnicodeTextArb,
    fc.nat({ max: 3 }),
    ByteFlipArb,
    (secret, method, url, body, part, change) => {
      const signature = sign(secret, method, url, body);
      if (!verify(secret, method, url, body, signature).ok) return false;
      const parts: Bytes[] = [secret, method, url, body];
      if (utf8(parts[part]).length === 0) return true;
      parts[part] = flip(parts[part], change);
      return !verify(parts[0], parts[1], parts[2], parts[3], signature).ok;
    },
  );
}

/** A v3 timestamp offset from now: the boundaries exactly, and ages well inside and outside them. */
export const V3AgeArb = fc.oneof(
  fc.constantFrom(0, 300_000, 300_001, -60_000, -60_001, 1, -1),
  fc.integer({ min: -60_000, max: 300_000 }),
  fc.integer({ min: -10_000_000, max: 10_000_000 }),
);

/**
 * Law: v3 sign-then-verify accepts exactly when the timestamp is at most 300 000 ms old and at
 * most 60 000 ms ahead (both boundaries accepted), and changing one byte of the secret, method,
 * URL or body, or the timestamp itself, rejects.
 */
export function v3SignThenVerify(sign: SignV3Fn, verify: VerifyV3Fn) {
  return fc.property(
    SecretArb,
    MethodArb,
    UrlArb,
    UnicodeTextArb,
    V3AgeArb,
    fc.nat({ max: 4 }),
    ByteFlipArb,
    fc.integer({ min: 1, max: 1000 }),
    (secret, method, url, body, age, part, change, shift) => {
      const ts = V3_NOW_MS - age;
      const signature = sign(secret, method, url, body, ts);
      const fresh = age <= 300_000 && age >= -60_000;
      if (verify(secret, method, url, body, String(ts), signature, { nowMs: V3_NOW_MS }).ok !== fresh) return false;
      if (part === 4) return !verify(secret, method, url, body, String(ts + shift), signature, { nowMs: V3_NOW_MS }).ok;
      const parts: Bytes[] = [secret, method, url, body];
      if (utf8(parts[part]).length === 0) return true;
      parts[part] = flip(parts[part], change);
      return !verify(parts[0], parts[1], parts[2], parts[3], String(ts), signature, { nowMs: V3_NOW_MS }).ok;
    },
  );
}

/** Law: HubSpot verifiers never throw, whatever they are given, and refuse garbage signatures. */
export function hubspotVerifiersNeverThrow(v1: VerifyV1Fn, v2: VerifyV2Fn, v3: VerifyV3Fn) {
  return fc.property(fc.array(GarbageArb, { minLength: 6, maxLength: 6 }), fc.oneof(fc.integer(), fc.double()), (args, nowMs) => {
    const [a, b, c, d, e, f] = args;
    v1(a, b, c);
    v2(a, b, c, d, e);
    v3(a, b, c, d, e, f, { nowMs });
    // A real secret and body with a garbage signature is refused, not accepted and not thrown.
    return (
      !v1('secret', 'body', f).ok &&
      !v2('secret', 'POST', 'https://x', 'body', f).ok &&
      !v3('secret', 'POST', 'https://x', 'body', String(V3_NOW_MS), f, { nowMs: V3_NOW_MS }).ok
    );
  });
}

/**
 * Law: a verifier's decision on a well-formed signature is its compare's answer, and the
 * compare sees the expected digest text (computed here by node:crypto) and the received one.
 * A verifier that compares with `===` (or anything else besides the injected compare) fails.
 */
export function hubspotDecisionsRouteThroughCompare(v1: VerifyV1Fn, v2: VerifyV2Fn, v3: VerifyV3Fn) {
  return fc.property(
    SecretArb,
    MethodArb,
    UrlArb,
    UnicodeTextArb,
    fc.constantFrom('v1' as const, 'v2' as const, 'v3' as const),
    fc.boolean(),
    fc.boolean(),
    (secret, method, url, body, version, genuine, answer) => {
      const ts = String(V3_NOW_MS - 1000);
      const expected =
        version === 'v1'
          ? sha256Hex(secret, body)
          : version === 'v2'
            ? sha256Hex(secret, method, url, body)
            : hmacOf(secret, method, url, body, ts).toString('base64');
      // A well-formed signature: the genuine one, or a wrong one of the same format.
      const received = genuine
        ? expected
        : version === 'v3'
          ? hmacOf(`${secret}x`, body).toString('base64')
          : sha256Hex(`${secret}x`, body);
      const calls: [string, string][] = [];
      const compare: SecretCompare = (a, b) => {
        calls.push([Buffer.from(a).toString('latin1'), Buffer.from(b).toString('latin1')]);
        return answer;
      };
      const verdict =
        version === 'v1'
          ? v1(secret, body, received, { compare })
          : version === 'v2'
            ? v2(secret, method, url, body, received, { compare })
            : v3(secret, method, url, body, ts, received, { nowMs: V3_NOW_MS, compare });
      return verdict.ok === answer && calls.length === 1 && calls[0][0] === expected && calls[0][1] === received;
    },
  );
}

// ---------------------------------------------------------------------------------- drchrono

/** Law: the verification answer is `{secret_token: hex(HMAC-SHA256(secret, msg))}` as node:crypto computes it, for any msg, empty and non-ASCII included. */
export function answerMatchesNodeCrypto(answer: AnswerFn) {
  // Lone surrogates are listed rather than drawn from `unit: 'binary'`, whose first use costs a second.
  const msgArb = fc.oneof(
    fc.constantFrom('', '\uD800', 'a\uDFFFb', '\u00e9\u0301', '\u{1F600}'),
    UnicodeTextArb,
    fc.string({ unit: 'grapheme-ascii' }),
  );
  return fc.property(SecretArb, msgArb, (secret, msg) => {
    const body = answer(secret, msg);
    return Object.keys(body).length === 1 && body.secret_token === hmacOf(secret, msg).toString('hex');
  });
}

/**
 * Law: the answer verifier accepts the genuine answer (object or JSON text) and refuses the same
 * digest in base64 or upper-case hex, an answer made with another key, and a missing field.
 */
export function answerVerifierLaws(verify: VerifyAnswerFn) {
  return fc.property(
    SecretArb,
    UnicodeTextArb,
    fc.boolean(),
    fc.constantFrom('base64', 'upper', 'other-key', 'missing', 'not-object'),
    (secret, msg, asText, mistake) => {
      const digest = hmacOf(secret, msg);
      const genuine = { secret_token: digest.toString('hex') };
      const encode = (value: unknown) => (asText ? JSON.stringify(value) : value);
      if (!verify(secret, msg, encode(genuine)).ok) return false;
      // Upper-casing digits-only hex changes nothing; that answer is genuine.
      if (mistake === 'upper' && !/[a-f]/.test(genuine.secret_token)) return true;
      const wrong =
        mistake === 'base64'
          ? { secret_token: digest.toString('base64') }
          : mistake === 'upper'
            ? { secret_token: digest.toString('hex').toUpperCase() }
            : mistake === 'other-key'
              ? { secret_token: hmacOf(`${secret}!`, msg).toString('hex') }
              : mistake === 'missing'
                ? { secretToken: digest.toString('hex') }
                : [genuine];
      return !verify(secret, msg, encode(wrong)).ok;
    },
  );
}

/** Law: the answer verifier never throws, whatever the secret, msg and body. */
export function answerVerifierNeverThrows(verify: VerifyAnswerFn) {
  return fc.property(GarbageArb, GarbageArb, GarbageArb, (secret, msg, body) => typeof verify(secret, msg, body).ok === 'boolean');
}

/** Law: the answer verifier's decision on a lower-case hex answer is its compare's answer on (expected hex, received). */
export function answerDecisionRoutesThroughCompare(verify: VerifyAnswerFn) {
  return fc.property(SecretArb, UnicodeTextArb, fc.boolean(), fc.boolean(), (secret, msg, genuine, answer) => {
    const expected = hmacOf(secret, msg).toString('hex');
    const received = genuine ? expected : hmacOf(`${secret}!`, msg).toString('hex');
    const calls: [string, string][] = [];
    const compare: SecretCompare = (a, b) => {
      calls.push([Buffer.from(a).toString('latin1'), Buffer.from(b).toString('latin1')]);
      return answer;
    };
    const verdict = verify(secret, msg, { secret_token: received }, { compare });
    return verdict.ok === answer && calls.length === 1 && calls[0][0] === expected && calls[0][1] === received;
  });
}

// ---------------------------------------------------------------------------------- shared-secret headers

/**
 * Law: a shared-secret header verifies exactly when it equals the configured secret; any
 * other value, any one-byte change, a missing header and garbage are refused without throwing.
 */
export function sharedSecretHeaderLaws(verify: VerifySharedSecretFn) {
  return fc.property(SecretArb, fc.oneof(UnicodeTextArb, GarbageArb), ByteFlipArb, (secret, other, change) => {
    if (!verify(secret, secret).ok) return false;
    const flipped = Buffer.from(flip(secret, change)).toString('latin1');
    const sameAsSecret = typeof other === 'string' && Buffer.from(other, 'utf8').equals(Buffer.from(secret, 'utf8'));
    return verify(secret, other).ok === sameAsSecret && !verify(secret, flipped).ok && !verify(secret, undefined).ok && !verify('', '').ok;
  });
}

/** Law: a shared-secret header's decision is its compare's answer on (secret, header) bytes. */
export function sharedSecretRoutesThroughCompare(verify: VerifySharedSecretFn) {
  return fc.property(SecretArb, UnicodeTextArb, fc.boolean(), (secret, header, answer) => {
    const calls: [string, string][] = [];
    const compare: SecretCompare = (a, b) => {
      calls.push([Buffer.from(a).toString('utf8'), Buffer.from(b).toString('utf8')]);
      return answer;
    };
    const verdict = verify(secret, header, { compare });
    return verdict.ok === answer && calls.length === 1 && calls[0][0] === secret && calls[0][1] === header;
  });
}
