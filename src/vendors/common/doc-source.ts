/**
 * Where a vendor rule comes from: the contracts' `x-doc-source` shape (docs/contract-conventions.md), from the
 * dependency-free core, so the reference implementations do not depend on the contract loader.
 */
import type { DocSource } from '../../core/violation.ts';

export type { DocSource };

/** A DocSource for one section of a vendor's document. */
export function docSection(document: DocSource, section: string): DocSource {
  return { ...document, section };
}
