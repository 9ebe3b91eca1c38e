import { defineVendor } from '../descriptor.ts';
import { WEBCAMCONSULT_DOCUMENT } from './document.ts';
import { classifyWebcamconsult } from './errors.ts';
import { webcamconsultProfile } from './sandbox.ts';

export default defineVendor({
  name: 'webcamconsult',
  contract: 'webcamconsult.yaml',
  document: WEBCAMCONSULT_DOCUMENT,
  sandbox: webcamconsultProfile,
  secretNames: ['authentication_token'],
  errors: classifyWebcamconsult,
});
