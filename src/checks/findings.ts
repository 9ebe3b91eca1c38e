import { isGuess, type Provenance } from '../contract/provenance.ts';
import type { FindingKind, Violation } from '../core/violation.ts';

export const FINDING_KINDS: readonly FindingKind[] = [
  'violation',
  'assumption',
  'document-gap',
  'document-defect',
  'inconclusive',
  'mock-limitation',
];

export const findingOf = (violation: Violation): FindingKind => violation.finding ?? 'violation';

/** One line per kind, as the console summary and the Allure categories name them. */
export const FINDING_TITLES: Record<FindingKind, string> = {
  violation: 'vendor violation',
  assumption: 'contract assumption contradicted: update the contract?',
  'document-gap': 'document gap: the vendor answered something its document never mentions',
  'document-defect': 'document defect: the document contradicts itself',
  inconclusive: 'inconclusive: a valid request was refused (credentials or test data missing?)',
  'mock-limitation': 'mock limitation: the mock (Prism) cannot judge this; run against a live target',
};

export class StrictModeError extends Error {
  constructor(value: string) {
    super(`ENGINE_BAD_VARIABLE: STRICT=${JSON.stringify(value)} is not one of 1, true, 0, false`);
  }
}

/**
 * `STRICT=1` holds the vendor to the contract's guesses too: assumption findings, document gaps and document
 * defects then fail the gate. Inconclusive answers never do: they say the run lacked data, not that anyone erred;
 * nor do mock limitations: they say what the mock cannot judge.
 */
export function strictMode(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.STRICT?.trim().toLowerCase();
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new StrictModeError(env.STRICT as string);
}

/** True when this finding fails the test it was found in. */
export function failsGate(violation: Violation, strict: boolean): boolean {
  const kind = findingOf(violation);
  if (kind === 'violation') return violation.severity === 'error';
  if (kind === 'inconclusive' || kind === 'mock-limitation') return false;
  return strict;
}

/**
 * Re-labels violations of a rule that the contract inferred or assumed: the vendor contradicted a guess, so the
 * finding is the contract's. Findings already of another kind (a document gap, say) keep it.
 */
type Judged = Pick<Violation, 'finding' | 'message' | 'decision'>;

export function underProvenance<T extends Judged>(violations: T[], provenance: Provenance | undefined): T[] {
  if (!isGuess(provenance)) return violations;
  return violations.map((v) => ((v.finding ?? 'violation') === 'violation' ? asAssumption(v, provenance as Provenance) : v));
}

export function asAssumption<T extends Judged>(violation: T, provenance: Provenance): T {
  const decision = provenance.decision ?? `the contract marks this rule ${provenance.kind}`;
  return { ...violation, finding: 'assumption', decision, message: `${violation.message}\nContract ${provenance.kind}: ${decision}` };
}
