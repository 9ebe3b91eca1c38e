import { isObject } from '../core/pointer.ts';

/**
 * A write to one record that also names the record in its body (`DELETE /client/{client_id}.json` with
 * `{ "client": { "id": … } }`) names the same record there: the `id` field at the top of the body and one wrapper
 * down takes the record's id, as a number where the body had a number.
 */
export function withRecordId(value: unknown, id: string | undefined): unknown {
  if (id === undefined || !isObject(value)) return value;
  const fill = (node: Record<string, unknown>) => {
    if (!('id' in node) || (node.id !== null && typeof node.id === 'object')) return node;
    return { ...node, id: typeof node.id === 'number' && /^-?\d+(\.\d+)?$/.test(id) ? Number(id) : id };
  };
  const out = fill(value);
  for (const [key, child] of Object.entries(out)) if (isObject(child)) out[key] = fill(child);
  return out;
}

/** The values of `id` fields at the top of a body and one wrapper down, as text. */
export function recordIdsIn(value: unknown): string[] {
  if (!isObject(value)) return [];
  const ids: string[] = [];
  const take = (node: Record<string, unknown>) => {
    if (typeof node.id === 'string' || typeof node.id === 'number') ids.push(String(node.id));
  };
  take(value);
  for (const child of Object.values(value)) if (isObject(child)) take(child);
  return ids;
}
