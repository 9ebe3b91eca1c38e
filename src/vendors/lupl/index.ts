import { defineVendor } from '../descriptor.ts';
import { LUPL_DOCUMENT } from './document.ts';
import { classifyLupl } from './errors.ts';
import { luplProfile } from './sandbox.ts';

export default defineVendor({
  name: 'lupl',
  contract: 'lupl.yaml',
  document: LUPL_DOCUMENT,
  sandbox: luplProfile,
  errors: classifyLupl,
});
