import type { DocSource } from '../common/doc-source.ts';

/** The vendor document every rule of this folder cites, section by section. */
export const JOURNY_DOCUMENT: DocSource = { document: 'journy.io API docs', url: 'https://developers.journy.io' };
