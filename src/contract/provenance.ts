import { get, isObject, join, resolve } from './pointer.ts';

/**
 * Where a contract rule comes from. `documented`: the vendor document states it. `inferred`: the document implies
 * it and the contract wrote the decision down. `assumed`: the document is silent and the contract guessed.
 */
export type ProvenanceKind = 'documented' | 'inferred' | 'assumed';

export interface Provenance {
  kind: ProvenanceKind;
  /** The contract's `x-decision`: what the document leaves open and what the contract decided. */
  decision?: string;
  /** The node that carries the annotation. */
  pointer?: string;
}

export const DOCUMENTED: Provenance = { kind: 'documented' };

const KINDS = new Set<ProvenanceKind>(['documented', 'inferred', 'assumed']);

/** True for rules the document does not state itself: breaking one is a finding about the contract, not the vendor. */
export const isGuess = (provenance: Provenance | undefined): boolean => provenance !== undefined && provenance.kind !== 'documented';

/** The `x-provenance` a node declares, with its `x-decision`; undefined when it declares none (it inherits). */
export function declaredProvenance(node: unknown, pointer?: string): Provenance | undefined {
  if (!isObject(node)) return undefined;
  const kind = node['x-provenance'];
  if (typeof kind !== 'string' || !KINDS.has(kind as ProvenanceKind)) return undefined;
  const decision = typeof node['x-decision'] === 'string' ? node['x-decision'].trim() : undefined;
  return { kind: kind as ProvenanceKind, decision, pointer };
}

/** The first declared provenance in `nodes` (nearest first), else `fallback`. */
export function nearestProvenance(nodes: { node: unknown; pointer?: string }[], fallback: Provenance = DOCUMENTED): Provenance {
  for (const { node, pointer } of nodes) {
    const declared = declaredProvenance(node, pointer);
    if (declared) return declared;
  }
  return fallback;
}

/**
 * The provenance of the schema rule behind a validation error: every schema node on the way from the schema at
 * `schemaPointer` down the instance path (through `$ref`, `properties`, `items`, `additionalProperties`,
 * `patternProperties` and the branches of `allOf`/`anyOf`/`oneOf`), plus `extra` tokens (the property a `required`
 * error names). A guess anywhere on that way makes the rule a guess: a property the contract assumed exists, or an
 * object whose whole shape was inferred, cannot turn a vendor's answer into a violation. The nearest guess wins.
 */
export function schemaProvenance(document: unknown, schemaPointer: string, instancePath: string, extra: string[] = []): Provenance {
  const tokens = [...instancePath.split('/').filter(Boolean).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')), ...extra];
  let frontier = expand(document, [schemaPointer]);
  let found: Provenance | undefined = firstGuess(document, frontier);
  for (const token of tokens) {
    const next: string[] = [];
    for (const pointer of frontier) next.push(...childSchemas(document, pointer, token));
    if (next.length === 0) break;
    frontier = expand(document, next);
    found = firstGuess(document, frontier) ?? found;
  }
  return found ?? DOCUMENTED;
}

function firstGuess(document: unknown, pointers: string[]): Provenance | undefined {
  for (const pointer of pointers) {
    const declared = declaredProvenance(get(document, pointer), pointer);
    if (declared && declared.kind !== 'documented') return declared;
  }
  return undefined;
}

/** The schemas a pointer stands for: itself after `$ref`, and its composition branches, bounded against cycles. */
function expand(document: unknown, pointers: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const queue = [...pointers];
  while (queue.length > 0 && out.length < 256) {
    const at = queue.shift() as string;
    const raw = get(document, at);
    // The referring node may carry its own annotation next to `$ref` (OpenAPI 3.1 allows siblings).
    if (isObject(raw) && typeof raw.$ref === 'string' && declaredProvenance(raw) && !seen.has(at)) {
      seen.add(at);
      out.push(at);
    }
    const { value, pointer } = resolve(document, at);
    if (seen.has(pointer) || !isObject(value)) continue;
    seen.add(pointer);
    out.push(pointer);
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = value[keyword];
      if (Array.isArray(branches)) branches.forEach((_, i) => queue.push(join(pointer, keyword, i)));
    }
  }
  return out;
}

function childSchemas(document: unknown, pointer: string, token: string): string[] {
  const schema = get(document, pointer);
  if (!isObject(schema)) return [];
  const children: string[] = [];
  if (isObject(schema.properties) && token in schema.properties) children.push(join(pointer, 'properties', token));
  if (isObject(schema.patternProperties)) {
    for (const pattern of Object.keys(schema.patternProperties)) {
      try {
        if (new RegExp(pattern, 'u').test(token)) children.push(join(pointer, 'patternProperties', pattern));
      } catch {
        // A pattern JavaScript cannot compile matches nothing here; ajv reports it on its own.
      }
    }
  }
  if (children.length === 0 && isObject(schema.additionalProperties)) children.push(join(pointer, 'additionalProperties'));
  if (/^\d+$/.test(token)) {
    if (Array.isArray(schema.prefixItems) && Number(token) < schema.prefixItems.length) children.push(join(pointer, 'prefixItems', Number(token)));
    else if (Array.isArray(schema.items) && Number(token) < schema.items.length) children.push(join(pointer, 'items', Number(token)));
    else if (isObject(schema.items)) children.push(join(pointer, 'items'));
  }
  return children;
}
