/** HubSpot's signature versions (v1 and v2 in `X-HubSpot-Signature`, v3 in `X-HubSpot-Signature-v3`). */
export const HUBSPOT_VERSIONS = ['v1', 'v2', 'v3'] as const;
export type HubSpotVersion = (typeof HUBSPOT_VERSIONS)[number];

/** Declares the versions a user's receiver verifies: `v1,v2,v3`; v3 alone when unset. */
export const HUBSPOT_VERSIONS_VARIABLE = 'HUBSPOT_WEBHOOK_VERSIONS';
export const DEFAULT_HUBSPOT_VERSIONS: readonly HubSpotVersion[] = ['v3'];
