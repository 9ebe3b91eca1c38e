/**
 * Laws of drchrono's webhook redelivery (drchrono API documentation, "Webhooks delivery mechanism"),
 * each a function of the implementation under test.
 */
import fc from 'fast-check';
import type { NextAttempt } from './redelivery.ts';
import { AnyValueArb, HttpStatusArb } from '../../properties/arbitraries.ts';

/** Signature of `redeliverySchedule`. */
export type ScheduleFn = (eventTimeMs: number) => readonly number[];
/** Signature of `isDelivered`. */
export type IsDeliveredFn = (status: unknown) => boolean;
/** Signature of `nextAttempt`. */
export type NextAttemptFn = (eventTimeMs: number, attemptsSoFar: number, lastStatus?: unknown) => NextAttempt;

const HOUR_MS = 3_600_000;

/** Event instants, ms since the epoch. */
export const EventTimeArb = fc.integer({ min: 0, max: 4_000_000_000_000 });

/** Law: an event's redeliveries are exactly 1 h, 3 h and 7 h after the event. */
export function scheduleIsOneThreeSevenHours(schedule: ScheduleFn) {
  return fc.property(EventTimeArb, (event) => {
    const times = schedule(event);
    return times.length === 3 && times[0] === event + HOUR_MS && times[1] === event + 3 * HOUR_MS && times[2] === event + 7 * HOUR_MS;
  });
}

/** Law: a delivery succeeded exactly when the status is a 2xx; 302 and every non-status value are failures. */
export function onlyTwoHundredsAreDelivered(isDelivered: IsDeliveredFn) {
  return fc.property(fc.oneof(HttpStatusArb, fc.constantFrom(200, 299, 300, 302, 199), AnyValueArb), (status) => {
    const twoXx = typeof status === 'number' && Number.isInteger(status) && status >= 200 && status <= 299;
    return isDelivered(status) === twoXx;
  });
}

/** Statuses answered by successive attempts. */
export const AttemptStatusesArb = fc.array(fc.oneof(HttpStatusArb, fc.constantFrom(200, 302, 500)), { minLength: 1, maxLength: 6 });

/**
 * Law: following `nextAttempt` from the event, attempts happen at the event and then at the
 * scheduled instants, stop at the first 2xx, and after four failed attempts only a manual
 * redelivery remains.
 */
export function attemptsFollowScheduleThenStop(next: NextAttemptFn) {
  return fc.property(EventTimeArb, AttemptStatusesArb, (event, statuses) => {
    const expectedTimes = [event, event + HOUR_MS, event + 3 * HOUR_MS, event + 7 * HOUR_MS];
    let step = next(event, 0);
    let attempts = 0;
    for (const status of statuses) {
      if (step.kind !== 'deliver') break;
      if (step.atMs !== expectedTimes[attempts] || step.attempt !== attempts + 1) return false;
      attempts += 1;
      step = next(event, attempts, status);
      const delivered = status >= 200 && status <= 299;
      if (delivered !== (step.kind === 'delivered')) return false;
      if (!delivered && attempts >= 4 !== (step.kind === 'manual')) return false;
    }
    return attempts <= 4;
  });
}
