/**
 * Token lifetimes as vendors write them, and the expiry arithmetic every token holder uses.
 * Forms seen in the documents: `"86400"` and `"24 hours"` (Sikka APIs (Postman documentation), "Step 3 - Token( request_key )
 * Issuing" and "Step 5 : Fetching and displaying data"), 48 hours in seconds (drchrono API documentation,
 * "Refreshing an access token").
 */

const UNIT_SECONDS: Readonly<Record<string, number>> = { second: 1, minute: 60, hour: 3600, day: 86_400 };
const DIGITS = /^\d+$/;
const WITH_UNIT = /^(\d+)\s*(second|minute|hour|day)s?$/i;

function wholeSeconds(seconds: number): number | undefined {
  return Number.isSafeInteger(seconds) && seconds >= 0 ? seconds : undefined;
}

/**
 * Parses a lifetime into whole seconds: a non-negative integer, a digit string, or
 * `"<n> second(s)|minute(s)|hour(s)|day(s)"` (case and surrounding blanks ignored).
 * Anything else is `undefined`; never throws.
 * @example parseLifetime('24 hours') === 86400; parseLifetime('86400') === 86400
 */
export function parseLifetime(value: unknown): number | undefined {
  if (typeof value === 'number') return wholeSeconds(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (DIGITS.test(text)) return wholeSeconds(Number(text));
  const match = WITH_UNIT.exec(text);
  if (!match) return undefined;
  return wholeSeconds(Number(match[1]) * UNIT_SECONDS[match[2].toLowerCase()]);
}

/** The instant (ms) a token issued at `issuedAtMs` expires; an infinite lifetime never expires. */
export function expiresAt(issuedAtMs: number, lifetimeSeconds: number): number {
  return issuedAtMs + lifetimeSeconds * 1000;
}

/**
 * True when a token must not be used any more: from `expiresAtMs - skewMs` on (inclusive).
 * A token is usable only strictly before that instant, so the exact boundary refreshes.
 * Unreadable clocks (NaN) also refresh, which is the safe side.
 */
export function needsRefresh(nowMs: number, expiresAtMs: number, skewMs: number): boolean {
  return !(nowMs < expiresAtMs - skewMs);
}
