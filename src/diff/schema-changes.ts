import { followRefs, isObject, unescapeToken } from '../core/pointer.ts';
import { mergeSchemas } from '../contract/schema-merge.ts';
import { DIRECTION, schemaRule, type SchemaChange, type Side } from './rules.ts';
import type { Change, Document } from './types.ts';
import { describeSide, fieldPath, sameJson } from './values.ts';

type Node = Record<string, unknown>;

/** One comparison of two versions of a contract's schemas, shared by every operation of that contract. */
export interface SchemaScope {
  before: Document;
  after: Document;
  /** Shared (`#/components/schemas/*`) schemas compared once per side; a later use only adds to `usedBy`. */
  memo: Map<string, Change[]>;
  out: Change[];
}

export function schemaScope(before: Document, after: Document): SchemaScope {
  return { before, after, memo: new Map(), out: [] };
}

/**
 * Compares the schema a value had before with the one it has now, field by field, and classifies each
 * change by `side` (who writes the value, see rules.ts). `at` names the place: `GET /x 200 application/json body`.
 * Changes inside a shared component are located at the component (`schema SikkaError.http_code`) with
 * `usedBy`, so that one edit to a schema used by 40 responses is one finding, not 40.
 */
export function compareSchemas(scope: SchemaScope, side: Side, before: unknown, after: unknown, at: string): void {
  walk({ ...scope, side, depth: 0 }, before, after, at, scope.out);
}

interface Walk extends SchemaScope {
  side: Side;
  depth: number;
}

const DOC_KEYS = new Set([
  'description',
  'title',
  'summary',
  'example',
  'examples',
  'x-doc-source',
  'externalDocs',
  '$comment',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

function walk(w: Walk, before: unknown, after: unknown, at: string, sink: Change[]): void {
  // A pathological chain of non-component $refs would otherwise recurse without end.
  if (w.depth > 64) return;
  const inner = { ...w, depth: w.depth + 1 };
  const b = simplify(before);
  const a = simplify(after);
  const nameBefore = componentName(b);
  const nameAfter = componentName(a);
  if (nameBefore && nameAfter) {
    const key = `${w.side}|${nameBefore}|${nameAfter}`;
    let changes = w.memo.get(key);
    if (!changes) {
      changes = [];
      // Registered before the walk, so that a recursive schema ends here on its second visit.
      w.memo.set(key, changes);
      compareResolved(inner, b, a, `schema ${nameAfter}`, changes);
      w.out.push(...changes);
    }
    for (const change of changes) {
      change.usedBy ??= [];
      if (!change.usedBy.includes(at)) change.usedBy.push(at);
    }
    return;
  }
  compareResolved(inner, b, a, at, sink);
}

function compareResolved(w: Walk, rawBefore: unknown, rawAfter: unknown, at: string, sink: Change[]): void {
  // Shared components that both versions compose with allOf are compared on their own (once, under their name);
  // only the rest is merged and compared here. Otherwise a change to SikkaError would be reported again under
  // every schema that extends it.
  const derefBefore = deref(w.before, rawBefore);
  const derefAfter = deref(w.after, rawAfter);
  const namedBefore = namedMembers(derefBefore);
  const namedAfter = namedMembers(derefAfter);
  const shared = [...namedBefore.keys()].filter((name) => namedAfter.has(name));
  for (const name of shared) walk(w, namedBefore.get(name), namedAfter.get(name), at, sink);
  const b = flatten(w.before, withoutMembers(derefBefore, shared));
  const a = flatten(w.after, withoutMembers(derefAfter, shared));
  const emit = (change: SchemaChange, message: string, before?: unknown, after?: unknown): void => {
    sink.push({ rule: schemaRule(w.side, change), location: at, message: `${describeSide(w.side)} ${message}`, before, after });
  };

  compareTypes(w, b, a, emit);
  const variantsBefore = variantsOf(b);
  const variantsAfter = variantsOf(a);
  if (!variantsBefore !== !variantsAfter) {
    // One side is a oneOf/anyOf, the other a plain schema: the types above already say what was gained or lost;
    // comparing the plain schema's properties with the composition's (absent) own ones would invent changes.
    pairPlainWithVariant(w, rawBefore, rawAfter, b, a, at, sink);
    return;
  }
  compareEnum(b, a, emit);
  compareConstraints(w.side, b, a, emit);
  compareProperties(w, b, a, at, sink);
  // An absent `items` or `additionalProperties` allows anything, so it is compared as `{}` (a `false` one is a
  // constraint, compared above).
  if (isSchema(b.items) || isSchema(a.items)) walk(w, b.items ?? {}, a.items ?? {}, `${at}[]`, sink);
  const open = (value: unknown): boolean => value === undefined || value === true || isObject(value);
  if (
    (isObject(b.additionalProperties) || isObject(a.additionalProperties)) &&
    open(b.additionalProperties) &&
    open(a.additionalProperties)
  ) {
    walk(w, b.additionalProperties ?? {}, a.additionalProperties ?? {}, `${at}{*}`, sink);
  }
  if (variantsBefore && variantsAfter) compareVariants(w, variantsBefore, variantsAfter, at, sink, emit);
}

type Emit = (change: SchemaChange, message: string, before?: unknown, after?: unknown) => void;

// ---- types ------------------------------------------------------------------------------------------------

const covers = (types: Set<string>, type: string): boolean => types.has(type) || (type === 'integer' && types.has('number'));
const showTypes = (types: Set<string> | undefined): unknown =>
  types === undefined ? 'any' : types.size === 1 ? [...types][0] : [...types];

function compareTypes(w: Walk, b: Node, a: Node, emit: Emit): void {
  const before = typesOf(w.before, b);
  const after = typesOf(w.after, a);
  if (before === undefined && after === undefined) return;
  if (before === undefined) return emit('type-narrowed', `type was any, now ${JSON.stringify(showTypes(after))}`, 'any', showTypes(after));
  if (after === undefined) return emit('type-widened', `type was ${JSON.stringify(showTypes(before))}, now any`, showTypes(before), 'any');
  const lost = [...before].filter((t) => !covers(after, t));
  const gained = [...after].filter((t) => !covers(before, t));
  if (lost.length) emit('type-narrowed', `type no longer allows ${lost.join(', ')}`, showTypes(before), showTypes(after));
  if (gained.length) emit('type-widened', `type now also allows ${gained.join(', ')}`, showTypes(before), showTypes(after));
}

/** The JSON types a schema admits; undefined for "any". A oneOf/anyOf admits the union of its variants. */
function typesOf(document: Document, node: Node, depth = 0): Set<string> | undefined {
  if (node.type !== undefined) {
    const types = new Set((Array.isArray(node.type) ? node.type : [node.type]).map(String));
    if (node.nullable === true) types.add('null');
    return types;
  }
  const variants = variantsOf(node);
  if (!variants || depth > 16) return undefined;
  const union = new Set<string>();
  for (const variant of variants.list) {
    const types = typesOf(document, flatten(document, variant), depth + 1);
    if (types === undefined) return undefined;
    for (const t of types) union.add(t);
  }
  return union;
}

// ---- enum and const ---------------------------------------------------------------------------------------

const enumOf = (node: Node): unknown[] | undefined =>
  node.const !== undefined ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;

function compareEnum(b: Node, a: Node, emit: Emit): void {
  const before = enumOf(b);
  const after = enumOf(a);
  if (before === undefined && after === undefined) return;
  if (before === undefined) return emit('enum-narrowed', `values are now limited to ${JSON.stringify(after)}`, undefined, after);
  if (after === undefined) return emit('enum-widened', `values are no longer limited to ${JSON.stringify(before)}`, before, undefined);
  const has = (list: unknown[], value: unknown): boolean => list.some((v) => sameJson(v, value));
  const lost = before.filter((v) => !has(after, v));
  const gained = after.filter((v) => !has(before, v));
  if (lost.length) emit('enum-narrowed', `no longer allows ${lost.map((v) => JSON.stringify(v)).join(', ')}`, before, after);
  if (gained.length) emit('enum-widened', `now also allows ${gained.map((v) => JSON.stringify(v)).join(', ')}`, before, after);
}

// ---- bounds, lengths, pattern, format ---------------------------------------------------------------------

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
/** Keywords whose change cannot be ordered: a changed pattern may accept more and less at once. */
const OPAQUE = ['pattern', 'format', 'multipleOf', 'contentMediaType', 'contentEncoding'];

function compareConstraints(side: Side, b: Node, a: Node, emit: Emit): void {
  const report = (keyword: string, how: 'narrowed' | 'widened' | 'changed'): void => {
    const before = b[keyword] === undefined ? undefined : { [keyword]: b[keyword] };
    const after = a[keyword] === undefined ? undefined : { [keyword]: a[keyword] };
    const text = `${keyword} ${b[keyword] === undefined ? 'added' : a[keyword] === undefined ? 'removed' : `changed from ${JSON.stringify(b[keyword])} to ${JSON.stringify(a[keyword])}`}`;
    if (how !== 'changed') return emit(how === 'narrowed' ? 'constraint-narrowed' : 'constraint-widened', text, before, after);
    // Cannot tell narrower from wider: classified the way that breaks this side, so a human looks at it.
    const breaking = DIRECTION[side] === 'write' ? 'constraint-narrowed' : 'constraint-widened';
    emit(breaking, `${text} (cannot tell whether narrower or wider)`, before, after);
  };
  for (const keyword of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
    const before = b[keyword];
    const after = a[keyword];
    if (sameJson(before, after)) continue;
    if ((before !== undefined && typeof before !== 'number') || (after !== undefined && typeof after !== 'number')) {
      report(keyword, 'changed'); // OpenAPI 3.0 boolean exclusiveMinimum/Maximum
      continue;
    }
    const stricter = before === undefined || (after !== undefined && (LOWER_BOUNDS.includes(keyword) ? after > before : after < before));
    report(keyword, after === undefined ? 'widened' : stricter ? 'narrowed' : 'widened');
  }
  for (const keyword of OPAQUE) {
    if (sameJson(b[keyword], a[keyword])) continue;
    report(keyword, b[keyword] === undefined ? 'narrowed' : a[keyword] === undefined ? 'widened' : 'changed');
  }
  if (!sameJson(b.default, a.default)) {
    emit(
      'default-changed',
      `default ${b.default === undefined ? 'added' : a.default === undefined ? 'removed' : `changed from ${JSON.stringify(b.default)} to ${JSON.stringify(a.default)}`}`,
      b.default === undefined ? undefined : { default: b.default },
      a.default === undefined ? undefined : { default: a.default },
    );
  }
  if (!b.uniqueItems !== !a.uniqueItems) report('uniqueItems', a.uniqueItems ? 'narrowed' : 'widened');
  const closed = (n: Node): boolean => n.additionalProperties === false || n.unevaluatedProperties === false;
  if (closed(b) !== closed(a)) {
    emit(
      closed(a) ? 'constraint-narrowed' : 'constraint-widened',
      closed(a) ? 'no longer allows undocumented properties' : 'now allows undocumented properties',
      { additionalProperties: b.additionalProperties },
      { additionalProperties: a.additionalProperties },
    );
  }
}

// ---- properties -------------------------------------------------------------------------------------------

function compareProperties(w: Walk, b: Node, a: Node, at: string, sink: Change[]): void {
  const propsBefore = isObject(b.properties) ? b.properties : {};
  const propsAfter = isObject(a.properties) ? a.properties : {};
  const requiredBefore = new Set(Array.isArray(b.required) ? b.required.map(String) : []);
  const requiredAfter = new Set(Array.isArray(a.required) ? a.required.map(String) : []);
  // A name listed in `required` without a schema is still a documented field.
  const namesBefore = new Set([...Object.keys(propsBefore), ...requiredBefore]);
  const namesAfter = new Set([...Object.keys(propsAfter), ...requiredAfter]);
  const added = [...namesAfter].filter((name) => !namesBefore.has(name));

  for (const name of namesBefore) {
    const field = fieldPath(name);
    const location = `${at}${field}`;
    const required = requiredBefore.has(name);
    if (!namesAfter.has(name)) {
      const twin = added.find((candidate) => sameJson(flatten(w.before, propsBefore[name]), flatten(w.after, propsAfter[candidate])));
      const emitAt = (message: string): void => {
        sink.push({
          rule: schemaRule(w.side, 'field-removed'),
          location,
          message: `${describeSide(w.side)} ${message}`,
          before: propsBefore[name] ?? (required ? 'required' : undefined),
          after: twin ? `renamed to ${twin}?` : undefined,
        });
      };
      emitAt(
        `field \`${name}\` (${required ? 'required' : 'documented'}) was removed${twin ? `; \`${twin}\` with the same schema was added (a rename?)` : ''}`,
      );
      continue;
    }
    const nowRequired = requiredAfter.has(name);
    if (!required && nowRequired)
      pushAt(sink, w.side, 'field-made-required', location, `field \`${name}\` became required`, 'optional', 'required');
    if (required && !nowRequired)
      pushAt(sink, w.side, 'field-made-optional', location, `field \`${name}\` became optional`, 'required', 'optional');
    if (propsBefore[name] !== undefined || propsAfter[name] !== undefined)
      walk(w, propsBefore[name] ?? {}, propsAfter[name] ?? {}, location, sink);
  }
  for (const name of added) {
    const required = requiredAfter.has(name);
    pushAt(
      sink,
      w.side,
      required ? 'field-added-required' : 'field-added-optional',
      `${at}${fieldPath(name)}`,
      `field \`${name}\` (${required ? 'required' : 'optional'}) was added`,
      undefined,
      propsAfter[name] ?? 'required',
    );
  }
}

function pushAt(
  sink: Change[],
  side: Side,
  change: SchemaChange,
  location: string,
  message: string,
  before?: unknown,
  after?: unknown,
): void {
  sink.push({ rule: schemaRule(side, change), location, message: `${describeSide(side)} ${message}`, before, after });
}

// ---- oneOf / anyOf ----------------------------------------------------------------------------------------

interface Variants {
  keyword: 'oneOf' | 'anyOf';
  list: unknown[];
}

const variantsOf = (node: Node): Variants | undefined =>
  Array.isArray(node.oneOf)
    ? { keyword: 'oneOf', list: node.oneOf }
    : Array.isArray(node.anyOf)
      ? { keyword: 'anyOf', list: node.anyOf }
      : undefined;

/** Variants are matched by the component they name, the others by their order among unnamed variants. */
function labelled(variants: Variants): { label: string; node: unknown; named: boolean }[] {
  let unnamed = 0;
  return variants.list.map((node) => {
    const name = componentName(simplify(node));
    return name ? { label: name, node, named: true } : { label: `${variants.keyword}[${unnamed++}]`, node, named: false };
  });
}

function compareVariants(w: Walk, before: Variants, after: Variants, at: string, sink: Change[], emit: Emit): void {
  const listBefore = labelled(before);
  const listAfter = labelled(after);
  for (const variant of listBefore) {
    const twin = listAfter.find((candidate) => candidate.label === variant.label);
    if (twin) walk(w, variant.node, twin.node, `${at}<${variant.label}>`, sink);
    else emit('type-narrowed', `${before.keyword} variant ${variant.label} was removed`, variant.label, undefined);
  }
  for (const variant of listAfter) {
    if (!listBefore.some((candidate) => candidate.label === variant.label)) {
      emit('type-widened', `${after.keyword} variant ${variant.label} was added`, undefined, variant.label);
    }
  }
}

function pairPlainWithVariant(w: Walk, rawBefore: unknown, rawAfter: unknown, b: Node, a: Node, at: string, sink: Change[]): void {
  const composedBefore = variantsOf(b) !== undefined;
  const plainRaw = composedBefore ? rawAfter : rawBefore;
  const plain = composedBefore ? a : b;
  const variants = labelled((composedBefore ? variantsOf(b) : variantsOf(a))!);
  const plainDoc = composedBefore ? w.after : w.before;
  const variantDoc = composedBefore ? w.before : w.after;
  const name = componentName(simplify(plainRaw));
  const plainTypes = JSON.stringify([...(typesOf(plainDoc, plain) ?? [])].sort());
  const match =
    variants.find((v) => name !== undefined && v.label === name) ??
    variants.find((v) => JSON.stringify([...(typesOf(variantDoc, flatten(variantDoc, v.node)) ?? [])].sort()) === plainTypes);
  if (!match) return;
  if (composedBefore) walk(w, match.node, rawAfter, at, sink);
  else walk(w, rawBefore, match.node, at, sink);
}

// ---- $ref and allOf ---------------------------------------------------------------------------------------

const isSchema = (value: unknown): boolean => isObject(value) || typeof value === 'boolean';

function componentName(node: unknown): string | undefined {
  if (!isObject(node) || typeof node.$ref !== 'string') return undefined;
  const match = node.$ref.match(/^#\/components\/schemas\/([^/]+)$/);
  return match ? unescapeToken(match[1]) : undefined;
}

function asNode(schema: unknown): Node {
  if (schema === false) return { not: {} };
  return isObject(schema) ? schema : {};
}

const deref = (document: Document, schema: unknown): Node => asNode(followRefs(document, asNode(schema)));

/**
 * `allOf: [{type: object}, {$ref: X}]` is X for comparison. Without this, every schema that wraps a shared
 * component in a trivial allOf would lose the component's name and report its changes once per wrapper.
 */
function simplify(schema: unknown): unknown {
  if (!isObject(schema) || !Array.isArray(schema.allOf)) return schema;
  if (Object.keys(schema).some((key) => key !== 'allOf' && key !== 'type' && !DOC_KEYS.has(key))) return schema;
  const members = schema.allOf.filter(
    (member) =>
      !(isObject(member) && typeof member.$ref !== 'string' && Object.keys(member).every((key) => key === 'type' || DOC_KEYS.has(key))),
  );
  return members.length === 1 ? simplify(members[0]) : schema;
}

function namedMembers(node: Node): Map<string, unknown> {
  const members = Array.isArray(node.allOf) ? node.allOf : [];
  return new Map(
    members.flatMap((member) => {
      const name = componentName(member);
      return name ? [[name, member] as const] : [];
    }),
  );
}

function withoutMembers(node: Node, names: string[]): Node {
  if (!names.length || !Array.isArray(node.allOf)) return node;
  const { allOf, ...rest } = node;
  const kept = (allOf as unknown[]).filter((member) => !names.includes(componentName(member) ?? ''));
  return kept.length ? { ...rest, allOf: kept } : rest;
}

/** Resolves `$ref`s and merges `allOf` members into one schema, so that a field moved between members is not a change. */
function flatten(document: Document, schema: unknown, depth = 0): Node {
  const node = deref(document, schema);
  if (!Array.isArray(node.allOf) || depth > 16) return node;
  let merged: Node = { ...node };
  delete merged.allOf;
  for (const member of node.allOf) merged = merge(merged, flatten(document, member, depth + 1));
  return merged;
}

// A comparison matches oneOf/anyOf variants by the component they name: the first composition is kept as written.
const merge = (into: Node, from: Node): Node => mergeSchemas(into, from, { compositions: 'keep' });
