/** Sikka webhook callback key laws (Sikka APIs (Postman documentation), "Webhooks" → "Headers"). */
import { test } from '../../../fixtures/index.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import { sharedSecretHeaderLaws, sharedSecretRoutesThroughCompare } from '../../../src/properties/signatures.ts';
import { verifyCallbackKey } from '../../../src/vendors/sikka/webhook.ts';

const PURE = { kind: 'pure' } as const;

test.describe('Sikka webhook callback key @webhook', () => {
  test('X-API-callback-key verifies exactly when it equals the configured key; garbage is refused without throwing', async () => {
    await checkProperty(sharedSecretHeaderLaws(verifyCallbackKey), PURE);
  });

  test("every callback-key decision is the constant-time compare's answer", async () => {
    await checkProperty(sharedSecretRoutesThroughCompare(verifyCallbackKey), PURE);
  });
});
