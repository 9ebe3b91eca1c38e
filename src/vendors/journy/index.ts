import { defineVendor } from '../descriptor.ts';
import { JOURNY_DOCUMENT } from './document.ts';
import { classifyJourny } from './errors.ts';

export default defineVendor({
  name: 'journy',
  contract: 'journy.yaml',
  document: JOURNY_DOCUMENT,
  errors: classifyJourny,
});
