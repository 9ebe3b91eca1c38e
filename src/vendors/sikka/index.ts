import { randomBytes } from 'node:crypto';
import { defineVendor } from '../descriptor.ts';
import { SIKKA_DOCUMENT } from './document.ts';
import { classifySikka } from './errors.ts';
import { sikkaProfile } from './sandbox.ts';
import { SIKKA_CALLBACK_HEADER } from './webhook.ts';

export default defineVendor({
  name: 'sikka',
  contract: 'sikka.yaml',
  document: SIKKA_DOCUMENT,
  sandbox: sikkaProfile,
  secretNames: ['request_key', SIKKA_CALLBACK_HEADER],
  errors: classifySikka,
  webhooks: {
    receiverVariables: { url: 'SIKKA_WEBHOOK_RECEIVER_URL', secret: 'SIKKA_CALLBACK_KEY' },
    newSecret: () => randomBytes(16).toString('hex'),
  },
});
