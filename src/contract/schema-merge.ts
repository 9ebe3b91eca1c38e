/**
 * Two schemas that apply to the same value, folded into one: the conjunction `allOf` means, keyword by keyword. The
 * one implementation of `allOf` merging and type intersection; the generator folds `allOf` with it to construct
 * values, the contract diff to compare what a schema allows.
 *
 * Why not `json-schema-merge-allof`: it throws on branches that contradict each other, where the generator must learn
 * that no value fits (and say so as a skip), and it knows neither OpenAPI 3.0's `nullable` nor what a request or
 * a response leaves out (`readOnly`/`writeOnly` members of a closed branch). Patterns do not intersect in general;
 * where that library joins them into one lookahead pattern, the generator keeps each to test candidates against.
 */
import { canonical } from './canonical.ts';
import { isObject } from '../core/pointer.ts';

type Schema = Record<string, unknown>;

/** Further patterns a merged string schema must match besides its `pattern` (allOf branches with different ones). */
export const ALSO_MATCHES = 'x-generator-also-matches';

/** Compositions of allOf branches combined: (A1 or A2) and (B1 or B2) is (A1 and B1) or (A1 and B2) or ... */
const MAX_COMBINED_BRANCHES = 64;

export interface MergeOptions {
  /**
   * A `oneOf`/`anyOf` in both schemas: `combine` pairs their branches (a value must match one of each), up to 64
   * pairs; `keep` keeps the first schema's, for a comparison that matches variants by the component they name.
   */
  readonly compositions: 'combine' | 'keep';
}

const typeList = (type: unknown): string[] => (Array.isArray(type) ? type : [type]).map(String);

/**
 * The JSON types both `type` keywords allow (`integer` is a `number`): `[number]` and `[integer, string]` give
 * `integer`. A single type is returned as a string, several as a list, none as `[]` (no value fits).
 */
export function intersectTypes(left: unknown, right: unknown): unknown {
  const both = new Set<string>();
  for (const a of typeList(left))
    for (const b of typeList(right)) {
      if (a === b) both.add(a);
      else if ((a === 'integer' && b === 'number') || (a === 'number' && b === 'integer')) both.add('integer');
    }
  // `number` already allows every integer.
  const result = both.has('number') ? [...both].filter((t) => t !== 'integer') : [...both];
  return result.length === 1 ? result[0] : result;
}

/** Member schemas by name (or pattern) of two branches: a member both name must satisfy both. */
function mergeMemberSchemas(left: Schema, right: Schema): Schema {
  const merged: Schema = { ...left };
  for (const [name, sub] of Object.entries(right)) merged[name] = merged[name] === undefined ? sub : { allOf: [merged[name], sub] };
  return merged;
}

/**
 * `a` and `b` as one schema: properties and required lists united, the tighter of each bound, enums intersected,
 * types intersected, member schemas (`items`, `additionalProperties`, …) conjoined. Other keywords: `b`'s.
 */
export function mergeSchemas(a: Schema, b: Schema, options: MergeOptions = { compositions: 'combine' }): Schema {
  const out: Schema = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const current = out[key];
    if (current === undefined) {
      out[key] = value;
      continue;
    }
    switch (key) {
      case 'properties':
      case 'patternProperties':
        if (isObject(current) && isObject(value)) out[key] = mergeMemberSchemas(current, value);
        break;
      case 'required':
        if (Array.isArray(current) && Array.isArray(value)) out.required = [...new Set([...current, ...value])];
        break;
      case 'minimum':
      case 'minLength':
      case 'minItems':
      case 'minProperties':
        out[key] = Math.max(current as number, value as number);
        break;
      case 'maximum':
      case 'maxLength':
      case 'maxItems':
      case 'maxProperties':
        out[key] = Math.min(current as number, value as number);
        break;
      case 'enum':
        if (Array.isArray(current) && Array.isArray(value))
          out.enum = current.filter((v) => value.some((w) => canonical(w) === canonical(v)));
        break;
      case 'type':
        out.type = intersectTypes(current, value);
        break;
      case 'nullable':
        out.nullable = current === true && value === true;
        break;
      case 'additionalProperties':
      case 'items':
      case 'additionalItems':
      case 'propertyNames':
      case 'contains':
      case 'unevaluatedProperties':
      case 'unevaluatedItems':
        // Both apply to the same members: the member schema is their conjunction.
        if (value === false || current === false) out[key] = false;
        else if (value === true) out[key] = current;
        else if (current === true) out[key] = value;
        else out[key] = { allOf: [current, value] };
        break;
      case 'not':
        out.not = { anyOf: [current, value] };
        break;
      case 'pattern':
        // Regular expressions do not intersect in general: a string must match each.
        if (current !== value) out[ALSO_MATCHES] = [...((out[ALSO_MATCHES] as string[]) ?? []), value];
        break;
      case 'oneOf':
      case 'anyOf': {
        if (options.compositions === 'keep') break;
        const left = current as unknown[];
        const right = value as unknown[];
        if (left.length * right.length <= MAX_COMBINED_BRANCHES) out[key] = left.flatMap((l) => right.map((r) => ({ allOf: [l, r] })));
        // Beyond that the right-hand composition is left to the validator, which discards what it refuses.
        break;
      }
      case ALSO_MATCHES:
        out[key] = [...(current as string[]), ...(value as string[])];
        break;
      default:
        out[key] = value;
    }
  }
  return out;
}
