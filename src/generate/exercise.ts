import type { Contract, Operation } from '../contract/types.ts';
import { responseFor } from '../contract/operations.ts';
import { runChecks } from '../checks/index.ts';
import { followsConventions } from '../contract/conventions.ts';
import type { SchemaValidators } from '../checks/schema-validators.ts';
import type { Exchange, RecordedRequest, RecordedResponse } from '../core/wire.ts';
import type { Violation } from '../core/violation.ts';
import { SandboxSafetyRefusal } from '../targets/errors.ts';
import type { Target } from '../targets/target.ts';
import { READ_METHODS } from '../core/wire.ts';
import type { ConformanceCase } from './cases.ts';
import { encodeBody, planRequest, urlOf } from './plan-request.ts';
import { boundViolations } from '../checks/excerpt.ts';
import { mockCouldNotServe, mockLimitation } from '../targets/mock.ts';
import type { Unreadable } from '../checks/mock-capabilities.ts';
import { unreadablePlanned } from './phases/mock-judgement.ts';
import { unsendableOperation } from './unsendable.ts';
import { acceptFor } from './reserved-headers.ts';

export interface ExerciseResult {
  exchange: Exchange;
  violations: Violation[];
  /** Set when nothing was sent: no request valid by the contract could be built, or the target cannot read it. */
  skipReason?: string;
}

/** Sends the case's request to the target and runs every check on the answer. Network failures throw. */
export async function exercise(
  target: Target,
  contract: Contract,
  validators: SchemaValidators,
  operation: Operation,
  testCase: ConformanceCase,
): Promise<ExerciseResult> {
  let session = await target.session();
  const unsendable =
    (target.kind === 'mock' ? mockLimitation(operation) : undefined) ??
    unsendableOperation(operation) ??
    planRequest(contract, operation, {
      credentials: () => 'placeholder',
      drop: testCase.drop,
      withoutCredentials: true,
    }).skipReason;
  if (unsendable) return unsent(operation, unsendable);
  // A write on a live target points at what the run may write to: a record it creates for this test, a credential
  // it obtained for the purpose (src/safety/guard.ts).
  const plan = target.prepareWrite && !READ_METHODS.has(operation.method) ? await target.prepareWrite(operation) : undefined;
  if (plan?.skipReason) return unsent(operation, plan.skipReason);
  let unreadable: Unreadable[] = [];
  const build = async (): Promise<RecordedRequest> => {
    session = await target.session();
    const planned = planRequest(contract, operation, {
      credentials: target.credential(session),
      drop: testCase.drop,
      withoutCredentials: testCase.kind === 'missing-credentials',
      overrides: { ...session.values, ...plan?.overrides },
      recordId: plan?.recordId,
    });
    if (target.kind === 'mock' && testCase.preferStatus !== undefined) {
      planned.headers.prefer = `code=${testCase.preferStatus}${testCase.example ? `, example=${testCase.example}` : ''}`;
    }
    const accept = acceptFor(operation, testCase.accept);
    if (accept) planned.headers.accept = accept;
    // What the mock cannot read of this request: its objections there are its own limit (src/checks/mock-capabilities.ts).
    if (target.kind === 'mock') unreadable = unreadablePlanned(operation, planned, contract.document);
    return { method: planned.method, url: urlOf(target.baseURL, planned), headers: planned.headers, body: encodeBody(planned.body) };
  };
  let request = await build();
  let response: RecordedResponse;
  try {
    response = await target.send(request, target.timeout);
    if (await target.renewedAfter(response, session)) {
      request = await build();
      response = await target.send(request, target.timeout);
    }
  } catch (error) {
    // The sandbox guard would not send it: nothing reached the vendor, so there is nothing to judge.
    if (error instanceof SandboxSafetyRefusal) return unsent(operation, error.message);
    throw error;
  }
  const exchange: Exchange = { request, response };
  const unserved = target.kind === 'mock' ? mockCouldNotServe(response) : undefined;
  if (unserved) return { exchange, violations: [], skipReason: unserved };
  const violations = boundViolations(
    runChecks(
      {
        contract,
        operation,
        validators,
        target: target.kind,
        expected: testCase.expected,
        validRequest: testCase.kind === 'documented-response',
        idsFromTarget: idsFromTarget(operation, session.values),
        bodyOrigin: target.kind === 'mock' ? mockBodyOrigin(operation, response.status) : 'target',
        suiteContract: followsConventions(contract.document),
        unreadable,
      },
      exchange,
    ),
  );
  return { exchange, violations };
}

/** A case that sent nothing, and why. */
function unsent(operation: Operation, skipReason: string): ExerciseResult {
  return {
    exchange: { request: { method: operation.method, url: '', headers: {} }, response: { status: 0, headers: {}, text: '' } },
    violations: [],
    skipReason,
  };
}

/**
 * Without a documented example the mock invents the body from the schema, and its generator cuts recursive
 * schemas short; schema findings on such a body describe the generator, not the vendor.
 */
function mockBodyOrigin(operation: Operation, status: number): 'document-example' | 'mock-generated' {
  const response = responseFor(operation, status);
  return !response || response.content.length === 0 || response.content.some((m) => m.examples.length > 0)
    ? 'document-example'
    : 'mock-generated';
}

/** True when the operation has path parameters and the session (the target's own answers) supplied every one. */
function idsFromTarget(operation: Operation, values: Record<string, string>): boolean {
  const path = operation.parameters.filter((p) => p.in === 'path');
  return path.length > 0 && path.every((p) => values[p.name] !== undefined);
}
