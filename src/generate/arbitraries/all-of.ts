/**
 * `allOf` folded into one schema for generation, with what only generation needs on top of the shared merge: OpenAPI
 * 3.0's `nullable` across branches, and closed branches (`additionalProperties: false`) that allow only their own
 * members, readOnly/writeOnly members aside on the side that never carries them.
 */
import type { JsonSchema } from '../../contract/types.ts';
import { isObject } from '../../core/pointer.ts';
import { mergeSchemas } from '../../contract/schema-merge.ts';
import { annotatedAnywhere, deref, UnsatisfiableSchema, type Schema, type State } from './context.ts';

/**
 * `allOf` folded into one schema: properties and required lists united, the tighter of each bound, enums
 * intersected. What cannot be folded (nested composition) is kept for the validator to judge.
 */
export function mergeAllOf(schema: Schema, state: State, merging: ReadonlySet<string> = new Set()): Schema {
  const parts = [Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'allOf')), ...(schema.allOf as JsonSchema[])];
  let merged: Schema = {};
  // A branch with `additionalProperties: false` allows only its own properties, whatever the other branches add.
  const closed: Set<string>[] = [];
  // OpenAPI 3.0: null passes allOf only if every branch that states a type also says `nullable`.
  let nullEverywhere = true;
  for (const part of parts) {
    if (part === true) continue;
    if (part === false) throw new UnsatisfiableSchema('allOf includes the false schema');
    if (!isObject(part)) continue;
    const { schema: target, ref } = deref(part, state);
    let resolved = target;
    // A component that includes itself through allOf (directly or round a loop) adds nothing the merge does not
    // already hold: A and A is A.
    if (ref !== undefined && merging.has(ref)) continue;
    if (Array.isArray(resolved.allOf)) resolved = mergeAllOf(resolved, state, ref === undefined ? merging : new Set([...merging, ref]));
    // OpenAPI 3.0: `nullable` adds null only to a `type` stated in the same schema object.
    if (state.options.dialect === 'openapi-3.0' && resolved.nullable === true && resolved.type === undefined) {
      const { nullable: _ignored, ...rest } = resolved;
      resolved = rest;
    }
    if (resolved.additionalProperties === false && !isObject(resolved.patternProperties))
      closed.push(new Set(Object.keys(isObject(resolved.properties) ? resolved.properties : {})));
    if (resolved.type !== undefined && resolved.nullable !== true) nullEverywhere = false;
    merged = mergeSchemas(merged, resolved);
  }
  if (state.options.dialect === 'openapi-3.0' && merged.nullable === true && !nullEverywhere) merged.nullable = false;
  if (closed.length > 0) {
    const allowed = (name: string) => closed.every((names) => names.has(name));
    const properties = isObject(merged.properties) ? merged.properties : {};
    const hidden = state.options.direction === 'request' ? 'readOnly' : 'writeOnly';
    const required = Array.isArray(merged.required) ? merged.required.filter((r): r is string => typeof r === 'string') : [];
    for (const name of required.filter((r) => !allowed(r))) {
      // A member this side never carries is not required of it either; any other is a contradiction of the document.
      if (!annotatedAnywhere(properties[name], hidden, state))
        throw new UnsatisfiableSchema(`required member "${name}" is not allowed by a closed allOf branch`);
    }
    merged.required = required.filter(allowed);
    merged.properties = Object.fromEntries(Object.entries(properties).filter(([name]) => allowed(name)));
  }
  return merged;
}
