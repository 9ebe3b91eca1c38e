import type { DocSource } from '../common/doc-source.ts';

/** The vendor document every rule of this folder cites, section by section. */
export const HUBSPOT_DOCUMENT: DocSource = {
  document: "HubSpot Webhooks API; signature versions as implemented by HubSpot's Node SDK (@hubspot/api-client)",
};
