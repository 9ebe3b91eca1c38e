import type { Exchange, RecordedRequest } from '../../core/wire.ts';
import { SandboxSafetyRefusal } from '../../targets/errors.ts';
import { unformableCredentials } from '../../targets/authorization.ts';
import {
  exampleRequest,
  renderRequest,
  styledParameters,
  type GeneratedRequest,
  type RenderOptions,
} from '../arbitraries/request-arbitrary.ts';
import { withRecordId } from '../record-id.ts';
import { READ_METHODS } from '../../core/wire.ts';
import type { PhaseContext, PhaseOutcome } from './types.ts';

/** What every request of a phase starts from, or why none can be sent. */
export interface StartingValues {
  overrides?: Record<string, string>;
  recordId?: string;
  skipReason?: string;
}

/**
 * The values every request of a phase starts from: a live target's session values and, for a write, what the
 * sandbox guard lets it point at (a record the run creates for the purpose). A write that has nothing of the run's
 * to point at gives the reason instead.
 */
export async function startingValues(ctx: PhaseContext, outcome: PhaseOutcome): Promise<StartingValues> {
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
export function exampleFor(
  ctx: PhaseContext,
  overrides: Record<string, string> | undefined,
  recordId: string | undefined,
): GeneratedRequest | undefined {
  const example = exampleRequest(ctx.contract, ctx.operation, overrides);
  return example?.body && recordId ? { ...example, body: { ...example.body, value: withRecordId(example.body.value, recordId) } } : example;
}

/** Sends, or answers undefined when the sandbox guard would not send the request (noted once per reason). */
export async function sendUnlessRefused(
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

/** Renders and sends one request; a session the answer shows expired is renewed and the request sent once more. */
export async function send(ctx: PhaseContext, request: GeneratedRequest, options: Partial<RenderOptions> = {}): Promise<Exchange> {
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
