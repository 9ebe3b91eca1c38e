import type { Operation } from '../../contract/types.ts';
import type { Exchange } from '../../core/wire.ts';
import type { Violation } from '../../core/violation.ts';
import { mockJudgesCredentials } from '../../checks/mock-capabilities.ts';
import { mockRefused } from '../../checks/mock-findings.ts';
import { check, serverError } from './check.ts';
import { asMockLimitations } from './mock-judgement.ts';
import type { NegativeCase } from './negative-cases.ts';
import { underRefusal } from './refusal.ts';
import type { PhaseContext } from './types.ts';

/** The operation documents some refusal: any 4xx (or a `default`) the contract lists, whatever input it names. */
export function documentsAnyRefusal(operation: Operation): boolean {
  return operation.responses.some((r) => /^4/.test(r.status) || r.status === 'default');
}

/**
 * The verdict on one negative case's answer: every check, a 5xx never accepted, then softened by what the engine
 * cannot hold the target to: a class-only judgement of a wire break on a mock, the provenance of the refusal, an
 * operation that documents no 4xx, and what a mock cannot judge. Credential cases must answer 401 or 403.
 */
export function negativeVerdict(ctx: PhaseContext, testCase: NegativeCase, exchange: Exchange, rejectionDocumented: boolean): Violation[] {
  const status = exchange.response.status;
  let violations = [...check(ctx, exchange, testCase.expected), ...serverError(ctx, exchange, 'negative')];
  if (testCase.classOnly) violations = violations.filter((v) => v.check === 'expectedStatus' || v.rule === 'server-error');
  violations = underRefusal(violations, status, testCase.refusal, testCase.wire === true);
  if (!rejectionDocumented) violations = violations.filter((v) => !(v.check === 'statusCodeConformance' && status >= 400 && status < 500));
  if (testCase.auth && status !== 401 && status !== 403 && status < 500) {
    violations.push({
      check: 'generative-negative',
      operation: ctx.operation.key,
      rule: 'auth-not-enforced',
      status,
      received: status,
      documented: '401 or 403',
      message: `Received: ${status}\nExpected: 401 or 403 with ${testCase.label}`,
      docSource: ctx.operation.docSource,
      severity: 'error',
    });
  }
  // What the mock cannot judge (src/checks/mock-capabilities.ts): a credential's value, a rule broken where it
  // cannot read. Its accepting such a request is a mock limitation, not a failure.
  // The mock accepted the request unless the answer is one of its own refusals: it renders the document's answer,
  // which may be a 3xx or, for an operation that documents no success, a 404.
  if (ctx.target.kind === 'mock' && (status < 400 || !mockRefused(exchange))) {
    if (testCase.auth && !mockJudgesCredentials(ctx.operation.security))
      violations = asMockLimitations(violations, 'unchecked-security-scheme');
    else if (testCase.auth && testCase.options.auth !== 'missing') violations = asMockLimitations(violations, 'credentials-presence-only');
    else if (testCase.unreadable?.length) violations = asMockLimitations(violations, testCase.unreadable[0].id);
  }
  return violations.map((v) => ({ ...v, message: `[${testCase.label}] ${v.message}` }));
}
