import type { DocSource } from '../common/doc-source.ts';

/** The vendor document every rule of this folder cites, section by section. */
export const LUPL_DOCUMENT: DocSource = { document: 'Lupl Open API' };
