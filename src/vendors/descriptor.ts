/**
 * Everything the suite knows about one vendor, in one typed value: `src/vendors/<vendor>/index.ts` exports it as its
 * default export and the registry (src/vendors/registry.ts) discovers it. A vendor without quirks needs no
 * descriptor at all: its contract alone gives the generic sandbox profile and the generic checks.
 */
import type { SandboxProfile } from '../targets/bootstrap.ts';
import type { WebhookCheck } from '../webhooks/checks/types.ts';
import type { DocSource } from './common/doc-source.ts';
import type { Outcome } from './common/outcome.ts';

/** A vendor's response classifier: how its answers read, and where they disagree with its document. */
export type Classifier = (status: number, body: unknown) => Outcome;

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

export interface VendorDescriptor {
  /** The project name: the contract's file name without extension (`hubspot-webhooks`). */
  readonly name: string;
  /** The contract's file name under `contracts/`. */
  readonly contract: string;
  /** The vendor's document the contract and the rules cite. */
  readonly document: DocSource;
  /** How to obtain a session from a live sandbox; the generic profile (`<PREFIX>_BASE_URL`, `_TOKEN`) when absent. */
  readonly sandbox?: (prefix: string) => SandboxProfile;
  /**
   * Parameter, header and field names whose values are credentials in this vendor's traffic, beyond the generic
   * ones (authorization, token, client_secret, …); matched case-insensitively, `-` and `_` ignored.
   */
  readonly secretNames?: readonly string[];
  /** Runs as the `vendorErrorRules` check on every answer where the contract declares `x-vendor-rules.errors`. */
  readonly errors?: Classifier;
  readonly webhooks?: WebhookSupport;
}

/** Types a descriptor in place: `export default defineVendor({ … })`. */
export const defineVendor = (descriptor: VendorDescriptor): VendorDescriptor => descriptor;
