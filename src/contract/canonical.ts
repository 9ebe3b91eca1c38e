/**
 * Canonical JSON text: object keys sorted, so deep-equal values have the same text whatever their key order. The one
 * notion of "the same JSON value" for `uniqueItems`, enum intersections and the contract diff.
 */
import stableStringify from 'fast-json-stable-stringify';

/** Sorted-key JSON text of `value`; `undefined` (absent) is `'undefined'`, so it never equals `null`. */
export const canonical = (value: unknown): string => (value === undefined ? 'undefined' : stableStringify(value));

/** Deep equality of JSON values, ignoring key order. */
export const sameJson = (left: unknown, right: unknown): boolean => canonical(left) === canonical(right);
