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
 * an excerpt, and past `MAX_VIOLATIONS` one entry per kind of finding says how many more there were. The closing
 * entry keeps its kind: the rest of a document's defects is a defect, never a violation of the vendor, and the rest
 * of the vendor's violations still fails the gate.
 */
export function boundViolations(violations: Violation[], max = MAX_VIOLATIONS): Violation[] {
  const kept = violations
    .slice(0, max)
    .map((v) => ({ ...v, message: String(excerpt(v.message)), received: excerpt(v.received), documented: excerpt(v.documented) }));
  if (violations.length <= max) return kept;
  const byKind = new Map<string, Violation[]>();
  for (const v of violations.slice(max)) {
    const kind = v.finding ?? 'violation';
    byKind.set(kind, [...(byKind.get(kind) ?? []), v]);
  }
  const closing = [...byKind.values()].map((rest): Violation => {
    const last = rest[0];
    return {
      check: last.check,
      operation: last.operation,
      status: last.status,
      rule: 'more-violations',
      docSource: last.docSource,
      severity: rest.some((v) => v.severity === 'error') ? 'error' : 'warning',
      ...(last.finding ? { finding: last.finding } : {}),
      ...(last.decision ? { decision: last.decision } : {}),
      message: `${rest.length} more ${last.finding ? `${last.finding} finding(s)` : 'violation(s)'} of this answer not listed (first ${max} shown)`,
    };
  });
  return [...kept, ...closing];
}
