import { isObject } from '../core/pointer.ts';

/**
 * The records of an answer, whichever list shape carries them: a bare list, an envelope's one list of objects
 * (`{ total, items: [...] }`), or the same envelope inside a one-element array (`[{ ..., items: [...] }]`); a bare
 * object is one record. With the envelope, when it has one (its fields beside the list: totals, offsets).
 */
export function rowsOf(body: unknown): { rows: Record<string, unknown>[]; envelope?: Record<string, unknown> } {
  if (Array.isArray(body)) {
    const wrapped = body.length === 1 ? envelopeOf(body[0]) : undefined;
    return wrapped ?? { rows: body.filter(isObject) };
  }
  return envelopeOf(body) ?? { rows: isObject(body) ? [body] : [] };
}

const LIST_NAMES = /^(items|data|results|records|rows|entries|values|list|content|elements)$/i;

/** An object is an envelope when its one list of objects is named like one, or it states a total beside it; else a record. */
function envelopeOf(value: unknown): { rows: Record<string, unknown>[]; envelope: Record<string, unknown> } | undefined {
  if (!isObject(value)) return undefined;
  const lists = Object.entries(value).filter((e): e is [string, unknown[]] => Array.isArray(e[1]) && e[1].every(isObject));
  if (lists.length !== 1) return undefined;
  const [name, list] = lists[0];
  return LIST_NAMES.test(name) || totalOf(value) !== undefined ? { rows: list as Record<string, unknown>[], envelope: value } : undefined;
}

/** A count an envelope states (`total_count: "2345"`, `total: 12`): the first integer-valued field named like a total. */
export function totalOf(envelope: Record<string, unknown> | undefined): number | undefined {
  if (!envelope) return undefined;
  for (const [key, value] of Object.entries(envelope)) {
    if (!/^(total|total_?count|count_?total|totalcount|total_?results|total_?items)$/i.test(key)) continue;
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
    if (n !== undefined && Number.isSafeInteger(n)) return n;
  }
  return undefined;
}
