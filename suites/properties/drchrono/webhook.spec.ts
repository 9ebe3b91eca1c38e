/** drchrono webhook laws (drchrono API documentation, "Webhooks verification", "Webhooks header and body", "Webhooks security"). */
import { expect, test } from '../../../fixtures/index.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import {
  answerDecisionRoutesThroughCompare,
  answerMatchesNodeCrypto,
  answerVerifierLaws,
  answerVerifierNeverThrows,
  sharedSecretHeaderLaws,
  sharedSecretRoutesThroughCompare,
} from '../../../src/properties/signatures.ts';
import { verificationAnswer, verifyDeliverySignature, verifyVerificationAnswer } from '../../../src/vendors/drchrono/webhook.ts';

const PURE = { kind: 'pure' } as const;

test.describe('drchrono webhooks @webhook', () => {
  test('the verification answer is {secret_token: hex(HMAC-SHA256(secret token, msg))}, as node:crypto computes it, for any msg (empty and non-ASCII too)', async () => {
    await checkProperty(answerMatchesNodeCrypto(verificationAnswer), PURE);
  });

  test('the answer verifier accepts the genuine answer and refuses base64, upper-case hex, another key, a missing field and a non-object', async () => {
    await checkProperty(answerVerifierLaws(verifyVerificationAnswer), PURE);
  });

  test('the answer verifier names the mistake', () => {
    const { secret_token } = verificationAnswer('s3cret', 'hello');
    const base64 = Buffer.from(secret_token, 'hex').toString('base64');
    expect(verifyVerificationAnswer('s3cret', 'hello', { secret_token })).toEqual({ ok: true, reason: 'verified' });
    expect(verifyVerificationAnswer('s3cret', 'hello', JSON.stringify({ secret_token }))).toEqual({ ok: true, reason: 'verified' });
    expect(verifyVerificationAnswer('s3cret', 'hello', { secret_token: base64 }).reason).toBe('base64-instead-of-hex');
    expect(verifyVerificationAnswer('s3cret', 'hello', { secret_token: secret_token.toUpperCase() }).reason).toBe('uppercase-hex');
    expect(verifyVerificationAnswer('other', 'hello', { secret_token }).reason).toBe('mismatch');
    expect(verifyVerificationAnswer('s3cret', 'hello', { secrettoken: secret_token }).reason).toBe('missing-secret-token');
    expect(verifyVerificationAnswer('s3cret', 'hello', 'not json').reason).toBe('not-an-object');
    expect(verifyVerificationAnswer('s3cret', 'hello', { secret_token: 42 }).reason).toBe('not-a-string');
  });

  test('the answer verifier never throws, whatever it is given', async () => {
    await checkProperty(answerVerifierNeverThrows(verifyVerificationAnswer), PURE);
  });

  test("every answer decision is the constant-time compare's answer on the expected and received hex", async () => {
    await checkProperty(answerDecisionRoutesThroughCompare(verifyVerificationAnswer), PURE);
  });

  test("X-drchrono-signature verifies exactly when it equals the webhook's secret token; garbage is refused without throwing", async () => {
    await checkProperty(sharedSecretHeaderLaws(verifyDeliverySignature), PURE);
    await checkProperty(sharedSecretRoutesThroughCompare(verifyDeliverySignature), PURE);
  });
});
