/**
 * The user-facing errors of webhook conformance, each with a stable code and a one-line message that says what
 * to do. Everything else that goes wrong with a receiver is a violation, not an error.
 */

export const WebhookErrorCode = {
  /** A receiver variable is set without its partner, or holds an unusable value. */
  config: 'WEBHOOK_RECEIVER_CONFIG',
  /** The receiver could not be reached, or did not answer in time. */
  unreachable: 'WEBHOOK_RECEIVER_UNREACHABLE',
  /** A contract lacks the webhook or the rule the suite needs. */
  contract: 'WEBHOOK_CONTRACT',
} as const;

export type WebhookErrorCode = (typeof WebhookErrorCode)[keyof typeof WebhookErrorCode];

/** A webhook-conformance error; the message starts with the code, so reports and Allure categories can match it. */
export class WebhookError extends Error {
  override readonly name = 'WebhookError';

  constructor(
    readonly code: WebhookErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
