import type { Contract, DocSource, Operation } from '../contract/types.ts';
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
  expected?: ExpectedAnswer;
}

/** What a case expects; `anyOf` lists alternative rejections (a list-valued `x-missing-response`), any of which passes. */
export interface ExpectedAnswer {
  status?: number;
  match?: Record<string, unknown>;
  anyOf?: { status: number; match?: Record<string, unknown> }[];
  rejected?: boolean;
  succeeded?: boolean;
}

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
}

export type Check = (ctx: CheckContext, exchange: Exchange) => Violation[];
