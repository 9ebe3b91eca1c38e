import type { Violation } from '../core/violation.ts';

/** Characters of a received value a violation keeps: enough to read the fault, never the whole answer. */
export const EXCERPT_CHARS = 1_000;
/** Violations kept per exchange; the rest are counted in one closing entry. */
export const MAX_VIOLATIONS = 50;

/** A value as a violation stores it: small values whole, large ones as the start of their JSON and their size. */
export function excerpt(value: unknown, limit = EXCERPT_CHARS): unknown {
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined || text.length <= limit) return value;
  return `${text.slice(0, limit)}… (${text.length} characters in all)`;
}

/**
 * Bounds what the violations of one exchange hold, whatever the target sent: each `received` and `documented` is
 * an excerpt, and past `MAX_VIOLATIONS` one entry says how many more there were.
 */
export function boundViolations(violations: Violation[], max = MAX_VIOLATIONS): Violation[] {
  const kept = violations
    .slice(0, max)
    .map((v) => ({ ...v, message: String(excerpt(v.message)), received: excerpt(v.received), documented: excerpt(v.documented) }));
  if (violations.length <= max) return kept;
  const rest = violations.slice(max);
  const last = rest[0];
  return [
    ...kept,
    {
      check: last.check,
      operation: last.operation,
      status: last.status,
      rule: 'more-violations',
      docSource: last.docSource,
      severity: rest.some((v) => v.severity === 'error') ? 'error' : 'warning',
      message: `${rest.length} more violation(s) of this answer not listed (first ${max} shown)`,
    },
  ];
}
