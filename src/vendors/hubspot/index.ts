import { randomUUID } from 'node:crypto';
import { defineVendor } from '../descriptor.ts';
import { HUBSPOT_DOCUMENT } from './document.ts';
import { DEFAULT_HUBSPOT_VERSIONS, HUBSPOT_VERSIONS, HUBSPOT_VERSIONS_VARIABLE } from './versions.ts';
import { HUBSPOT_HEADERS } from './webhook-traffic.ts';

export default defineVendor({
  name: 'hubspot-webhooks',
  contract: 'hubspot-webhooks.yaml',
  document: HUBSPOT_DOCUMENT,
  secretNames: [HUBSPOT_HEADERS.signature, HUBSPOT_HEADERS.v3],
  webhooks: {
    receiverVariables: { url: 'HUBSPOT_WEBHOOK_RECEIVER_URL', secret: 'HUBSPOT_CLIENT_SECRET' },
    // HubSpot client secrets are UUIDs.
    newSecret: () => randomUUID(),
    signatureVersions: { variable: HUBSPOT_VERSIONS_VARIABLE, all: HUBSPOT_VERSIONS, fallback: DEFAULT_HUBSPOT_VERSIONS },
  },
});
