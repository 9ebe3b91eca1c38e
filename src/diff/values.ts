import type { Side } from './rules.ts';

/** Deep equality of JSON values, ignoring key order. */
export function sameJson(left: unknown, right: unknown): boolean {
  return canonical(left) === canonical(right);
}

export function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** `items` → `.items`; a name that would not read as a path segment is quoted: `["x-y z"]`. */
export const fieldPath = (name: string): string => (/^[A-Za-z_$][\w$-]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`);

export const describeSide = (side: Side): string => (side === 'webhook-payload' ? 'webhook payload' : side);

/** A value as one short line for the text report: `(none)` for absent, JSON shortened past `max` characters. */
export function show(value: unknown, max = 80): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
