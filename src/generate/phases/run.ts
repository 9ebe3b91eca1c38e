import fc from 'fast-check';
import type { Contract, Operation } from '../../contract/types.ts';
import { responseFor } from '../../contract/operations.ts';
import { runChecks } from '../../checks/index.ts';
import { mockCouldNotServe, mockLimitation } from '../../targets/mock.ts';
import { followsConventions } from '../../contract/conventions.ts';
import type { SchemaValidators } from '../../checks/schema-validators.ts';
import type { CheckContext } from '../../checks/types.ts';
import type { Exchange, RecordedRequest } from '../../core/wire.ts';
import type { Violation } from '../../core/violation.ts';
import { fcOptions } from '../../properties/fc.ts';
import type { RecordedResponse } from '../../core/wire.ts';
import type { Send } from '../../core/wire.ts';
import type { Session } from '../../core/session.ts';
import type { Target } from '../../targets/target.ts';
import { SandboxSafetyRefusal } from '../../targets/errors.ts';
import { mutationsFor } from '../arbitraries/negative.ts';
import {
  curlCommand,
  exampleRequest,
  renderRequest,
  requestArbitrary,
  requestViolation,
  styledParameters,
  RequestPlanError,
  type CredentialSource,
  type GeneratedRequest,
  type RenderOptions,
} from '../arbitraries/request.ts';
import { requestValidators } from '../arbitraries/validity.ts';
import { budgetFor } from './budget.ts';
import { refusalOf, underRefusal, type Refusal } from './refusal.ts';
import { withRecordId } from '../record-id.ts';
import { harvest, knownValuesFor, listFor, pathParameters, type KnownValues } from './feedback.ts';
import { asMockLimitations, brokenUnreadable, unreadableIn } from './mock-judgement.ts';
import { mockJudgesCredentials } from '../../checks/mock-capabilities.ts';
import { unsendableOperation } from '../unsendable.ts';
import { unformableCredentials } from '../../targets/authorization.ts';
import { sampleBounded } from './sample.ts';
import type { Unreadable } from '../../checks/mock-capabilities.ts';

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

/** The time left for this phase: the project's budget, capped by the phase's own limit from when it started. */
function clock(ctx: PhaseContext, budget: ReturnType<typeof budgetFor>): { remainingMs(): number; expired(): boolean } {
  const started = Date.now();
  const own = () => (ctx.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : ctx.timeLimitMs - (Date.now() - started));
  return {
    remainingMs: () => Math.max(1, Math.min(budget.remainingMs(), own())),
    expired: () => budget.exhausted() || own() <= 0,
  };
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why a phase does not run for this operation on this target, or undefined. */
export function phaseSkipReason(operation: Operation, target: PhaseTarget['kind'], writes: boolean): string | undefined {
  if (operation.skipReason) return operation.skipReason;
  if (operation.kind === 'webhook') return 'a webhook is sent by the vendor, not called';
  const unsendable = unsendableOperation(operation);
  if (unsendable) return unsendable;
  const limitation = target === 'mock' ? mockLimitation(operation) : undefined;
  if (limitation) return limitation;
  if (target === 'sandbox' && !READ_METHODS.has(operation.method) && !writes)
    return `${operation.method} writes to the sandbox; set SANDBOX_WRITES=1 to allow it`;
  return undefined;
}

/**
 * The values every request of a phase starts from: a live target's session values and, for a write, what the
 * sandbox guard lets it point at (a record the run creates for the purpose). A write that has nothing of the run's
 * to point at gives the reason instead.
 */
async function startingValues(
  ctx: PhaseContext,
  outcome: PhaseOutcome,
): Promise<{ overrides?: Record<string, string>; recordId?: string; skipReason?: string }> {
  const session = await ctx.target.session();
  // A credential the target's session cannot form (a challenge-response scheme) makes every valid request unsendable.
  const unformable = unformableCredentials(ctx.operation.security, ctx.target.credential(session));
  if (unformable) return { skipReason: unformable };
  if (ctx.target.kind !== 'sandbox') return {};
  const values = session.values;
  if (!ctx.target.prepareWrite || READ_METHODS.has(ctx.operation.method)) return { overrides: values };
  const plan = await ctx.target.prepareWrite(ctx.operation);
  if (plan.note) outcome.notes.push(plan.note);
  return { overrides: { ...values, ...plan.overrides }, recordId: plan.recordId, skipReason: plan.skipReason };
}

/** The contract's example request, its body naming the record the write points at. */
function exampleFor(
  ctx: PhaseContext,
  overrides: Record<string, string> | undefined,
  recordId: string | undefined,
): GeneratedRequest | undefined {
  const example = exampleRequest(ctx.contract, ctx.operation, overrides);
  return example?.body && recordId ? { ...example, body: { ...example.body, value: withRecordId(example.body.value, recordId) } } : example;
}

/** Sends, or answers undefined when the sandbox guard would not send the request (noted once per reason). */
async function sendUnlessRefused(
  ctx: PhaseContext,
  request: GeneratedRequest,
  outcome: PhaseOutcome,
  options: Partial<RenderOptions> = {},
): Promise<Exchange | undefined> {
  try {
    return await send(ctx, request, options);
  } catch (error) {
    if (!(error instanceof SandboxSafetyRefusal)) throw error;
    outcome.refused = (outcome.refused ?? 0) + 1;
    if (outcome.notes.length < 50 && !outcome.notes.includes(error.message)) outcome.notes.push(error.message);
    return undefined;
  }
}

/** A phase that sent nothing because the guard refused every request: a skip that says why. */
const refusedReason = (outcome: PhaseOutcome): string | undefined =>
  outcome.sent === 0 && (outcome.refused ?? 0) > 0 ? `nothing was sent: ${outcome.notes.find((n) => n.startsWith('SANDBOX_'))}` : undefined;

async function send(ctx: PhaseContext, request: GeneratedRequest, options: Partial<RenderOptions> = {}): Promise<Exchange> {
  const parameters = styledParameters(ctx.contract, ctx.operation);
  const build = async (): Promise<RecordedRequest> => {
    const session = await ctx.target.session();
    return renderRequest(ctx.operation, parameters, request, {
      baseURL: ctx.target.baseURL,
      credentials: ctx.target.credential(session),
      security: ctx.operation.security,
      ...options,
    });
  };
  let recorded = await build();
  let response = await ctx.target.send(recorded, ctx.target.timeout);
  if (await ctx.target.renewedAfter(response)) {
    recorded = await build();
    response = await ctx.target.send(recorded, ctx.target.timeout);
  }
  return { request: recorded, response };
}

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

function serverError(ctx: PhaseContext, exchange: Exchange, phase: Phase): Violation[] {
  if (ctx.target.kind === 'mock' && mockCouldNotServe(exchange.response)) return [];
  if (exchange.response.status < 500) return [];
  return [
    {
      check: `generative-${phase}`,
      operation: ctx.operation.key,
      rule: 'server-error',
      status: exchange.response.status,
      received: exchange.response.status,
      documented: phase === 'positive' ? 'a documented non-5xx answer to a valid request' : 'a 4xx rejection',
      message: `Received: ${exchange.response.status}\nExpected: no server error for a ${phase === 'positive' ? 'valid' : 'invalid'} request`,
      docSource: ctx.operation.docSource,
      severity: 'error',
    },
  ];
}

class Failure extends Error {
  constructor(
    readonly violations: Violation[],
    readonly exchange: Exchange,
  ) {
    super(
      violations
        .filter((v) => v.severity === 'error')
        .map((v) => `${v.check} › ${v.rule}: ${v.message.split('\n')[0]}`)
        .join('; '),
    );
  }
}

/**
 * Positive phase: the contract's example request, then generated valid requests (boundaries and non-ASCII text
 * among them), each checked with the validator before it is sent. Any 5xx or check violation fails the property,
 * which fast-check shrinks to the smallest failing request.
 */
export async function positivePhase(ctx: PhaseContext): Promise<PhaseOutcome> {
  const outcome: PhaseOutcome = { violations: [], exchanges: [], sent: 0, discarded: 0, notes: [] };
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
    const invalid = requestViolation(ctx.operation, request, validators);
    if (invalid) {
      outcome.discarded += 1;
      fc.pre(false);
    }
    const exchange = await sendUnlessRefused(ctx, request, outcome);
    if (!exchange) {
      fc.pre(false);
      return;
    }
    outcome.sent += 1;
    harvest(ctx.contract, ctx.operation, exchange, known);
    const unreadable = unreadableIn(ctx.target.kind, ctx.operation, request);
    const violations = [...check(ctx, exchange, {}, true, ctx.operation, unreadable), ...serverError(ctx, exchange, 'positive')];
    if (violations.some((v) => v.severity === 'error')) {
      last = { exchange, violations };
      throw new Failure(violations, exchange);
    }
    lastOk = exchange;
    noteWarnings(outcome, violations);
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
    let failed = false;
    await eachLimited(values, concurrency(ctx), async (request) => {
      if (failed || time.expired()) return;
      if (requestViolation(ctx.operation, request, validators)) {
        outcome.discarded += 1;
        return;
      }
      const exchange = await sendUnlessRefused(ctx, request, outcome);
      if (!exchange) return;
      outcome.sent += 1;
      harvest(ctx.contract, ctx.operation, exchange, known);
      const unreadable = unreadableIn(ctx.target.kind, ctx.operation, request);
      const violations = [...check(ctx, exchange, {}, true, ctx.operation, unreadable), ...serverError(ctx, exchange, 'positive')];
      if (violations.some((v) => v.severity === 'error')) {
        failed = true;
        fastFailure ??= { exchange, violations };
      } else {
        lastOk = exchange;
        noteWarnings(outcome, violations);
      }
    });
    if (!failed) {
      budget.spend();
      outcome.seed = parameters.seed;
      const refused = refusedReason(outcome);
      if (refused) return { ...outcome, skipReason: refused };
      if (outcome.sent === 0)
        return {
          ...outcome,
          skipReason: `every generated request failed validation (${outcome.discarded} discarded); the generator cannot satisfy this operation's schemas`,
        };
      if (lastOk) outcome.exchanges.push({ label: 'last request', exchange: lastOk, curl: curlCommand(lastOk.request), passing: true });
      return outcome;
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
    last = fastFailure;
    outcome.path = undefined;
    outcome.notes.push(
      'this failure appeared when requests were sent concurrently and did not recur sequentially: it may depend on timing or state',
    );
    outcome.violations = last.violations;
    outcome.exchanges.push({ label: 'failing request', exchange: last.exchange, curl: curlCommand(last.exchange.request) });
    return outcome;
  }
  if (details.failed && last) {
    outcome.violations = last.violations;
    outcome.exchanges.push({ label: 'smallest failing request', exchange: last.exchange, curl: curlCommand(last.exchange.request) });
  } else if (refusedReason(outcome)) {
    // Every request was one the sandbox guard would not send (fast-check counts them as skipped runs).
    return { ...outcome, skipReason: refusedReason(outcome) };
  } else if (details.failed && (outcome.refused ?? 0) > 0 && details.errorInstance === null) {
    outcome.notes.push(`${outcome.refused} generated request(s) were not sent (see the SANDBOX_ notes); fast-check stopped after too many`);
  } else if (details.failed && fastFailure) {
    // fast-check gave up replaying (too many generated values refused by the validator while shrinking): the
    // failure found at first is kept, never lost to a bare "null" error.
    outcome.violations = fastFailure.violations;
    outcome.notes.push('the failure could not be shrunk: fast-check refused too many generated values while shrinking it');
    outcome.exchanges.push({ label: 'failing request', exchange: fastFailure.exchange, curl: curlCommand(fastFailure.exchange.request) });
  } else if (details.failed) {
    throw details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
  } else if (outcome.sent === 0 && details.interrupted) {
    return { ...outcome, skipReason: "the time limit (GEN_BUDGET_S or the test's timeout) was reached before a request was sent" };
  } else if (outcome.sent === 0) {
    return {
      ...outcome,
      skipReason: `every generated request failed validation (${outcome.discarded} discarded); the generator cannot satisfy this operation's schemas`,
    };
  } else if (lastOk) {
    outcome.exchanges.push({ label: 'last request', exchange: lastOk, curl: curlCommand(lastOk.request), passing: true });
  }
  return outcome;
}

/**
 * Feedback before an item operation's first request: when none of its path parameters has a value seen in an
 * earlier answer, the collection's list is asked once, so that generated requests name records that exist.
 */
async function primeKnownValues(
  ctx: PhaseContext,
  known: KnownValues,
  overrides: Record<string, string> | undefined,
  outcome: PhaseOutcome,
): Promise<void> {
  const names = pathParameters(ctx.operation).filter((n) => overrides?.[n] === undefined);
  if (names.length === 0 || names.some((n) => known.get(n).length > 0)) return;
  const list = listFor(ctx.contract, ctx.operation);
  if (!list || phaseSkipReason(list, ctx.target.kind, false)) return;
  const listCtx = { ...ctx, operation: list };
  const validators = requestValidators(ctx.contract);
  let request = exampleRequest(ctx.contract, list, overrides);
  if (!request || requestViolation(list, request, validators)) {
    try {
      const valid = (r: GeneratedRequest) => !requestViolation(list, r, validators);
      const deadline = Date.now() + Math.min(10_000, ctx.timeLimitMs ?? 10_000);
      request = (
        await sampleBounded(requestArbitrary(ctx.contract, list, { overrides }), { seed: 1, count: 20, deadline, until: valid })
      ).find(valid);
    } catch (error) {
      if (!(error instanceof RequestPlanError)) throw error;
      return;
    }
  }
  if (!request) return;
  const exchange = await send(listCtx, request).catch(() => undefined);
  if (!exchange) return;
  harvest(ctx.contract, list, exchange, known);
  const fed = names.filter((n) => known.get(n).length > 0);
  if (fed.length > 0)
    outcome.notes.push(
      `path parameter(s) ${fed.join(', ')} fed from ${list.key} (${fed.map((n) => known.get(n).length).join(', ')} value(s))`,
    );
}

/** Warnings (findings that do not fail the gate) kept as notes, each once, a bounded number. */
function noteWarnings(outcome: PhaseOutcome, violations: Violation[]): void {
  for (const warning of violations) {
    const line = `${warning.check} › ${warning.rule}: ${warning.message.split('\n')[0]}`;
    if (outcome.notes.length < 50 && !outcome.notes.includes(line)) outcome.notes.push(line);
  }
}

/** Documented rejections of the operation: a status the contract lists for a refused request. */
function documentsRejection(operation: Operation): boolean {
  return operation.responses.some((r) => /^4/.test(r.status) || r.status === 'default');
}

/**
 * Negative phase: each rule of the contract broken in turn on an otherwise valid request (checked invalid by the
 * validator before it is sent), then the credentials missing, malformed and wrong. Every answer must be a 4xx,
 * never a 2xx or a 5xx, and pass every check; credential cases must answer 401 or 403.
 */
export async function negativePhase(ctx: PhaseContext): Promise<PhaseOutcome> {
  const outcome: PhaseOutcome = { violations: [], exchanges: [], sent: 0, discarded: 0, notes: [] };
  const { overrides, recordId, skipReason } = await startingValues(ctx, outcome);
  if (skipReason) return { ...outcome, skipReason };
  const validators = requestValidators(ctx.contract);
  const budget = budgetFor(ctx.target.project);
  if (budget.exhausted()) return { ...outcome, skipReason: budget.reason() };
  const time = clock(ctx, budget);
  const parameters = fcOptions({ kind: 'target', numRuns: ctx.examples });
  outcome.seed = parameters.seed;
  let base = exampleFor(ctx, overrides, recordId);
  if (!base || requestViolation(ctx.operation, base, validators)) {
    try {
      const arbitrary = requestArbitrary(ctx.contract, ctx.operation, { overrides, recordId, livePaths: ctx.target.kind === 'sandbox' });
      const valid = (r: GeneratedRequest) => !requestViolation(ctx.operation, r, validators);
      const drawn = await sampleBounded(arbitrary, {
        seed: parameters.seed,
        count: 50,
        deadline: Date.now() + time.remainingMs(),
        until: valid,
      });
      base = drawn.find(valid);
    } catch (error) {
      if (!(error instanceof RequestPlanError)) throw error;
      base = undefined;
    }
  }
  if (!base) return { ...outcome, skipReason: "no valid request to break: the generator cannot satisfy this operation's schemas" };
  const valid = base;
  const rejectionDocumented = documentsRejection(ctx.operation);
  if (!rejectionDocumented)
    outcome.notes.push('the contract documents no 4xx for this operation: a rejection is checked for its class only');

  const cases: {
    label: string;
    request: GeneratedRequest;
    options: Partial<RenderOptions>;
    expected: CheckContext['expected'];
    auth?: boolean;
    classOnly?: boolean;
    refusal?: Refusal;
    wire?: boolean;
    /** Against a mock: the broken parts it cannot read, so cannot judge. */
    unreadable?: Unreadable[];
  }[] = [];
  const mutations = mutationsFor(ctx.contract, ctx.operation);
  for (const mutation of mutations) {
    const broken = mutation.apply(valid);
    if (!broken) continue;
    // Trust: only a request the contract refuses is sent as a negative case.
    if (!requestViolation(ctx.operation, broken, validators) && !mutation.contentType) {
      outcome.discarded += 1;
      continue;
    }
    const dropped =
      /missing though required/.test(mutation.rule) && mutation.rule.includes('parameter')
        ? ctx.operation.parameters.find((p) => mutation.rule.startsWith(`${p.in} parameter "${p.name}"`))
        : undefined;
    const refusal = refusalOf(ctx.contract, ctx.operation, mutation);
    const readings = dropped?.missingResponses ?? refusal.readings ?? [];
    const expected: CheckContext['expected'] =
      readings.length === 1
        ? { status: readings[0].status, match: readings[0].match, provenance: readings[0].provenance }
        : readings.length > 1
          ? { rejected: true, alternatives: readings }
          : { rejected: true };
    cases.push({
      label: mutation.rule,
      request: broken,
      options: mutation.contentType ? { contentType: mutation.contentType } : {},
      expected,
      classOnly: mutation.wire && ctx.target.kind === 'mock',
      refusal,
      wire: mutation.wire,
      unreadable: brokenUnreadable(ctx.target.kind, ctx.operation, valid, broken),
    });
  }
  const limit = Math.max(ctx.examples * 2, 1);
  const chosen = cases.length > limit ? spread(cases, limit) : cases;
  if (cases.length > chosen.length)
    outcome.notes.push(`${chosen.length} of ${cases.length} broken rules sent (GEN_EXAMPLES=${ctx.examples} allows ${limit})`);
  const secured = ctx.operation.security.length > 0 && ctx.operation.security.every((alternative) => alternative.length > 0);
  if (secured) {
    const kinds: ('missing' | 'malformed' | 'wrong')[] =
      ctx.target.kind === 'mock' ? ['missing', 'malformed'] : ['missing', 'malformed', 'wrong'];
    const httpScheme = ctx.operation.security.some((alt) => alt.some((s) => s.type !== 'apiKey'));
    for (const auth of kinds) {
      // A mock accepts any apiKey value, and an empty one is indistinguishable from none: skip what it cannot judge.
      if (ctx.target.kind === 'mock' && auth === 'malformed' && !httpScheme) continue;
      chosen.push({ label: `credentials ${auth}`, request: valid, options: { auth }, expected: { rejected: true }, auth: true });
    }
  }
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
    let violations = [...check(ctx, exchange, testCase.expected), ...serverError(ctx, exchange, 'negative')];
    if (testCase.classOnly) violations = violations.filter((v) => v.check === 'expectedStatus' || v.rule === 'server-error');
    violations = underRefusal(violations, exchange.response.status, testCase.refusal, testCase.wire === true);
    if (!rejectionDocumented)
      violations = violations.filter(
        (v) => !(v.check === 'statusCodeConformance' && exchange.response.status >= 400 && exchange.response.status < 500),
      );
    if (testCase.auth && exchange.response.status !== 401 && exchange.response.status !== 403 && exchange.response.status < 500) {
      violations.push({
        check: 'generative-negative',
        operation: ctx.operation.key,
        rule: 'auth-not-enforced',
        status: exchange.response.status,
        received: exchange.response.status,
        documented: '401 or 403',
        message: `Received: ${exchange.response.status}\nExpected: 401 or 403 with ${testCase.label}`,
        docSource: ctx.operation.docSource,
        severity: 'error',
      });
    }
    // What the mock cannot judge (src/checks/mock-capabilities.ts): a credential's value, a rule broken where it
    // cannot read. Its accepting such a request is a mock limitation, not a failure.
    if (ctx.target.kind === 'mock' && exchange.response.status < 300) {
      if (testCase.auth && !mockJudgesCredentials(ctx.operation.security))
        violations = asMockLimitations(violations, 'unchecked-security-scheme');
      else if (testCase.auth && testCase.options.auth !== 'missing')
        violations = asMockLimitations(violations, 'credentials-presence-only');
      else if (testCase.unreadable?.length) violations = asMockLimitations(violations, testCase.unreadable[0].id);
    }
    const labelled = violations.map((v) => ({ ...v, message: `[${testCase.label}] ${v.message}` }));
    if (labelled.some((v) => v.severity === 'error'))
      outcome.exchanges.push({ label: testCase.label, exchange, curl: curlCommand(exchange.request) });
    outcome.violations.push(...labelled);
  });
  budget.spend();
  const refused = refusedReason(outcome);
  return refused ? { ...outcome, skipReason: refused } : outcome;
}

/** Requests in flight at once: a few against a mock, one at a time against a live target (its throttle decides). */
function concurrency(ctx: PhaseContext): number {
  return ctx.target.kind === 'mock' ? 8 : 1;
}

async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

/** `count` items spread evenly over the list, so every kind of break gets a turn. */
function spread<T>(items: T[], count: number): T[] {
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]);
}
