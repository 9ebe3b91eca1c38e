import type { Operation, ParameterSpec } from '../../contract/types.ts';
import type { CheckContext } from '../../checks/types.ts';
import type { Unreadable } from '../../checks/mock-capabilities.ts';
import { mutationsFor, type Mutation } from '../arbitraries/negative.ts';
import { requestViolation, type GeneratedRequest, type RenderOptions } from '../arbitraries/request-arbitrary.ts';
import type { requestValidators } from '../arbitraries/validity.ts';
import { spread } from '../../core/spread.ts';
import { brokenUnreadable } from './mock-judgement.ts';
import { refusalOf, type Refusal } from './refusal.ts';
import type { PhaseContext } from './types.ts';

/** One request the negative phase sends: a valid request with one rule broken, or its credentials missing or wrong. */
export interface NegativeCase {
  label: string;
  request: GeneratedRequest;
  options: Partial<RenderOptions>;
  expected: CheckContext['expected'];
  auth?: boolean;
  /** Against a mock, only the class of the answer is judged (a wire-format break it answers generically). */
  classOnly?: boolean;
  refusal?: Refusal;
  wire?: boolean;
  /** A required parameter the case leaves out: its own documented answers to a request without it decide. */
  dropped?: ParameterSpec;
  /** Against a mock: the broken parts it cannot read, so cannot judge. */
  unreadable?: Unreadable[];
}

/** The required parameter a mutation leaves out, taken from what the mutation says it breaks. */
export function droppedParameter(operation: Operation, mutation: Pick<Mutation, 'breaks'>): ParameterSpec | undefined {
  const parameter = mutation.breaks?.kind === 'missing' ? mutation.breaks.parameter : undefined;
  return parameter && operation.parameters.find((p) => p.in === parameter.in && p.name === parameter.name);
}

/** What a refused request must get: its one documented reading, any of several, or a rejection of any kind. */
function expectedOf(refusal: Refusal, dropped: ParameterSpec | undefined): CheckContext['expected'] {
  const readings = dropped?.missingResponses ?? refusal.readings ?? [];
  if (readings.length === 1) return { status: readings[0].status, match: readings[0].match, provenance: readings[0].provenance };
  return readings.length > 1 ? { rejected: true, alternatives: readings } : { rejected: true };
}

/**
 * The contract's rules broken one at a time on a valid request. Only a request the contract refuses is kept (trust:
 * a case the engine calls invalid must be invalid by the contract); a change of media type alone is kept as is.
 */
export function brokenRuleCases(
  ctx: PhaseContext,
  valid: GeneratedRequest,
  validators: ReturnType<typeof requestValidators>,
): { cases: NegativeCase[]; discarded: number } {
  const cases: NegativeCase[] = [];
  let discarded = 0;
  for (const mutation of mutationsFor(ctx.contract, ctx.operation)) {
    const broken = mutation.apply(valid);
    if (!broken) continue;
    if (!requestViolation(ctx.operation, broken, validators) && !mutation.contentType) {
      discarded += 1;
      continue;
    }
    const dropped = droppedParameter(ctx.operation, mutation);
    const refusal = refusalOf(ctx.contract, ctx.operation, mutation);
    cases.push({
      label: mutation.rule,
      request: broken,
      options: mutation.contentType ? { contentType: mutation.contentType } : {},
      expected: expectedOf(refusal, dropped),
      classOnly: mutation.wire && ctx.target.kind === 'mock',
      refusal,
      wire: mutation.wire,
      dropped,
      unreadable: brokenUnreadable(ctx.target.kind, ctx.operation, valid, broken, ctx.contract.document),
    });
  }
  return { cases, discarded };
}

/**
 * The credential cases of a secured operation: missing, malformed, and (on a live target, which can judge a value)
 * wrong. A mock accepts any apiKey value, and an empty one is indistinguishable from none: what it cannot judge is
 * left out.
 */
export function credentialCases(ctx: PhaseContext, valid: GeneratedRequest): NegativeCase[] {
  const secured = ctx.operation.security.length > 0 && ctx.operation.security.every((alternative) => alternative.length > 0);
  if (!secured) return [];
  const kinds: ('missing' | 'malformed' | 'wrong')[] =
    ctx.target.kind === 'mock' ? ['missing', 'malformed'] : ['missing', 'malformed', 'wrong'];
  const httpScheme = ctx.operation.security.some((alt) => alt.some((s) => s.type !== 'apiKey'));
  return kinds
    .filter((auth) => !(ctx.target.kind === 'mock' && auth === 'malformed' && !httpScheme))
    .map((auth) => ({ label: `credentials ${auth}`, request: valid, options: { auth }, expected: { rejected: true }, auth: true }));
}

/** At most `limit` broken-rule cases, spread over all of them so that every kind of break gets a turn. */
export function chooseCases(cases: NegativeCase[], limit: number): NegativeCase[] {
  return spread(cases, limit);
}
