/**
 * Which receiver a webhook suite talks to: the reference receiver on loopback (the default), or the user's own
 * receiver when its URL and secret are both set. The variables' names come from the vendor's descriptor.
 */
import type { WebhookSupport } from './support.ts';
import { WebhookError, WebhookErrorCode } from './errors.ts';
import type { WebhookVendor } from './types.ts';

export type ReceiverTarget =
  | { readonly kind: 'reference'; readonly vendor: WebhookVendor; readonly signatureVersions: readonly string[] }
  | {
      readonly kind: 'external';
      readonly vendor: WebhookVendor;
      readonly url: string;
      readonly secret: string;
      readonly signatureVersions: readonly string[];
    };

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/** True for a project whose vendor sends webhooks. */
interface WebhookVendors {
  /** What a vendor adds for webhooks, or undefined for a vendor that sends none. */
  support(vendor: string): WebhookSupport | undefined;
  /** The vendors that send webhooks. */
  names(): string[];
}

let vendors: WebhookVendors | undefined;

/** Where the vendors' webhook support comes from: the vendor registry provides it when it loads the vendors. */
export function provideWebhookVendors(lookup: WebhookVendors): void {
  vendors = lookup;
}

function webhookVendors(): WebhookVendors {
  if (!vendors) throw new Error("VENDORS_NOT_LOADED: the vendors' webhook support is unknown; import src/vendors/registry.ts first");
  return vendors;
}

export const isWebhookVendor = (name: string): boolean => webhookVendors().support(name) !== undefined;

/** The webhook side of a vendor's descriptor; throws `WEBHOOK_RECEIVER_CONFIG` for a vendor that sends none. */
export function webhookSupport(vendor: string): WebhookSupport {
  const support = webhookVendors().support(vendor);
  if (!support)
    throw new WebhookError(
      WebhookErrorCode.config,
      `"${vendor}" sends no webhooks; vendors that do: ${webhookVendors().names().join(', ')}`,
    );
  return support;
}

/** The variables that point a vendor's webhook suite at a receiver. */
export const receiverVariables = (vendor: WebhookVendor): WebhookSupport['receiverVariables'] => webhookSupport(vendor).receiverVariables;

/**
 * Reads the receiver variables of `vendor`. Both unset: the reference receiver. Both set: that receiver.
 * One set without the other, a URL that is not http(s), or an unknown signature version: `WEBHOOK_RECEIVER_CONFIG`
 * with a one-line message naming the variable.
 */
export function receiverTarget(vendor: WebhookVendor, env: Readonly<Record<string, string | undefined>> = process.env): ReceiverTarget {
  const support = webhookSupport(vendor);
  const names = support.receiverVariables;
  const url = env[names.url];
  const secret = env[names.secret];
  const versions = support.signatureVersions;
  const signatureVersions = readSignatureVersions(vendor, versions && env[versions.variable]);
  if (!present(url) && !present(secret)) {
    // The reference receiver verifies every version unless told otherwise, so every version's tests run by default.
    const declared = versions && !present(env[versions.variable]) ? versions.all : signatureVersions;
    return { kind: 'reference', vendor, signatureVersions: declared };
  }
  if (!present(secret))
    throw new WebhookError(
      WebhookErrorCode.config,
      `${names.url} is set but ${names.secret} is not: set ${names.secret} to the secret the receiver verifies with`,
    );
  if (!present(url))
    throw new WebhookError(
      WebhookErrorCode.config,
      `${names.secret} is set but ${names.url} is not: set ${names.url} to the receiver's webhook URL`,
    );
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new WebhookError(WebhookErrorCode.config, `${names.url} is not a URL: "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new WebhookError(WebhookErrorCode.config, `${names.url} must be an http(s) URL, not "${parsed.protocol}"`);
  // The URL is used exactly as written: HubSpot v2 and v3 sign the URL as configured in the app.
  return { kind: 'external', vendor, url: url.trim(), secret, signatureVersions };
}

/**
 * The signature versions a vendor's receiver declares: `v1,v2,v3` (any order, any case, blanks ignored) → the
 * declared versions in the vendor's order; unset or empty → the vendor's fallback. A vendor with one scheme has none.
 */
export function readSignatureVersions(vendor: WebhookVendor, value: string | undefined): readonly string[] {
  const versions = webhookSupport(vendor).signatureVersions;
  if (!versions) return [];
  if (!present(value)) return versions.fallback;
  const listed = value
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  const unknown = listed.filter((v) => !versions.all.includes(v));
  if (unknown.length > 0)
    throw new WebhookError(
      WebhookErrorCode.config,
      `${versions.variable} lists ${unknown.join(', ')}; use a comma-separated subset of ${versions.all.join(',')}`,
    );
  return versions.all.filter((v) => listed.includes(v));
}
