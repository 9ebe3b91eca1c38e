import { createCompoundSchema } from 'genson-js';
import { PLACEHOLDER } from './json-body.ts';

export type Schema = Record<string, unknown>;

/**
 * A JSON Schema (2020-12) that every one of `values` satisfies, built with genson-js from all of them at once:
 * a property missing from one value is optional, a property `null` in one is nullable (`type: [X, 'null']`),
 * integers and decimals of one field are numbers, and array items merge across every array seen. Where a value
 * tells nothing (a field only ever `null`, an empty array's items, a Postman `{{variable}}`), the schema accepts
 * anything there rather than guess. Objects stay open: no example shows that other properties are refused.
 */
export function inferSchema(values: unknown[]): Schema {
  const placeholders = new Set<string>();
  const known = values.filter((v) => !isPlaceholder(v)).map((v) => withoutPlaceholders(v, '', placeholders));
  if (known.length === 0) return {};
  const schema = widen(createCompoundSchema(known as never) as unknown as Schema);
  for (const path of [...placeholders].sort()) acceptAnythingAt(schema, path.split('/').slice(1));
  return schema;
}

const isPlaceholder = (value: unknown): boolean => typeof value === 'string' && PLACEHOLDER.test(value);

/**
 * The value with every `{{variable}}` taken out (an object's key left out, an array's item dropped), each place
 * recorded as a path of property names and `*` for array items, so that the schema can accept anything there.
 */
function withoutPlaceholders(value: unknown, path: string, found: Set<string>): unknown {
  if (Array.isArray(value)) {
    const kept: unknown[] = [];
    for (const item of value) {
      if (isPlaceholder(item)) found.add(`${path}/*`);
      else kept.push(withoutPlaceholders(item, `${path}/*`, found));
    }
    return kept;
  }
  if (value !== null && typeof value === 'object') {
    const kept: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (isPlaceholder(child)) found.add(at);
      else kept[key] = withoutPlaceholders(child, at, found);
    }
    return kept;
  }
  return value;
}

function acceptAnythingAt(schema: Schema, tokens: string[]): void {
  let node = schema;
  for (const [index, raw] of tokens.entries()) {
    const last = index === tokens.length - 1;
    if (Object.keys(node).length === 0) return; // already accepts anything
    if (raw === '*') {
      if (node.type !== 'array') return;
      if (last) {
        delete node.items;
        return;
      }
      node = (node.items ??= {}) as Schema;
      continue;
    }
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node.type !== 'object') return;
    const properties = (node.properties ??= {}) as Record<string, Schema>;
    if (last) {
      properties[key] = {};
      return;
    }
    node = properties[key] ??= {};
  }
}

/** genson-js output made to say only what the values show, in draft 2020-12 terms. */
function widen(schema: Schema): Schema {
  if (Array.isArray(schema.anyOf)) {
    // Beside other shapes, `null` stays: it is what makes the field nullable.
    const branches = (schema.anyOf as Schema[]).map((b) => (b.type === 'null' ? { type: 'null' } : widen(b)));
    if (branches.some((b) => Object.keys(b).length === 0)) return {};
    return { anyOf: branches };
  }
  const type = schema.type;
  // A field only ever `null` shows that it may be null, not what it is otherwise.
  if (type === undefined || type === 'null') return {};
  const out: Schema = { type };
  if (schema.properties && typeof schema.properties === 'object') {
    const properties: Schema = {};
    for (const [name, child] of Object.entries(schema.properties as Record<string, Schema>)) properties[name] = widen(child);
    out.properties = properties;
    const required = (schema.required as string[] | undefined) ?? [];
    if (required.length > 0) out.required = required;
  }
  if (schema.items && typeof schema.items === 'object') {
    const items = widen(schema.items as Schema);
    if (Object.keys(items).length > 0) out.items = items;
  }
  return out;
}

/** The type a parameter's shown values share (`10`, `25` → integer), or string; placeholders say nothing. */
export function parameterType(values: string[]): 'string' | 'integer' | 'number' | 'boolean' {
  const concrete = values.filter((v) => v !== '' && !PLACEHOLDER.test(v));
  if (concrete.length === 0) return 'string';
  if (concrete.every((v) => /^-?(0|[1-9]\d{0,14})$/.test(v))) return 'integer';
  if (concrete.every((v) => /^-?(0|[1-9]\d*)(\.\d+)?$/.test(v))) return 'number';
  if (concrete.every((v) => v === 'true' || v === 'false')) return 'boolean';
  return 'string';
}
