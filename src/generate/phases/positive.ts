import fc from 'fast-check';
import type { Exchange } from '../../core/wire.ts';
import type { Violation } from '../../core/violation.ts';
import { fcOptions } from '../../properties/fc.ts';
import {
  curlCommand,
  requestArbitrary,
  requestViolation,
  RequestPlanError,
  type GeneratedRequest,
} from '../arbitraries/request-arbitrary.ts';
import { requestValidators } from '../arbitraries/validity.ts';
import { budgetFor } from './budget.ts';
import { check, failsPhase, noteWarnings, serverError } from './check.ts';
import { clock } from './clock.ts';
import { concurrency, eachLimited } from './concurrency.ts';
import { harvest, knownValuesFor, pathParameters, type KnownValues } from './feedback.ts';
import { unreadableIn } from './mock-judgement.ts';
import { primeKnownValues } from './prime.ts';
import { sampleBounded } from './sample.ts';
import { exampleFor, sendUnlessRefused, startingValues } from './send.ts';
import { allDiscardedReason, refusedReason } from './skip.ts';
import { emptyOutcome, type PhaseContext, type PhaseOutcome } from './types.ts';

/** What became of one generated request: never sent (the validator or the sandbox guard refused it), or judged. */
type Tried =
  | { kind: 'discarded' }
  | { kind: 'refused' }
  | { kind: 'passed'; exchange: Exchange }
  | { kind: 'failed'; exchange: Exchange; violations: Violation[] };

class Failure extends Error {
  constructor(readonly violations: Violation[]) {
    super(
      violations
        .filter((v) => v.severity === 'error')
        .map((v) => `${v.check} › ${v.rule}: ${v.message.split('\n')[0]}`)
        .join('; '),
    );
  }
}

/**
 * One valid request of the positive phase, from validation to verdict: refused unsent when the contract would not
 * call it valid, then sent, its answer harvested for later requests and checked. The fast path and fast-check's own
 * run both go through here, so that they judge a request alike.
 */
async function tryRequest(
  ctx: PhaseContext,
  request: GeneratedRequest,
  validators: ReturnType<typeof requestValidators>,
  known: KnownValues,
  outcome: PhaseOutcome,
): Promise<Tried> {
  if (requestViolation(ctx.operation, request, validators)) {
    outcome.discarded += 1;
    return { kind: 'discarded' };
  }
  const exchange = await sendUnlessRefused(ctx, request, outcome);
  if (!exchange) return { kind: 'refused' };
  outcome.sent += 1;
  harvest(ctx.contract, ctx.operation, exchange, known);
  const unreadable = unreadableIn(ctx.target.kind, ctx.operation, request, ctx.contract.document);
  const violations = [...check(ctx, exchange, {}, true, ctx.operation, unreadable), ...serverError(ctx, exchange, 'positive')];
  if (failsPhase(violations)) return { kind: 'failed', exchange, violations };
  noteWarnings(outcome, violations);
  return { kind: 'passed', exchange };
}

/** A phase that found no failure: a skip that says why nothing was sent, or the last exchange as evidence. */
function cleanEnd(outcome: PhaseOutcome, lastOk: Exchange | undefined, interrupted: boolean): PhaseOutcome {
  const refused = refusedReason(outcome);
  if (refused) return { ...outcome, skipReason: refused };
  if (outcome.sent === 0 && interrupted)
    return { ...outcome, skipReason: "the time limit (GEN_BUDGET_S or the test's timeout) was reached before a request was sent" };
  if (outcome.sent === 0) return { ...outcome, skipReason: allDiscardedReason(outcome) };
  if (lastOk) outcome.exchanges.push({ label: 'last request', exchange: lastOk, curl: curlCommand(lastOk.request), passing: true });
  return outcome;
}

/**
 * Positive phase: the contract's example request, then generated valid requests (boundaries and non-ASCII text
 * among them), each checked with the validator before it is sent. Any 5xx or check violation fails the property,
 * which fast-check shrinks to the smallest failing request.
 */
export async function positivePhase(ctx: PhaseContext): Promise<PhaseOutcome> {
  const outcome = emptyOutcome();
  const { overrides, recordId, skipReason } = await startingValues(ctx, outcome);
  if (skipReason) return { ...outcome, skipReason };
  let arbitrary: fc.Arbitrary<GeneratedRequest>;
  const known = knownValuesFor(ctx.target.project);
  await primeKnownValues(ctx, known, overrides, outcome);
  try {
    arbitrary = requestArbitrary(ctx.contract, ctx.operation, {
      overrides,
      recordId,
      known: known.for(pathParameters(ctx.operation)),
      livePaths: ctx.target.kind === 'sandbox',
    });
  } catch (error) {
    if (error instanceof RequestPlanError) return { ...outcome, skipReason: `no valid request can be generated: ${error.message}` };
    throw error;
  }
  const validators = requestValidators(ctx.contract);
  const budget = budgetFor(ctx.target.project);
  if (budget.exhausted()) return { ...outcome, skipReason: budget.reason() };
  const time = clock(ctx, budget);
  let last: { exchange: Exchange; violations: Violation[] } | undefined;
  let lastOk: Exchange | undefined;
  const property = fc.asyncProperty(arbitrary, async (request) => {
    const tried = await tryRequest(ctx, request, validators, known, outcome);
    if (tried.kind === 'discarded' || tried.kind === 'refused') fc.pre(false);
    else if (tried.kind === 'failed') {
      last = tried;
      throw new Failure(tried.violations);
    } else lastOk = tried.exchange;
  });
  const example = exampleFor(ctx, overrides, recordId);
  const parameters = fcOptions({ kind: 'target', numRuns: ctx.examples });
  // Fast path on a mock: the same seed's values sent a few at a time. Only when one fails does fast-check run the
  // property itself, one request after another, to shrink it and name its path for the replay line.
  let fastFailure: { exchange: Exchange; violations: Violation[] } | undefined;
  if (concurrency(ctx) > 1 && parameters.path === undefined) {
    const drawn = await sampleBounded(arbitrary, {
      seed: parameters.seed,
      count: parameters.numRuns,
      deadline: Date.now() + time.remainingMs(),
    });
    const values = [...(example ? [example] : []), ...drawn];
    await eachLimited(values, concurrency(ctx), async (request) => {
      if (fastFailure || time.expired()) return;
      const tried = await tryRequest(ctx, request, validators, known, outcome);
      if (tried.kind === 'failed') fastFailure ??= tried;
      else if (tried.kind === 'passed') lastOk = tried.exchange;
    });
    if (!fastFailure) {
      budget.spend();
      outcome.seed = parameters.seed;
      return cleanEnd(outcome, lastOk, false);
    }
    outcome.sent = 0;
    outcome.discarded = 0;
  }
  const details = await fc.check(property, {
    ...parameters,
    examples: example ? [[example]] : [],
    interruptAfterTimeLimit: time.remainingMs(),
    markInterruptAsFailure: false,
    maxSkipsPerRun: 50,
  });
  budget.spend();
  outcome.seed = details.seed;
  outcome.path = details.counterexamplePath ?? undefined;
  if (details.interrupted)
    outcome.notes.push(`stopped by the time limit (GEN_BUDGET_S or the test's timeout) after ${details.numRuns} request(s)`);
  if (!details.failed && fastFailure) {
    // Found when sent alongside others but not when fast-check sent them one by one: kept, never dropped.
    outcome.path = undefined;
    outcome.notes.push(
      'this failure appeared when requests were sent concurrently and did not recur sequentially: it may depend on timing or state',
    );
    outcome.violations = fastFailure.violations;
    outcome.exchanges.push({ label: 'failing request', exchange: fastFailure.exchange, curl: curlCommand(fastFailure.exchange.request) });
    return outcome;
  }
  if (details.failed && last) {
    outcome.violations = last.violations;
    outcome.exchanges.push({ label: 'smallest failing request', exchange: last.exchange, curl: curlCommand(last.exchange.request) });
    return outcome;
  }
  const refused = refusedReason(outcome);
  // Every request was one the sandbox guard would not send (fast-check counts them as skipped runs).
  if (refused) return { ...outcome, skipReason: refused };
  if (details.failed && (outcome.refused ?? 0) > 0 && details.errorInstance === null) {
    outcome.notes.push(`${outcome.refused} generated request(s) were not sent (see the SANDBOX_ notes); fast-check stopped after too many`);
    return outcome;
  }
  if (details.failed && fastFailure) {
    // fast-check gave up replaying (too many generated values refused by the validator while shrinking): the
    // failure found at first is kept, never lost to a bare "null" error.
    outcome.violations = fastFailure.violations;
    outcome.notes.push('the failure could not be shrunk: fast-check refused too many generated values while shrinking it');
    outcome.exchanges.push({ label: 'failing request', exchange: fastFailure.exchange, curl: curlCommand(fastFailure.exchange.request) });
    return outcome;
  }
  if (details.failed) throw details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
  return cleanEnd(outcome, lastOk, details.interrupted);
}
