import type { Side } from './rules.ts';

export { canonical, sameJson } from '../contract/canonical.ts';

/** `items` → `.items`; a name that would not read as a path segment is quoted: `["x-y z"]`. */
export const fieldPath = (name: string): string => (/^[A-Za-z_$][\w$-]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`);

export const describeSide = (side: Side): string => (side === 'webhook-payload' ? 'webhook payload' : side);

/** A value as one short line for the text report: `(none)` for absent, JSON shortened past `max` characters. */
export function show(value: unknown, max = 80): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
