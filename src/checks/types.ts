import type { Contract, MissingResponse, Operation } from '../contract/types.ts';
import type { Exchange, TargetKind } from '../core/wire.ts';
import type { Finding } from '../core/violation.ts';
import type { Provenance } from '../contract/provenance.ts';
import type { SchemaValidators } from './schema-validators.ts';

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

export type Check<Rule extends string = string> = (ctx: CheckContext, exchange: Exchange) => Finding<Rule>[];
