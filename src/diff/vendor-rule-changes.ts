import { isObject, join } from '../core/pointer.ts';
import { Rule } from './rules.ts';
import type { Change, Document } from './types.ts';
import { sameJson } from './values.ts';

const ROOT = '#/x-vendor-rules';
/**
 * Keys that document a rule rather than state it; they count as documentation only on a rule (a node with
 * `x-doc-source`). `x-provenance` and `x-decision` say where a rule comes from, not what it is.
 */
const DOC_KEYS = new Set(['description', 'x-doc-source', 'x-provenance', 'x-decision']);

/**
 * `x-vendor-rules` holds what the property suites rely on (page sizes, pagination style, token lifetimes,
 * signature schemes, rate limits, redelivery), so every change of a value in it is breaking, including an
 * added family: a new rate limit binds clients as much as a changed one. Only the description and
 * `x-doc-source` of a rule are documentation. openapi-diff sees root extensions only as "unclassified".
 */
export function vendorRuleChanges(before: Document, after: Document): Change[] {
  const changes: Change[] = [];
  diff(before['x-vendor-rules'], after['x-vendor-rules'], ROOT, 'x-vendor-rules', changes);
  return changes;
}

/** `pointer` locates the value; `name` says it for people: `tokens[request_key].lifetimeSeconds`. */
function diff(before: unknown, after: unknown, pointer: string, name: string, changes: Change[]): void {
  if (sameJson(before, after)) return;
  if (isObject(before) && isObject(after)) {
    const isRule = 'x-doc-source' in before || 'x-doc-source' in after;
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const at = join(pointer, key);
      // Provenance marks are documentation wherever they sit (a rule, or one row of an error table).
      if ((isRule && DOC_KEYS.has(key)) || key === 'x-provenance' || key === 'x-decision') {
        if (!sameJson(before[key], after[key])) {
          changes.push({
            rule: Rule.vendorRuleDescriptionChanged,
            location: at,
            message: `${child(name, key)} changed`,
            before: before[key],
            after: after[key],
          });
        }
        continue;
      }
      diff(before[key], after[key], at, child(name, key), changes);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const identity = identityOf(before, after);
    if (identity)
      return diffById(before as Record<string, unknown>[], after as Record<string, unknown>[], identity, pointer, name, changes);
    if (before.length === after.length && [...before, ...after].every(isObject)) {
      before.forEach((item, index) => diff(item, after[index], join(pointer, index), `${name}[${index}]`, changes));
      return;
    }
  }
  changes.push({ rule: Rule.vendorRuleChanged, location: pointer, message: leafMessage(before, after, name), before, after });
}

/** Tokens and signatures are matched by `name`, error-table rows by `code`, so that a reordered or inserted entry is not a change of every later one. */
function identityOf(before: unknown[], after: unknown[]): string | undefined {
  const all = [...before, ...after];
  if (all.length === 0 || !all.every(isObject)) return undefined;
  return ['name', 'code'].find((key) => all.every((item) => typeof (item as Record<string, unknown>)[key] === 'string'));
}

function diffById(
  before: Record<string, unknown>[],
  after: Record<string, unknown>[],
  key: string,
  pointer: string,
  name: string,
  changes: Change[],
): void {
  const index = new Map(after.map((item, i) => [String(item[key]), i]));
  const previous = new Set(before.map((item) => String(item[key])));
  before.forEach((item, i) => {
    const id = String(item[key]);
    const j = index.get(id);
    if (j === undefined) {
      changes.push({ rule: Rule.vendorRuleChanged, location: join(pointer, i), message: `${name}[${id}] was removed`, before: item });
    } else {
      diff(item, after[j], join(pointer, j), `${name}[${id}]`, changes);
    }
  });
  after.forEach((item, j) => {
    const id = String(item[key]);
    if (!previous.has(id))
      changes.push({ rule: Rule.vendorRuleChanged, location: join(pointer, j), message: `${name}[${id}] was added`, after: item });
  });
}

const child = (name: string, key: string): string => (name === 'x-vendor-rules' ? key : `${name}.${key}`);

function leafMessage(before: unknown, after: unknown, name: string): string {
  if (before === undefined) return `${name} was added`;
  if (after === undefined) return `${name} was removed`;
  if (Array.isArray(before) && Array.isArray(after)) {
    const gained = after.filter((v) => !before.some((w) => sameJson(v, w)));
    const lost = before.filter((v) => !after.some((w) => sameJson(v, w)));
    const parts = [
      lost.length ? `removed ${lost.map((v) => JSON.stringify(v)).join(', ')}` : '',
      gained.length ? `added ${gained.map((v) => JSON.stringify(v)).join(', ')}` : '',
    ].filter(Boolean);
    return `${name} changed: ${parts.length ? parts.join('; ') : 'reordered'}`;
  }
  return `${name} changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`;
}
