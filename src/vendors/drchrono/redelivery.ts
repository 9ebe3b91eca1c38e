/**
 * drchrono's webhook redelivery schedule, as pure functions.
 * Source: drchrono API documentation, "Webhooks delivery mechanism": any 2xx is delivered, anything else
 * (a 302 included) fails; failed hooks are redelivered 1 h, 3 h and 7 h after the initial
 * event (measured from the event, not from the previous attempt), then only by hand.
 */
import { docSection } from '../common/doc-source.ts';
import { DRCHRONO_DOCUMENT } from './document.ts';

/** Where the schedule comes from. */
export const DRCHRONO_REDELIVERY_DOC = docSection(DRCHRONO_DOCUMENT, 'Webhooks delivery mechanism');

const HOUR_MS = 3_600_000;

/** Redelivery offsets from the event, ms: 1 h, 3 h, 7 h. */
export const DRCHRONO_REDELIVERY_OFFSETS_MS: readonly number[] = [1 * HOUR_MS, 3 * HOUR_MS, 7 * HOUR_MS];

/** The instants (ms) of the three automatic redeliveries of an event that happened at `eventTimeMs`. */
export function redeliverySchedule(eventTimeMs: number): number[] {
  return DRCHRONO_REDELIVERY_OFFSETS_MS.map((offset) => eventTimeMs + offset);
}

/** True for any 2xx status; everything else, redirects included, is a failed delivery. */
export function isDelivered(status: unknown): boolean {
  return typeof status === 'number' && Number.isInteger(status) && status >= 200 && status <= 299;
}

/** What happens next to a hook. */
export type NextAttempt =
  | { readonly kind: 'deliver'; readonly atMs: number; readonly attempt: number }
  | { readonly kind: 'delivered' }
  | { readonly kind: 'manual' };

/**
 * The next step for a hook after `attemptsSoFar` attempts (the initial delivery counts as one),
 * the last of which answered `lastStatus`. Attempt 1 is at the event; attempts 2–4 follow the
 * schedule; after four failures only a manual redelivery remains.
 * @throws RangeError when `attemptsSoFar` is not a non-negative integer (misuse).
 */
export function nextAttempt(eventTimeMs: number, attemptsSoFar: number, lastStatus?: unknown): NextAttempt {
  if (!Number.isSafeInteger(attemptsSoFar) || attemptsSoFar < 0)
    throw new RangeError(`attemptsSoFar must be a non-negative integer, got ${attemptsSoFar}`);
  if (attemptsSoFar === 0) return { kind: 'deliver', atMs: eventTimeMs, attempt: 1 };
  if (isDelivered(lastStatus)) return { kind: 'delivered' };
  const offset = DRCHRONO_REDELIVERY_OFFSETS_MS[attemptsSoFar - 1];
  if (offset === undefined) return { kind: 'manual' };
  return { kind: 'deliver', atMs: eventTimeMs + offset, attempt: attemptsSoFar + 1 };
}
