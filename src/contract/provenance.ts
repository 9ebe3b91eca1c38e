import { get, instanceTokens, isObject, join, resolve } from '../core/pointer.ts';

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
 * The provenance of the schema rule behind a validation error, found by walking from the schema at `schemaPointer`
 * down the instance path (through `$ref`, `properties`, `items`, `additionalProperties`, `patternProperties` and
 * the branches of `allOf`/`anyOf`/`oneOf`), plus `extra` tokens (the property a `required` error names).
 *
 * A mark covers the inline schema below it: an envelope the contract inferred covers its own fields. A `$ref` to
 * a named schema starts afresh with that schema's own mark (or one written beside the `$ref`): a record the
 * document shows keeps its documented rules inside a list shape the contract inferred. Where branches of a
 * composition both fit the path and one is a guess, the rule is a guess (every defensible reading is accepted).
 */
export function schemaProvenance(document: unknown, schemaPointer: string, instancePath: string, extra: string[] = []): Provenance {
  if (document === null || typeof document !== 'object') return walkProvenance(document, schemaPointer, instancePath, extra);
  // Asked for every answer a check judges, with few distinct arguments: remembered per loaded document.
  let known = provenanceByDocument.get(document);
  if (!known) provenanceByDocument.set(document, (known = new Map()));
  const key = [schemaPointer, instancePath, ...extra].join('\u0000');
  let provenance = known.get(key);
  if (!provenance) {
    if (known.size >= PROVENANCE_CACHE_LIMIT) known.clear();
    provenance = walkProvenance(document, schemaPointer, instancePath, extra);
    known.set(key, provenance);
  }
  return provenance;
}

const PROVENANCE_CACHE_LIMIT = 10_000;
const provenanceByDocument = new WeakMap<object, Map<string, Provenance>>();

function walkProvenance(document: unknown, schemaPointer: string, instancePath: string, extra: string[]): Provenance {
  const tokens = [...instanceTokens(instancePath), ...extra];
  let frontier = expand(document, [{ pointer: schemaPointer, inherited: undefined }]);
  for (const token of tokens) {
    const next: Step[] = [];
    for (const step of frontier) {
      for (const child of childSchemas(document, step.pointer, token)) next.push({ pointer: child, inherited: step.provenance });
    }
    if (next.length === 0) break;
    frontier = expand(document, next);
  }
  return frontier.find((step) => step.provenance && step.provenance.kind !== 'documented')?.provenance ?? DOCUMENTED;
}

interface Step {
  pointer: string;
  /** The provenance the parent hands down (inline schemas inherit it; a `$ref` starts afresh). */
  inherited: Provenance | undefined;
}

interface ResolvedStep {
  /** The schema's own location, after `$ref`. */
  pointer: string;
  provenance: Provenance | undefined;
}

/** The schemas a step stands for (itself after `$ref`, and its composition branches), each with its provenance. */
function expand(document: unknown, steps: Step[]): ResolvedStep[] {
  const out: ResolvedStep[] = [];
  const seen = new Set<string>();
  const queue = [...steps];
  while (queue.length > 0 && out.length < 256) {
    const { pointer: at, inherited } = queue.shift() as Step;
    const raw = get(document, at);
    const isRef = isObject(raw) && typeof raw.$ref === 'string';
    const { value, pointer } = resolve(document, at);
    if (!isObject(value)) continue;
    const key = `${pointer}|${inherited?.kind ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Beside a `$ref`, the referring node's own mark wins; otherwise the named schema's; otherwise documented.
    const provenance = isRef
      ? (declaredProvenance(raw, at) ?? declaredProvenance(value, pointer))
      : (declaredProvenance(value, pointer) ?? inherited);
    out.push({ pointer, provenance });
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = value[keyword];
      if (Array.isArray(branches)) branches.forEach((_, i) => queue.push({ pointer: join(pointer, keyword, i), inherited: provenance }));
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
    if (Array.isArray(schema.prefixItems) && Number(token) < schema.prefixItems.length)
      children.push(join(pointer, 'prefixItems', Number(token)));
    else if (Array.isArray(schema.items) && Number(token) < schema.items.length) children.push(join(pointer, 'items', Number(token)));
    else if (isObject(schema.items)) children.push(join(pointer, 'items'));
  }
  return children;
}
