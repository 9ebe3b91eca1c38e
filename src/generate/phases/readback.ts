import { isObject } from '../../core/pointer.ts';

/** Timestamps a server sets itself, which documents seldom mark read-only: `created_at`, `updatedAt`, `modified_on`. */
const SERVER_MANAGED = /^(created|updated|modified|deleted)(_at|At|_on|_date)?$/i;
/** Ids and references to other records: a server may resolve or canonicalise a reference. */
const REFERENCE = /(^id$|_id$|Id$)/;

/** One written value that reads back differently: its path in the written body, what was written, what was read. */
export interface ReadbackDifference {
  field: string;
  written: unknown;
  read: unknown;
}

/** Equal as written and as read: exact for most values, the same instant for date-times, the same number for numeric text. */
export function sameValue(written: unknown, read: unknown): boolean {
  if (written === read) return true;
  if (typeof written === 'string' && typeof read === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(written))
    return Date.parse(written) === Date.parse(read);
  if ((typeof written === 'number' || typeof read === 'number') && String(written) === String(read)) return true;
  return false;
}

/**
 * The part of a written body that the read answer shows: the body itself, or the one object-valued field whose
 * keys the answer shares most (`{ pmsId, config }` written, the config read back), or the answer's single wrapper
 * (`{ user: {...} }` read). Undefined when the answer shows nothing of what was written.
 */
function aligned(
  written: Record<string, unknown>,
  read: unknown,
): { view: Record<string, unknown>; prefix: string; read: unknown } | undefined {
  if (isObject(read)) {
    const entries = Object.entries(read);
    const unwrapped = entries.length === 1 && isObject(entries[0][1]) && !(entries[0][0] in written) ? entries[0][1] : read;
    const shared = (view: Record<string, unknown>) => Object.keys(view).filter((k) => k in (unwrapped as Record<string, unknown>)).length;
    let best: { view: Record<string, unknown>; prefix: string; score: number } = { view: written, prefix: '', score: shared(written) };
    for (const [key, value] of Object.entries(written)) {
      if (!isObject(value) || Object.keys(value).length === 0) continue;
      const score = shared(value);
      if (score > best.score) best = { view: value, prefix: `${key}.`, score };
    }
    return best.score > 0 ? { view: best.view, prefix: best.prefix, read: unwrapped } : undefined;
  }
  return undefined;
}

/**
 * What reads back differently from what was written. Only fields the answer carries are compared (a server may
 * leave out write-only fields); ids, references and server-managed timestamps are left out. A written object read
 * back as `null` or nothing at all is one difference for the whole record.
 */
export function readbackDifferences(written: unknown, read: unknown): ReadbackDifference[] {
  if (!isObject(written)) return [];
  const meaningful = Object.entries(written).some(([k, v]) => !REFERENCE.test(k) && !SERVER_MANAGED.test(k) && v !== undefined);
  if ((read === null || read === undefined || read === '') && meaningful) return [{ field: '(the record)', written, read: read ?? null }];
  const view = aligned(written, read);
  if (!view) return [];
  const out: ReadbackDifference[] = [];
  compare(view.view, view.read, view.prefix, out, 0);
  return out;
}

function compare(written: Record<string, unknown>, read: unknown, prefix: string, out: ReadbackDifference[], depth: number): void {
  if (!isObject(read) || depth > 4) return;
  for (const [name, value] of Object.entries(written)) {
    if (!(name in read) || REFERENCE.test(name) || SERVER_MANAGED.test(name)) continue;
    const stored = read[name];
    const field = `${prefix}${name}`;
    if (isObject(value)) {
      if (isObject(stored)) compare(value, stored, `${field}.`, out, depth + 1);
      else out.push({ field, written: value, read: stored });
    } else if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== 'object') && Array.isArray(stored)) {
        const key = (list: unknown[]) =>
          list
            .map((v) => JSON.stringify(v))
            .sort()
            .join(',');
        if (key(value) !== key(stored)) out.push({ field, written: value, read: stored });
      }
    } else if (!sameValue(value, stored)) out.push({ field, written: value, read: stored });
  }
}
