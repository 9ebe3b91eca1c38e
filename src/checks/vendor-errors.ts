import { responseFor } from '../contract/operations.ts';
import { isObject } from '../core/pointer.ts';
import { declaredProvenance, DOCUMENTED, isGuess, schemaProvenance, type Provenance } from '../contract/provenance.ts';
import type { Classifier } from '../vendors/common/outcome.ts';
import type { ResponseSpec } from '../contract/types.ts';
import { bodyValue, inEndpointRepresentation } from './body.ts';
import { engineProvenance } from './engine-rules.ts';
import { underProvenance } from './findings.ts';
import type { Check } from './types.ts';
import type { Finding } from '../core/violation.ts';

let classifierOf: ((vendor: string) => Classifier | undefined) | undefined;

/**
 * Where the vendors' error classifiers come from: the vendor registry provides them when it loads the vendors, so
 * this generic check never loads a vendor folder itself.
 */
export function provideErrorClassifiers(lookup: (vendor: string) => Classifier | undefined): void {
  classifierOf = lookup;
}

/**
 * The vendor's own error rules (`x-vendor-rules.errors`: Sikka's error-code table, Lupl's and Webcamconsult's
 * field-error bodies, journy.io's `errors` envelope) hold on every answer: an error code the table does not list, a
 * code sent with another status than the table's, an error status without the documented body. A failure hidden
 * behind a 2xx (Sikka's API4xxx codes) on a request that should have succeeded is reported as the refusal it is.
 *
 * The rules cover the answers the document describes: on a status it never mentions, what they find is a
 * document gap. Where the contract marks the errors rule inferred or assumed, an assumption finding.
 */
export const vendorErrorRules: Check<'vendor-error-rule' | 'hidden-failure'> = (
  { contract, operation, target, validRequest, expected, bodyOrigin },
  { response },
) => {
  const rule = contract.vendorRules.errors;
  if (!isObject(rule)) return [];
  // Without the vendors this rule could not run, and a silent pass would hide what it finds.
  if (!classifierOf)
    throw new Error("VENDORS_NOT_LOADED: the vendors' error classifiers are unknown; import src/vendors/registry.ts first");
  const classify = classifierOf(contract.vendor);
  if (!classify) return [];
  const spec = responseFor(operation, response.status);
  // A response the contract allows without a body (x-body-optional) has no body shape to hold it to.
  if (spec?.bodyOptional && response.text === '') return [];
  // An error in the endpoint's own representation (XML where the document shows JSON errors) is classified as read
  // in that syntax; what its shape breaks is the engine rule `error-representation`'s guess, not the vendor's.
  const ownRepresentation = inEndpointRepresentation(operation, response);
  const read = ownRepresentation ? bodyValue(response) : undefined;
  const outcome = classify(
    response.status,
    ownRepresentation && read !== undefined && !(read instanceof Error) ? JSON.stringify(read) : response.text,
  );
  const docSource = spec?.docSource ?? operation.docSource;
  const base = { operation: operation.key, status: response.status, docSource, severity: 'error' as const };
  const found: Finding<'vendor-error-rule' | 'hidden-failure'>[] = (outcome.contractViolation?.problems ?? []).map((problem) => ({
    ...base,
    rule: 'vendor-error-rule',
    message: problem,
    received: outcome.code ?? response.status,
    documented: rule.style,
  }));
  const documentedStatus = spec !== undefined;
  const judged = !documentedStatus
    ? found.map((v) => ({ ...v, severity: 'warning' as const, finding: 'document-gap' as const }))
    : bodyOrigin === 'mock-generated'
      ? found.map((v) => ({
          ...v,
          severity: 'warning' as const,
          message: `${v.message}\n(mock-generated body: the contract has no example for this response)`,
        }))
      : underProvenance(
          found,
          ownRepresentation
            ? engineProvenance('error-representation')
            : isGuess(spec.provenance)
              ? spec.provenance
              : (rowProvenance(rule, outcome.code) ??
                codeFieldProvenance(contract.document, spec, rule, outcome.code) ??
                declaredProvenance(rule, '#/x-vendor-rules/errors') ??
                DOCUMENTED),
        );
  if (outcome.kind === 'hidden-failure' && target === 'sandbox' && validRequest && expected?.succeeded) {
    judged.push({
      ...base,
      rule: 'hidden-failure',
      severity: 'warning',
      finding: 'inconclusive',
      received: outcome.code,
      message: `HTTP ${response.status} carries ${outcome.code ?? 'a failure code'}${outcome.message ? ` (${outcome.message})` : ''}: the valid request did not succeed`,
    });
  }
  return judged;
};

/**
 * An error answer without a code breaks the rule of where the code lives: the body schema's rule for the code
 * field (a body shape the contract inferred from the table's columns, say), not a row of the table.
 */
function codeFieldProvenance(document: unknown, spec: ResponseSpec, rule: Record<string, unknown>, code: string | undefined) {
  if (code !== undefined || typeof rule.codeField !== 'string') return undefined;
  const schemaPointer = spec.content.find((media) => media.schemaPointer)?.schemaPointer;
  if (!schemaPointer) return undefined;
  const provenance = schemaProvenance(document, schemaPointer, '', [rule.codeField]);
  return isGuess(provenance) ? provenance : undefined;
}

/** The provenance an error-table row declares for its code (a row the contract inferred, say), if any. */
function rowProvenance(rule: Record<string, unknown>, code: string | undefined): Provenance | undefined {
  if (!code || !Array.isArray(rule.table)) return undefined;
  const index = rule.table.findIndex((row) => isObject(row) && row.code === code);
  return index < 0 ? undefined : declaredProvenance(rule.table[index], `#/x-vendor-rules/errors/table/${index}`);
}
