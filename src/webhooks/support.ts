import type { WebhookCheck } from './checks/types.ts';

/** What a vendor that sends webhooks adds: where a user's receiver is named, its secret's shape, its own checks. */
export interface WebhookSupport {
  /** The variables that point the receiver suite at a user's receiver; `secret` is the secret the vendor would hold. */
  readonly receiverVariables: { readonly url: string; readonly secret: string };
  /** A fresh secret shaped like the vendor's, for the reference receiver. */
  readonly newSecret: () => string;
  /** Signature versions a receiver may verify, where the vendor has several: read from `variable`. */
  readonly signatureVersions?: {
    readonly variable: string;
    readonly all: readonly string[];
    /** The versions a user's receiver is held to when `variable` is unset. */
    readonly fallback: readonly string[];
  };
  /** Receiver checks only this vendor's traffic needs (drchrono's verification handshake), by check name. */
  readonly checks?: Readonly<Record<string, WebhookCheck>>;
}
