import { responseFor } from '../contract/operations.ts';
import { DOCUMENTED, isGuess } from '../contract/provenance.ts';
import type { MissingResponse } from '../contract/types.ts';
import { bodyValue, inEndpointRepresentation } from './body.ts';
import { engineProvenance } from './engine-rules.ts';
import { underProvenance } from './findings.ts';
import type { Check, Expectation } from './types.ts';

/**
 * A rejected request carries the body the contract documents for it (`x-missing-response.match`), e.g. Sikka's
 * `API1004` for a missing `request_key`; where the document allows several readings, any one of them. A stateless
 * mock answers every invalid request with the status's first example, so against a mock the rule is that the
 * contract documents an example of that status carrying one of the subsets. An error in the endpoint's own
 * representation (XML where the document shows JSON errors) is read in that syntax; where it does not carry the
 * subset, the finding is the engine rule `error-representation`'s, a guess.
 */
export const documentedErrorBody: Check<'error-body-mismatch'> = ({ operation, expected, target }, { response }) => {
  const readings = readingsFor(expected).filter((r) => r.status === response.status && r.match);
  if (readings.length === 0) return [];
  const matches = readings.map((r) => r.match as Record<string, unknown>);
  const spec = responseFor(operation, response.status);
  // Contradicting readings that are all guesses is the contract's problem; if one is documented, the vendor's.
  const provenance = readings.every((r) => isGuess(r.provenance)) ? readings[0].provenance : DOCUMENTED;
  const base = {
    operation: operation.key,
    rule: 'error-body-mismatch' as const,
    status: response.status,
    documented: matches.length === 1 ? matches[0] : matches,
    docSource: spec?.docSource ?? operation.docSource,
    severity: 'error' as const,
  };
  const described = matches.map((m) => JSON.stringify(m)).join(' or ');
  if (target === 'mock') {
    const examples = spec?.content.flatMap((m) => m.examples.map((e) => e.value)) ?? [];
    if (examples.some((value) => matches.some((match) => containsSubset(value, match)))) return [];
    return underProvenance(
      [{ ...base, message: `No documented ${response.status} example carries ${described}`, received: examples.length, path: '/' }],
      provenance,
    );
  }
  // A rejection in the endpoint's own representation (XML) is read as such: its code still decides.
  const body = bodyValue(response);
  if (matches.some((match) => containsSubset(body, match))) return [];
  const judged = inEndpointRepresentation(operation, response) ? engineProvenance('error-representation') : provenance;
  return underProvenance(
    [
      {
        ...base,
        message: `Received: ${response.text.slice(0, 200)}\nDocumented: a body with ${described}`,
        received: body instanceof Error ? response.text.slice(0, 200) : body,
        path: '/',
      },
    ],
    isGuess(provenance) ? provenance : judged,
  );
};

/** The readings an expectation allows: its alternatives, or its one status and match. */
function readingsFor(expected: Expectation | undefined): MissingResponse[] {
  if (!expected) return [];
  if (expected.alternatives?.length) return expected.alternatives;
  if (expected.status === undefined || !expected.match) return [];
  return [{ status: expected.status, match: expected.match, provenance: expected.provenance ?? DOCUMENTED }];
}

/** True when `value` (or, for Sikka-style array envelopes, any element of it) has every field of `subset`. */
export function containsSubset(value: unknown, subset: Record<string, unknown>): boolean {
  if (Array.isArray(value)) return value.some((item) => containsSubset(item, subset));
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(subset).every(([key, expected]) => {
    const actual = (value as Record<string, unknown>)[key];
    return expected !== null && typeof expected === 'object'
      ? containsSubset(actual, expected as Record<string, unknown>)
      : String(actual) === String(expected);
  });
}
