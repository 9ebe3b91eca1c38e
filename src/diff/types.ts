/** What a change does to the clients of a contract. */
export type ChangeKind = 'breaking' | 'non-breaking';

/** Which part of the gate classified a change: Atlassian's openapi-diff, or this module's own layer. */
export type ChangeSource = 'openapi-diff' | 'diff-layer';

/**
 * One classified change between two versions of a contract.
 * `location` is either an operation-based place (`GET /v2/patients 200`, `GET /v2/patients query limit`,
 * `GET /v2/patients 200 application/json body[].items[].patient_id`), a shared schema
 * (`schema SikkaError.http_code`) or a JSON pointer into the contract (`#/x-vendor-rules/pagination/limit/maximum`).
 */
export interface ContractChange {
  /** Project name of the contract: the file name without extension. */
  contract: string;
  kind: ChangeKind;
  rule: string;
  location: string;
  message: string;
  /** The value before the change; undefined when it did not exist. */
  before?: unknown;
  /** The value after the change; undefined when it no longer exists. */
  after?: unknown;
  source: ChangeSource;
  /** For a change inside a shared schema: where the schema is used (operation, status, media type). */
  usedBy?: string[];
  /** Set on a breaking finding that an `x-breaking-change-ack` entry covers. */
  acknowledged?: { reason: string; ack: string };
}

/** A change as the comparers produce it; `diffContracts` adds the contract, the kind and the source. */
export interface Change {
  rule: string;
  location: string;
  message: string;
  before?: unknown;
  after?: unknown;
  usedBy?: string[];
}

/** The comparison of one contract file with its earlier version. */
export interface ContractDiff {
  contract: string;
  /** `added`: no earlier version; `removed`: no current version. */
  status: 'added' | 'removed' | 'compared';
  findings: ContractChange[];
}

/** A document, as `loadContract` bundles it (internal `$ref`s kept). */
export type Document = Record<string, unknown>;
