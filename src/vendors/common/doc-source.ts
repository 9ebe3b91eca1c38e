/**
 * Where a vendor rule comes from. Same shape as the contracts' `x-doc-source`
 * (docs/contract-conventions.md), declared here so the reference implementations
 * do not depend on the contract loader.
 */
export interface DocSource {
  readonly document: string;
  readonly url?: string;
  readonly section?: string;
}

/** A DocSource for one section of a vendor's document. */
export function docSection(document: DocSource, section: string): DocSource {
  return { ...document, section };
}
