/**
 * HubSpot's webhook traffic, as contracts/hubspot-webhooks.yaml documents it: a JSON array of events POSTed to the
 * app's target URL, signed with v3 (`X-HubSpot-Signature-v3` over method + URL + body + `X-HubSpot-Request-Timestamp`)
 * and with a legacy v1 or v2 `X-HubSpot-Signature` named by `X-HubSpot-Signature-Version`.
 * Signatures come from src/vendors/hubspot/signature.ts; this module only places them in requests.
 */
import type { RecordedRequest } from '../../core/wire.ts';
import { HUBSPOT_V3_MAX_AGE_MS, signV1, signV2, signV3 } from './signature.ts';
import type { ForgedRequest, Forgery } from '../../webhooks/types.ts';
import type { HubSpotVersion } from './versions.ts';
import { differentToken, tamperedBody, withHeaders, withoutHeaders } from '../../webhooks/forge.ts';

export const HUBSPOT_OPERATION = 'receiveHubSpotEvents';

/** Names of HubSpot's signature rules in `x-vendor-rules.signatures`, by version. */
export const HUBSPOT_SIGNATURE_RULES: Readonly<Record<HubSpotVersion, string>> = { v1: 'hubspot-v1', v2: 'hubspot-v2', v3: 'hubspot-v3' };

export const HUBSPOT_HEADERS = {
  signature: 'X-HubSpot-Signature',
  version: 'X-HubSpot-Signature-Version',
  v3: 'X-HubSpot-Signature-v3',
  timestamp: 'X-HubSpot-Request-Timestamp',
} as const;

/**
 * How stale the stale-timestamp forgery is: a minute past the 5-minute limit, so a receiver whose clock is up to
 * a minute behind ours still sees it as stale.
 */
export const STALE_BY_MS = HUBSPOT_V3_MAX_AGE_MS + 60_000;

export interface HubSpotDeliveryInput {
  /** The target URL exactly as configured in the app: v2 and v3 sign it. */
  readonly url: string;
  /** The app's client secret. */
  readonly secret: string;
  /** The raw JSON body, signed byte for byte. */
  readonly body: string;
  /** When HubSpot "sent" it, ms since the epoch (v3). */
  readonly timestampMs: number;
}

/**
 * A genuine delivery signed with the given versions: v3 headers when `v3` is listed, and `X-HubSpot-Signature` with
 * its version header for the first of `v1`/`v2` listed (one request carries one legacy signature).
 */
export function hubspotDelivery(input: HubSpotDeliveryInput, versions: readonly HubSpotVersion[]): RecordedRequest {
  return signedRequest(input, versions, { method: 'POST', url: input.url, body: input.body, timestampMs: input.timestampMs });
}

/** What the signature covers, when it differs from what is sent. */
interface Signed {
  readonly method: string;
  readonly url: string;
  readonly body: string;
  readonly timestampMs: number;
  readonly secret?: string;
}

function signedRequest(input: HubSpotDeliveryInput, versions: readonly HubSpotVersion[], signed: Signed): RecordedRequest {
  const secret = signed.secret ?? input.secret;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const legacy = versions.find((v): v is 'v1' | 'v2' => v === 'v1' || v === 'v2');
  if (legacy) {
    headers[HUBSPOT_HEADERS.signature] =
      legacy === 'v1' ? signV1(secret, signed.body) : signV2(secret, signed.method, signed.url, signed.body);
    headers[HUBSPOT_HEADERS.version] = legacy;
  }
  if (versions.includes('v3')) {
    headers[HUBSPOT_HEADERS.v3] = signV3(secret, signed.method, signed.url, signed.body, signed.timestampMs);
    headers[HUBSPOT_HEADERS.timestamp] = String(signed.timestampMs);
  }
  return { method: 'POST', url: input.url, headers, body: input.body };
}

/** What each version's signature covers, so forgeries are built only where a receiver can notice them. */
export const HUBSPOT_COVERS: Readonly<Record<HubSpotVersion, readonly ('body' | 'url' | 'method' | 'timestamp')[]>> = {
  v1: ['body'],
  v2: ['body', 'url', 'method'],
  v3: ['body', 'url', 'method', 'timestamp'],
};

/**
 * The requests a receiver verifying `version` must refuse, each carrying only that version's headers: a signature
 * made with another secret, no signature, and, for what the version signs, a changed body, URL, method or
 * timestamp (the signature is the one HubSpot made for the original); for v3 also a correctly signed request
 * whose timestamp is older than 5 minutes. `nowMs` is the sender's clock.
 */
export function hubspotForgeries(
  input: Omit<HubSpotDeliveryInput, 'timestampMs'>,
  version: HubSpotVersion,
  nowMs: number,
): ForgedRequest[] {
  const rule = HUBSPOT_SIGNATURE_RULES[version];
  const genuineInput = { ...input, timestampMs: nowMs };
  const original: Signed = { method: 'POST', url: input.url, body: input.body, timestampMs: nowMs };
  const sign = (signed: Partial<Signed>, sent: Partial<HubSpotDeliveryInput> = {}) =>
    signedRequest({ ...genuineInput, ...sent }, [version], { ...original, ...signed });
  const forged = (kind: Forgery['kind'], description: string, request: RecordedRequest): ForgedRequest => ({
    request,
    forgery: { kind, signatureRule: rule, description },
  });
  const signatureHeader = version === 'v3' ? HUBSPOT_HEADERS.v3 : HUBSPOT_HEADERS.signature;
  const covers = HUBSPOT_COVERS[version];

  const list: ForgedRequest[] = [
    forged(
      'forged-signature',
      `${signatureHeader} is a ${version} signature made with another client secret`,
      sign({ secret: differentToken(input.secret) }),
    ),
    forged('missing-signature', `${signatureHeader} is missing`, withoutHeaders(sign({}), signatureHeader)),
  ];
  if (covers.includes('body')) {
    list.push(
      forged(
        'tampered-body',
        `the body differs from the one the ${version} signature was made for`,
        sign({}, { body: tamperedBody(input.body) }),
      ),
    );
  }
  if (covers.includes('url')) {
    list.push(
      forged(
        'tampered-url',
        `the ${version} signature was made for another URL (${otherUrl(input.url)}) than the one called`,
        sign({ url: otherUrl(input.url) }),
      ),
    );
  }
  if (covers.includes('method')) {
    list.push(forged('tampered-method', `the ${version} signature was made for PUT, the request is a POST`, sign({ method: 'PUT' })));
  }
  if (covers.includes('timestamp')) {
    list.push(
      forged(
        'tampered-timestamp',
        `${HUBSPOT_HEADERS.timestamp} is 1 s earlier than the timestamp the v3 signature was made with (still within 5 minutes)`,
        withHeaders(sign({}), { [HUBSPOT_HEADERS.timestamp]: String(nowMs - 1000) }),
      ),
    );
    const stale = nowMs - STALE_BY_MS;
    list.push(
      forged(
        'stale-timestamp',
        `${HUBSPOT_HEADERS.timestamp} is ${STALE_BY_MS / 1000} s old (the limit is ${HUBSPOT_V3_MAX_AGE_MS / 1000} s); the signature over it is genuine`,
        sign({ timestampMs: stale }),
      ),
    );
  }
  return list;
}

/** The same URL with a query parameter added: what a signature for a different URL looks like. */
function otherUrl(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}signed-for=another-url`;
}
