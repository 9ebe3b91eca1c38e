/**
 * Everything the suite knows about one vendor, in one typed value: `src/vendors/<vendor>/index.ts` exports it as its
 * default export and the registry (src/vendors/registry.ts) discovers it. A vendor without quirks needs no
 * descriptor at all: its contract alone gives the generic sandbox profile and the generic checks.
 */
import type { SandboxProfile } from '../targets/bootstrap.ts';
import type { WebhookSupport } from '../webhooks/support.ts';
import type { DocSource } from './common/doc-source.ts';
import type { Classifier } from './common/outcome.ts';

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
