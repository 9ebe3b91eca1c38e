import type { Contract, Operation } from '../../contract/types.ts';
import type { SchemaValidators } from '../../checks/schema-validators.ts';
import type { Exchange } from '../../core/wire.ts';
import type { Violation } from '../../core/violation.ts';
import type { RecordedResponse } from '../../core/wire.ts';
import type { Send } from '../../core/wire.ts';
import type { Session } from '../../core/session.ts';
import type { Target } from '../../targets/target.ts';
import type { CredentialSource } from '../arbitraries/request-arbitrary.ts';

export type Phase = 'positive' | 'negative';

/** What one phase found for one operation: violations (errors fail the test), the exchanges to attach, how to replay. */
export interface PhaseOutcome {
  violations: Violation[];
  /** The failing (shrunk) exchanges, or the last one when all passed (`passing`: evidence of a clean run, not of a fault). */
  exchanges: { label: string; exchange: Exchange; curl: string; passing?: true }[];
  sent: number;
  /** Generated requests the validator refused (never sent). */
  discarded: number;
  seed?: number;
  path?: string;
  skipReason?: string;
  notes: string[];
  /** Requests the sandbox guard would not send (src/safety/guard.ts). */
  refused?: number;
}

/** What the phases need of a target (the worker's mock or live target). */
export interface PhaseTarget {
  kind: 'mock' | 'sandbox';
  project: string;
  baseURL: string;
  timeout: number;
  send: Send;
  session(): Promise<Session>;
  renewedAfter(response: RecordedResponse): Promise<boolean>;
  credential: (session: Session) => CredentialSource;
  /** On a guarded live target: what a write may point at (a record the run creates for it), or why it cannot run. */
  prepareWrite?: Target['prepareWrite'];
}

export interface PhaseContext {
  contract: Contract;
  operation: Operation;
  target: PhaseTarget;
  validators: SchemaValidators;
  /** Requests per operation and phase (GEN_EXAMPLES). */
  examples: number;
  /** Wall time this phase may take (the test's own timeout, less a margin); the budget may stop it sooner. */
  timeLimitMs?: number;
}

export const emptyOutcome = (): PhaseOutcome => ({ violations: [], exchanges: [], sent: 0, discarded: 0, notes: [] });
