/**
 * Mutation tests: the signature laws catch non-constant-time and wrong-encoding verifiers.
 *
 * Constant time cannot be observed from outputs, so it is checked structurally: verifiers take
 * the compare as a dependency, and a law feeds them a compare that answers at random. A verifier
 * whose decisions follow that answer routes every comparison through the compare (by default the
 * shared `constantTimeEqual`); one that uses `===` ignores it and is caught.
 */
import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
  answerDecisionRoutesThroughCompare,
  answerMatchesNodeCrypto,
  answerVerifierLaws,
  hubspotDecisionsRouteThroughCompare,
  hubspotVerifiersNeverThrow,
  sharedSecretHeaderLaws,
  sharedSecretRoutesThroughCompare,
  v1SignThenVerify,
  v3SignThenVerify,
  type AnswerFn,
  type VerifyAnswerFn,
  type VerifyV1Fn,
  type VerifyV3Fn,
} from '../../../src/properties/signatures.ts';
import { signV1, signV3, verifyV1, verifyV2, verifyV3 } from '../../../src/vendors/hubspot/signature.ts';
import { verifyVerificationAnswer } from '../../../src/vendors/drchrono/webhook.ts';
import { verifyCallbackKey } from '../../../src/vendors/sikka/webhook.ts';
import { expectCaught, expectHolds } from './support.ts';

/** Right answers, but compared with `===`: a timing side channel. */
const tripleEqualsV1: VerifyV1Fn = (secret, body, signature) =>
  typeof secret === 'string' && typeof body === 'string' && signature === signV1(secret, body)
    ? { ok: true, reason: 'verified' }
    : { ok: false, reason: 'mismatch' };

/** `===` for the callback key. */
const tripleEqualsCallbackKey = (expected: unknown, header: unknown) =>
  typeof expected === 'string' && expected !== '' && header === expected
    ? { ok: true, reason: 'verified' }
    : { ok: false, reason: 'mismatch' };

/** `===` for the drchrono answer. */
const tripleEqualsAnswer: VerifyAnswerFn = (secret, msg, body) => {
  const token = (body as { secret_token?: unknown } | null)?.secret_token;
  const expected = createHmac('sha256', String(secret)).update(String(msg)).digest('hex');
  return token === expected ? { ok: true, reason: 'verified' } : { ok: false, reason: 'mismatch' };
};

/** Answers in base64 where drchrono expects hex. */
const base64Answer: AnswerFn = (secret, msg) => ({ secret_token: createHmac('sha256', secret).update(msg).digest('base64') });

/** Expects base64 where drchrono expects hex. */
const base64AnswerVerifier: VerifyAnswerFn = (secret, msg, body) => {
  const token = (body as { secret_token?: unknown } | null)?.secret_token;
  return token === base64Answer(String(secret), String(msg)).secret_token
    ? { ok: true, reason: 'verified' }
    : { ok: false, reason: 'mismatch' };
};

/** Treats a timestamp exactly 300000 ms old as stale (>= instead of >). */
const strictBoundaryV3: VerifyV3Fn = (secret, method, url, body, timestamp, signature, options) =>
  options.nowMs - Number(timestamp) >= 300_000
    ? { ok: false, reason: 'stale-timestamp' }
    : verifyV3(secret, method, url, body, timestamp, signature, options);

/** Verifies v1 but throws on a missing signature. */
const throwingV1: VerifyV1Fn = (secret, body, signature) => {
  if (typeof signature !== 'string') throw new TypeError('signature must be a string');
  return verifyV1(secret, body, signature);
};

test.describe('signature laws catch planted bugs', () => {
  test('the reference verifiers route every decision through the injected compare', async () => {
    await expectHolds(hubspotDecisionsRouteThroughCompare(verifyV1, verifyV2, verifyV3));
    await expectHolds(answerDecisionRoutesThroughCompare(verifyVerificationAnswer));
    await expectHolds(sharedSecretRoutesThroughCompare(verifyCallbackKey));
  });

  test('a HubSpot v1 verifier using === is caught although its answers are right', async () => {
    await expectHolds(v1SignThenVerify(signV1, tripleEqualsV1), 200);
    await expectCaught(hubspotDecisionsRouteThroughCompare(tripleEqualsV1, verifyV2, verifyV3));
  });

  test('a callback-key verifier using === is caught although its answers are right', async () => {
    await expectHolds(sharedSecretHeaderLaws(tripleEqualsCallbackKey), 200);
    await expectCaught(sharedSecretRoutesThroughCompare(tripleEqualsCallbackKey));
  });

  test('a drchrono answer verifier using === is caught', async () => {
    await expectCaught(answerDecisionRoutesThroughCompare(tripleEqualsAnswer));
  });

  test('a base64 verification answer is caught, shrunk to a one-character secret and empty msg', async () => {
    const [secret, msg] = await expectCaught(answerMatchesNodeCrypto(base64Answer));
    expect([secret.length, msg]).toEqual([1, '']);
  });

  test('a verifier expecting base64 instead of hex is caught', async () => {
    await expectCaught(answerVerifierLaws(base64AnswerVerifier));
  });

  test('a v3 verifier that rejects exactly 300000 ms is caught at the boundary', async () => {
    const [, , , , age] = await expectCaught(v3SignThenVerify(signV3, strictBoundaryV3));
    expect(age).toBe(300_000);
  });

  test('a verifier that throws on a missing signature is caught', async () => {
    await expectCaught(hubspotVerifiersNeverThrow(throwingV1, verifyV2, verifyV3));
  });
});
