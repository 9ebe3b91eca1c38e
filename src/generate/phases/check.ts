import type { Operation } from '../../contract/types.ts';
import { responseFor } from '../../contract/operations.ts';
import { runChecks } from '../../checks/index.ts';
import { mockCouldNotServe } from '../../targets/mock.ts';
import { followsConventions } from '../../contract/conventions.ts';
import type { CheckContext } from '../../checks/types.ts';
import type { Exchange } from '../../core/wire.ts';
import type { Violation } from '../../core/violation.ts';
import type { Unreadable } from '../../checks/mock-capabilities.ts';
import type { Phase, PhaseContext, PhaseOutcome } from './types.ts';

/**
 * Every registered check, told what the example tests tell them: whether the request was valid, who wrote the body.
 * `operation` is the one the request called (the stateful phase calls several).
 */
export function check(
  ctx: PhaseContext,
  exchange: Exchange,
  expected: CheckContext['expected'],
  validRequest = false,
  operation: Operation = ctx.operation,
  unreadable: Unreadable[] = [],
): Violation[] {
  if (ctx.target.kind === 'mock' && mockCouldNotServe(exchange.response)) return [];
  const spec = responseFor(operation, exchange.response.status);
  const invented = spec !== undefined && spec.content.length > 0 && spec.content.every((m) => m.examples.length === 0);
  return runChecks(
    {
      contract: ctx.contract,
      operation,
      validators: ctx.validators,
      target: ctx.target.kind,
      expected,
      validRequest,
      bodyOrigin: ctx.target.kind !== 'mock' ? 'target' : invented ? 'mock-generated' : 'document-example',
      suiteContract: followsConventions(ctx.contract.document),
      unreadable,
    },
    exchange,
  );
}

/** A 5xx is never an answer the phases accept: to a valid request, nor to an invalid one. */
export function serverError(ctx: PhaseContext, exchange: Exchange, phase: Phase): Violation[] {
  if (ctx.target.kind === 'mock' && mockCouldNotServe(exchange.response)) return [];
  if (exchange.response.status < 500) return [];
  const base = {
    check: `generative-${phase}`,
    operation: ctx.operation.key,
    status: exchange.response.status,
    received: exchange.response.status,
    docSource: ctx.operation.docSource,
  };
  // A mock answers from the document alone: a 5xx it sends that the document lists is the document's own answer
  // (one that lists no success answer, say), never a server of the vendor's failing.
  if (ctx.target.kind === 'mock' && responseFor(ctx.operation, exchange.response.status)) {
    const beside = ctx.operation.responses.some((r) => /^2/.test(String(r.status)));
    return [
      {
        ...base,
        rule: 'documented-server-error',
        documented: 'a documented non-5xx answer to a valid request',
        message: `the mock answered the document's own ${exchange.response.status}: the document lists ${
          beside ? 'it beside its success answers' : 'no success answer for this operation'
        }, and the mock renders what the document lists`,
        severity: 'warning',
        finding: 'document-gap',
      },
    ];
  }
  return [
    {
      ...base,
      rule: 'server-error',
      documented: phase === 'positive' ? 'a documented non-5xx answer to a valid request' : 'a 4xx rejection',
      message: `Received: ${exchange.response.status}\nExpected: no server error for a ${phase === 'positive' ? 'valid' : 'invalid'} request`,
      severity: 'error',
    },
  ];
}

export const failsPhase = (violations: Violation[]): boolean => violations.some((v) => v.severity === 'error');

/** Warnings (findings that do not fail the gate) kept as notes, each once, a bounded number. */
export function noteWarnings(outcome: PhaseOutcome, violations: Violation[]): void {
  for (const warning of violations) {
    const line = `${warning.check} › ${warning.rule}: ${warning.message.split('\n')[0]}`;
    if (outcome.notes.length < 50 && !outcome.notes.includes(line)) outcome.notes.push(line);
  }
}
