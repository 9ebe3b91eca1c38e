import type { Contract, DocSource, MissingResponse, Operation } from '../contract/types.ts';
import type { Provenance } from '../contract/provenance.ts';
import type { SchemaValidators } from './schema-validators.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text; binary bodies are not recorded. */
  text: string;
}

/** One request and the answer it got. Header names are lower-case. */
export interface Exchange {
  request: RecordedRequest;
  response: RecordedResponse;
}

export type TargetKind = 'mock' | 'sandbox';

export interface CheckContext {
  contract: Contract;
  operation: Operation;
  validators: SchemaValidators;
  target: TargetKind;
  /** What this test case asked for: the status it expects and, for negative cases, the documented body subset. */
  expected?: Expectation;
  /**
   * Whether the request was valid by the contract (a positive case). Decides what an undocumented 5xx or a refusal
   * means: a crash on a valid request is the vendor's fault, on a broken one the document may simply be silent.
   */
  validRequest?: boolean;
  /**
   * Who wrote the body: the target itself, or (against a mock) the document's own example or a body the mock
   * generated from the schema. A schema finding on a generated body describes the generator, not anyone's rule;
   * on a drop-in document's own example it is the document contradicting itself.
   */
  bodyOrigin?: 'target' | 'document-example' | 'mock-generated';
  /**
   * True when every path parameter of the request was taken from the target's own answers (ids its lists
   * returned): a 404 then says the documented path does not serve a record that exists, not that test data is missing.
   */
  idsFromTarget?: boolean;
  /** False for a drop-in vendor document; true for a contract written for this suite (it cites its sources). */
  suiteContract?: boolean;
  /**
   * Against a mock: the parts of the request the mock cannot read as sent (src/checks/mock-capabilities.ts). What
   * it objects to there is the mock's limit, not the engine's request.
   */
  unreadable?: { where: string; id: string; reason: string }[];
}

/** What a generated case expects back, and how sure the contract is of it. */
export interface Expectation {
  status?: number;
  match?: Record<string, unknown>;
  /** Readings the document allows for a rejection (`x-missing-response` as a list): any one conforms. */
  alternatives?: MissingResponse[];
  rejected?: boolean;
  succeeded?: boolean;
  /** Where the expectation comes from; a guess that is contradicted is a finding about the contract. */
  provenance?: Provenance;
}

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
  severity: 'error' | 'warning';
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

export type Check<Rule extends string = string> = (ctx: CheckContext, exchange: Exchange) => Finding<Rule>[];
