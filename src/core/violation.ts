/**
 * Findings as data: what a check, a webhook check or a vendor rule reports, and which document says so. Every layer
 * that judges or reports an answer speaks these types.
 */

/** Where a rule is written: the vendor's document by name, its public URL, and the section heading. */
export interface DocSource {
  document: string;
  url?: string;
  section?: string;
}

export type Severity = 'error' | 'warning';

/**
 * Whose problem a finding is.
 * - `violation`: the answer breaks a rule the vendor's document states. Fails the gate.
 * - `assumption`: the answer breaks only a rule the contract inferred or assumed (`x-provenance`). The contract's
 *   guess was wrong, not the vendor; fails the gate only with `STRICT=1`.
 * - `document-gap`: the answer is something the document never mentions (an undocumented 4xx, a gateway's 404).
 * - `document-defect`: a drop-in document contradicts itself (its example breaks its own schema).
 * - `inconclusive`: a live target refused a valid request with 401/403/404 (credentials or test data missing?).
 * - `mock-limitation`: against a mock, something the mock (Prism) cannot judge or read (a malformed token it
 *   accepts, a documented 401 body it leaves out, a parameter style it cannot read): says nothing of the vendor or
 *   the engine; the reason names the row of src/checks/mock-capabilities.ts.
 */
export type FindingKind = 'violation' | 'assumption' | 'document-gap' | 'document-defect' | 'inconclusive' | 'mock-limitation';

/** A broken rule, as data: what was received, what the contract documents, where, and which document says so. */
export interface Violation {
  check: string;
  operation: string;
  /** Short rule name, e.g. `undocumented-status`. */
  rule: string;
  message: string;
  status?: number;
  received?: unknown;
  documented?: unknown;
  /** JSON path inside the response body (e.g. `/0/items/3/patient_id`), or `header:x-name`. */
  path?: string;
  docSource?: DocSource;
  severity: Severity;
  /** Absent means `violation`. */
  finding?: FindingKind;
  /** For `assumption` findings: the contract's recorded decision that the answer contradicted. */
  decision?: string;
}

/**
 * What a check returns: a violation without its check name, which the registry stamps (so a check's name is
 * written once, where it is registered). `Rule` is the union of the rule names the check can report.
 */
export type Finding<Rule extends string = string> = Omit<Violation, 'check' | 'rule'> & { rule: Rule; check?: string };
