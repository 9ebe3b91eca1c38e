/**
 * Sikka webhook deliveries carry the shared callback key in a header.
 * Source: Sikka APIs (Postman documentation), "Webhooks" → "Headers" (`X-API-callback-key`).
 */
import {
  constantTimeEqual,
  verifySharedSecret,
  type SecretCompare,
  type SharedSecretRefusal,
  type Verification,
} from '../common/constant-time.ts';
import { docSection } from '../common/doc-source.ts';
import { SIKKA_DOCUMENT } from './document.ts';

/** The header that carries the callback key. */
export const SIKKA_CALLBACK_HEADER = 'X-API-callback-key';

/** Where the header comes from. */
export const SIKKA_WEBHOOK_DOC = docSection(SIKKA_DOCUMENT, 'Webhooks / Headers');

/** Options for the verifier: the compare is injectable for tests. */
export interface CallbackKeyVerifyOptions {
  readonly compare?: SecretCompare;
}

/** Verifies an `X-API-callback-key` header against the configured key, in constant time. Never throws. */
export function verifyCallbackKey(
  expected: unknown,
  header: unknown,
  options: CallbackKeyVerifyOptions = {},
): Verification<SharedSecretRefusal> {
  return verifySharedSecret(expected, header, options?.compare ?? constantTimeEqual);
}
