/**
 * Which receiver a webhook suite talks to: the reference receiver on loopback (the default), or the user's own
 * receiver when its URL and secret are both set.
 */
import { HUBSPOT_VERSIONS, type HubSpotVersion, type WebhookVendor } from './types.ts';
import { WebhookError, WebhookErrorCode } from './errors.ts';

/** The variables that point a vendor's webhook suite at a receiver. `secret` is the shared secret the vendor would hold. */
export const RECEIVER_VARIABLES = {
  drchrono: { url: 'DRCHRONO_WEBHOOK_RECEIVER_URL', secret: 'DRCHRONO_WEBHOOK_SECRET' },
  sikka: { url: 'SIKKA_WEBHOOK_RECEIVER_URL', secret: 'SIKKA_CALLBACK_KEY' },
  'hubspot-webhooks': { url: 'HUBSPOT_WEBHOOK_RECEIVER_URL', secret: 'HUBSPOT_CLIENT_SECRET' },
} as const satisfies Record<WebhookVendor, { url: string; secret: string }>;

/** Declares the HubSpot signature versions the receiver verifies: `v1,v2,v3`; `v3` when unset. */
export const HUBSPOT_VERSIONS_VARIABLE = 'HUBSPOT_WEBHOOK_VERSIONS';
export const DEFAULT_HUBSPOT_VERSIONS: readonly HubSpotVersion[] = ['v3'];

export type ReceiverTarget =
  | { readonly kind: 'reference'; readonly vendor: WebhookVendor; readonly hubspotVersions: readonly HubSpotVersion[] }
  | {
      readonly kind: 'external';
      readonly vendor: WebhookVendor;
      readonly url: string;
      readonly secret: string;
      readonly hubspotVersions: readonly HubSpotVersion[];
    };

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * Reads the receiver variables of `vendor`. Both unset: the reference receiver. Both set: that receiver.
 * One set without the other, a URL that is not http(s), or an unknown HubSpot version: `WEBHOOK_RECEIVER_CONFIG`
 * with a one-line message naming the variable.
 */
export function receiverTarget(vendor: WebhookVendor, env: Readonly<Record<string, string | undefined>> = process.env): ReceiverTarget {
  const names = RECEIVER_VARIABLES[vendor];
  const url = env[names.url];
  const secret = env[names.secret];
  const hubspotVersions = vendor === 'hubspot-webhooks' ? readHubSpotVersions(env[HUBSPOT_VERSIONS_VARIABLE]) : DEFAULT_HUBSPOT_VERSIONS;
  if (!present(url) && !present(secret)) {
    // The reference receiver verifies every version unless told otherwise, so every version's tests run by default.
    const declared = present(env[HUBSPOT_VERSIONS_VARIABLE]) ? hubspotVersions : HUBSPOT_VERSIONS;
    return { kind: 'reference', vendor, hubspotVersions: vendor === 'hubspot-webhooks' ? declared : DEFAULT_HUBSPOT_VERSIONS };
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
  return { kind: 'external', vendor, url: url.trim(), secret, hubspotVersions };
}

/** `v1,v2,v3` (any order, any case, blanks ignored) → the declared versions in order; unset or empty → v3 only. */
export function readHubSpotVersions(value: string | undefined): readonly HubSpotVersion[] {
  if (!present(value)) return DEFAULT_HUBSPOT_VERSIONS;
  const listed = value
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  const unknown = listed.filter((v) => !(HUBSPOT_VERSIONS as readonly string[]).includes(v));
  if (unknown.length > 0)
    throw new WebhookError(
      WebhookErrorCode.config,
      `${HUBSPOT_VERSIONS_VARIABLE} lists ${unknown.join(', ')}; use a comma-separated subset of ${HUBSPOT_VERSIONS.join(',')}`,
    );
  return HUBSPOT_VERSIONS.filter((v) => listed.includes(v));
}
