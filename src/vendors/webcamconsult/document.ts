import type { DocSource } from '../common/doc-source.ts';

/** The vendor document every rule of this folder cites, section by section. */
export const WEBCAMCONSULT_DOCUMENT: DocSource = { document: 'Webcamconsult API' };
