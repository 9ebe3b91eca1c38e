/** contracts/drchrono.yaml and the drchrono reference implementation agree (x-vendor-rules). */
import { expect, test } from '../../../fixtures/index.ts';
import { documented } from '../../../fixtures/documented.ts';
import { vendorContract, namedRule, vendorRule } from '../../../src/properties/vendor-contract.ts';
import { parseLifetime } from '../../../src/vendors/common/lifetime.ts';
import { DRCHRONO_REDELIVERY_OFFSETS_MS, isDelivered } from '../../../src/vendors/drchrono/redelivery.ts';
import { DRCHRONO_ACCESS_TOKEN, DRCHRONO_AUTHORIZATION_CODE } from '../../../src/vendors/drchrono/tokens.ts';
import { DRCHRONO_WEBHOOK_HEADERS, verificationAnswer, verifyVerificationAnswer } from '../../../src/vendors/drchrono/webhook.ts';

const contract = await vendorContract('drchrono');

test.describe('drchrono contract agrees with the reference implementation @vendor-rules', () => {
  test('token rules: a 48-hour access token and a single-use authorization code', () => {
    const access = namedRule(contract, 'tokens', 'access_token')!;
    expect(access.lifetimeSeconds).toBe(DRCHRONO_ACCESS_TOKEN.lifetimeSeconds);
    expect(parseLifetime(access.lifetime)).toBe(DRCHRONO_ACCESS_TOKEN.lifetimeSeconds);
    expect(namedRule(contract, 'tokens', 'authorization_code')?.singleUse).toBe(DRCHRONO_AUTHORIZATION_CODE.singleUse);
  });

  test('the verification example is answered and accepted exactly as the contract records it', () => {
    const { secret, msg, secret_token } = namedRule(contract, 'signatures', 'webhook-verification')!.example as Record<string, string>;
    expect(verificationAnswer(secret, msg)).toEqual({ secret_token });
    expect(verifyVerificationAnswer(secret, msg, { secret_token }).ok).toBe(true);
  });

  test('the delivery signature is the secret token itself, in X-drchrono-signature', () => {
    expect(namedRule(contract, 'signatures', 'webhook-delivery')).toMatchObject({
      scheme: 'shared-secret-header',
      header: DRCHRONO_WEBHOOK_HEADERS.signature,
    });
  });

  test('redelivery rule: the same offsets, and its failure examples are not deliveries', () => {
    expect((vendorRule(contract, 'webhookDelivery', 'retryAfterSeconds') as number[]).map((s) => s * 1000)).toEqual(
      DRCHRONO_REDELIVERY_OFFSETS_MS,
    );
    const failures = vendorRule(contract, 'webhookDelivery', 'failureExamples') as number[];
    for (const status of documented(failures, "the webhookDelivery rule's failureExamples"))
      expect(isDelivered(status), String(status)).toBe(false);
  });
});
