import { randomBytes } from 'node:crypto';
import { defineVendor } from '../descriptor.ts';
import { DRCHRONO_DOCUMENT } from './document.ts';
import { handshakeConformance } from './handshake-check.ts';
import { drchronoProfile } from './sandbox.ts';
import { DRCHRONO_WEBHOOK_HEADERS } from './webhook.ts';

export default defineVendor({
  name: 'drchrono',
  contract: 'drchrono.yaml',
  document: DRCHRONO_DOCUMENT,
  sandbox: drchronoProfile,
  // The verification answer's secret_token is derived from the secret; the delivery header carries it as is.
  secretNames: ['secret_token', DRCHRONO_WEBHOOK_HEADERS.signature],
  webhooks: {
    receiverVariables: { url: 'DRCHRONO_WEBHOOK_RECEIVER_URL', secret: 'DRCHRONO_WEBHOOK_SECRET' },
    // The document suggests `SecureRandom.hex(20)` for the secret token.
    newSecret: () => randomBytes(20).toString('hex'),
    checks: { handshakeConformance },
  },
});
