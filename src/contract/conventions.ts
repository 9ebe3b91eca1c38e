/** True for contracts written for this suite (they cite their documents); others are drop-in vendor documents. */
export const followsConventions = (document: Record<string, unknown>): boolean =>
  document['x-vendor-rules'] !== undefined || (document.info as Record<string, unknown> | undefined)?.['x-doc-source'] !== undefined;
