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
import { failsPhase } from './check.ts';
import { clock, type PhaseClock } from './clock.ts';
import { concurrency, eachLimited } from './concurrency.ts';
import { documentsAnyRefusal, negativeVerdict } from './leniency.ts';
import { brokenRuleCases, chooseCases, credentialCases } from './negative-cases.ts';
import { sampleBounded } from './sample.ts';
import { exampleFor, sendUnlessRefused, startingValues } from './send.ts';
import { refusedReason } from './skip.ts';
import { emptyOutcome, type PhaseContext, type PhaseOutcome } from './types.ts';

/** The valid request every case breaks: the contract's example if the contract calls it valid, else a generated one. */
async function validBase(
  ctx: PhaseContext,
  start: { overrides?: Record<string, string>; recordId?: string },
  validators: ReturnType<typeof requestValidators>,
  seed: number,
  time: PhaseClock,
): Promise<GeneratedRequest | undefined> {
  const example = exampleFor(ctx, start.overrides, start.recordId);
  if (example && !requestViolation(ctx.operation, example, validators)) return example;
  try {
    const arbitrary = requestArbitrary(ctx.contract, ctx.operation, { ...start, livePaths: ctx.target.kind === 'sandbox' });
    const valid = (r: GeneratedRequest) => !requestViolation(ctx.operation, r, validators);
    const drawn = await sampleBounded(arbitrary, { seed, count: 50, deadline: Date.now() + time.remainingMs(), until: valid });
    return drawn.find(valid);
  } catch (error) {
    if (!(error instanceof RequestPlanError)) throw error;
    return undefined;
  }
}

/**
 * Negative phase: each rule of the contract broken in turn on an otherwise valid request (checked invalid by the
 * validator before it is sent), then the credentials missing, malformed and wrong. Every answer must be a 4xx,
 * never a 2xx or a 5xx, and pass every check; credential cases must answer 401 or 403.
 */
export async function negativePhase(ctx: PhaseContext): Promise<PhaseOutcome> {
  const outcome = emptyOutcome();
  const { overrides, recordId, skipReason } = await startingValues(ctx, outcome);
  if (skipReason) return { ...outcome, skipReason };
  const validators = requestValidators(ctx.contract);
  const budget = budgetFor(ctx.target.project);
  if (budget.exhausted()) return { ...outcome, skipReason: budget.reason() };
  const time = clock(ctx, budget);
  const parameters = fcOptions({ kind: 'target', numRuns: ctx.examples });
  outcome.seed = parameters.seed;
  const valid = await validBase(ctx, { overrides, recordId }, validators, parameters.seed, time);
  if (!valid) return { ...outcome, skipReason: "no valid request to break: the generator cannot satisfy this operation's schemas" };
  const rejectionDocumented = documentsAnyRefusal(ctx.operation);
  if (!rejectionDocumented)
    outcome.notes.push('the contract documents no 4xx for this operation: a rejection is checked for its class only');

  const { cases, discarded } = brokenRuleCases(ctx, valid, validators);
  outcome.discarded += discarded;
  const limit = Math.max(ctx.examples * 2, 1);
  const chosen = chooseCases(cases, limit);
  if (cases.length > chosen.length)
    outcome.notes.push(`${chosen.length} of ${cases.length} broken rules sent (GEN_EXAMPLES=${ctx.examples} allows ${limit})`);
  chosen.push(...credentialCases(ctx, valid));
  if (chosen.length === 0)
    return { ...outcome, skipReason: "the contract states no rule this operation's request can break, and it needs no credentials" };
  let stopped = false;
  await eachLimited(chosen, concurrency(ctx), async (testCase) => {
    if (time.expired()) {
      if (!stopped) outcome.notes.push(`stopped by the time limit (GEN_BUDGET_S or the test's timeout) after ${outcome.sent} request(s)`);
      stopped = true;
      return;
    }
    const exchange = await sendUnlessRefused(ctx, testCase.request, outcome, testCase.options);
    if (!exchange) return;
    outcome.sent += 1;
    const violations = negativeVerdict(ctx, testCase, exchange, rejectionDocumented);
    if (failsPhase(violations)) outcome.exchanges.push({ label: testCase.label, exchange, curl: curlCommand(exchange.request) });
    outcome.violations.push(...violations);
  });
  budget.spend();
  const refused = refusedReason(outcome);
  return refused ? { ...outcome, skipReason: refused } : outcome;
}
