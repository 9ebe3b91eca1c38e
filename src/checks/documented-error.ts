import { responseFor } from '../contract/operations.ts';
import { parseJsonBody } from './media.ts';
import type { Check } from './types.ts';

/**
 * A rejected request carries the body the contract documents for it (`x-missing-response.match`), e.g. Sikka's
 * `API1004` for a missing `request_key`. A stateless mock answers every invalid request with the status's first
 * example, so against a mock the rule is that the contract documents an example of that status carrying the subset.
 */
export const documentedErrorBody: Check = ({ operation, expected, target }, { response }) => {
  // A list-valued `x-missing-response` names alternatives: the body may carry any subset documented for its status.
  const alternatives = (expected?.anyOf ?? (expected?.status !== undefined ? [{ status: expected.status, match: expected.match }] : []))
    .filter((a) => a.status === response.status);
  const matches = alternatives.flatMap((a) => (a.match ? [a.match] : []));
  if (matches.length === 0 || matches.length < alternatives.length) return [];
  const spec = responseFor(operation, response.status);
  const documented = matches.length === 1 ? matches[0] : matches;
  const base = {
    check: 'documentedErrorBody', operation: operation.key, rule: 'error-body-mismatch', status: response.status,
    documented, docSource: spec?.docSource ?? operation.docSource, severity: 'error' as const,
  };
  const wanted = matches.map((m) => JSON.stringify(m)).join(' or ');
  if (target === 'mock') {
    const examples = spec?.content.flatMap((m) => m.examples.map((e) => e.value)) ?? [];
    if (matches.some((match) => examples.some((value) => containsSubset(value, match)))) return [];
    return [{ ...base, message: `No documented ${response.status} example carries ${wanted}`, received: examples.length, path: '/' }];
  }
  const body = parseJsonBody(response.text);
  if (matches.some((match) => containsSubset(body, match))) return [];
  return [{ ...base, message: `Received: ${response.text.slice(0, 200)}\nDocumented: a body with ${wanted}`, received: body instanceof Error ? response.text.slice(0, 200) : body, path: '/' }];
};

/** True when `value` (or, for Sikka-style array envelopes, any element of it) has every field of `subset`. */
export function containsSubset(value: unknown, subset: Record<string, unknown>): boolean {
  if (Array.isArray(value)) return value.some((item) => containsSubset(item, subset));
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(subset).every(([key, expected]) => {
    const actual = (value as Record<string, unknown>)[key];
    return expected !== null && typeof expected === 'object'
      ? containsSubset(actual, expected as Record<string, unknown>)
      : String(actual) === String(expected);
  });
}
