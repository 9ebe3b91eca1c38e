/**
 * drchrono's redelivery, played by the suite: every attempt of a hook is the same request (same delivery id, event,
 * signature and body), sent at the event and then on drchrono's schedule until an attempt is acknowledged.
 * The schedule itself is `nextAttempt` from src/vendors/drchrono/redelivery.ts.
 */
import type { RecordedRequest } from '../../core/wire.ts';
import { nextAttempt } from './redelivery.ts';

/** One attempt drchrono makes: which one (1 = the initial delivery), when, and the request. */
export interface PlannedAttempt {
  readonly attempt: number;
  readonly atMs: number;
  readonly request: RecordedRequest;
}

/**
 * The attempts drchrono makes for `delivery`, given the receiver's answers so far (`answers[i]` answers attempt
 * `i + 1`; `undefined` is no answer, e.g. a time-out). The plan ends with the first attempt not yet answered, or
 * at the first 2xx, or after the last automatic redelivery (then only a manual one remains).
 */
export function redeliveryPlan(delivery: RecordedRequest, eventTimeMs: number, answers: readonly unknown[]): PlannedAttempt[] {
  const plan: PlannedAttempt[] = [];
  let step = nextAttempt(eventTimeMs, 0);
  while (step.kind === 'deliver') {
    plan.push({ attempt: step.attempt, atMs: step.atMs, request: structuredClone(delivery) });
    if (plan.length > answers.length) break;
    step = nextAttempt(eventTimeMs, plan.length, answers[plan.length - 1]);
  }
  return plan;
}

/** The request drchrono sends when it did not get the first answer (a time-out), one hour after the event. */
export function redeliveryOf(delivery: RecordedRequest, eventTimeMs: number = Date.now()): PlannedAttempt {
  return redeliveryPlan(delivery, eventTimeMs, [undefined])[1];
}
