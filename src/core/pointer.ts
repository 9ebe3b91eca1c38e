/**
 * JSON pointers (RFC 6901) over a bundled document whose `$ref`s are local (`#/...`), and over instance values
 * (`/items/0/id`, as ajv reports them). The one place the project parses, follows and builds pointers.
 *
 * Why not the `jsonpointer` package: it takes only `/a/b` (a `#` fragment is "Invalid JSON pointer."), splits the
 * pointer again on every call where checks read the same few pointers for every answer (tokens are cached here),
 * and throws on input a vendor document may well hold. A `$ref`'s tokens are not percent-decoded: the contract
 * loader (json-schema-ref-parser's `Pointer.parse`) resolves them raw, and a `$ref` the loader accepted must name
 * the same node here.
 */
import { LRUCache } from 'lru-cache';

export const escapeToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');
export const unescapeToken = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

export function join(pointer: string, ...tokens: (string | number)[]): string {
  return [pointer, ...tokens.map((t) => escapeToken(String(t)))].join('/');
}

/** A JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

// Pointers are few and read over and over (every check of every answer): their tokens are parsed once.
const tokensByPointer = new LRUCache<string, readonly string[]>({ max: 20_000 });

/** The tokens of `#/a/b~1c` or `/a/b~1c` (unescaped: `['a', 'b/c']`); `#` and `` are the root. */
export function tokensOf(pointer: string): readonly string[] {
  let tokens = tokensByPointer.get(pointer);
  if (!tokens) {
    const path = pointer.startsWith('#') ? pointer.slice(1) : pointer;
    tokens = path === '' ? [] : path.replace(/^\//, '').split('/').map(unescapeToken);
    tokensByPointer.set(pointer, tokens);
  }
  return tokens;
}

/**
 * The tokens of an instance path as reports and callers write it (`/items/0/id`; `''` or `/` for the root): empty
 * tokens are skipped, so `/` is the root rather than the member named ''.
 */
export const instanceTokens = (path: string): string[] => tokensOf(path).filter((token) => token !== '');

/** The value at `pointer`, or undefined where the path leaves the document. */
export const get = (document: unknown, pointer: string): unknown => getAt(document, tokensOf(pointer));

/** The value at the end of `tokens` (already unescaped), or undefined where they leave the value. */
export function getAt(document: unknown, tokens: readonly string[]): unknown {
  let node: unknown = document;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object') return undefined;
    // Own members only: a token such as `__proto__` or `constructor` names nothing in a JSON document.
    if (!Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/**
 * Follows `$ref` chains from the node at `pointer`, returning the target and where it lives,
 * so that validators can be compiled against the bundled document by pointer.
 */
export function resolve(document: unknown, pointer: string, seen = new Set<string>()): { value: unknown; pointer: string } {
  const value = get(document, pointer);
  if (value && typeof value === 'object' && typeof (value as { $ref?: unknown }).$ref === 'string') {
    const ref = (value as { $ref: string }).$ref;
    if (!ref.startsWith('#') || seen.has(ref)) return { value, pointer };
    seen.add(ref);
    return resolve(document, ref, seen);
  }
  return { value, pointer };
}

/**
 * The value a schema stands for once its local `$ref` chain is followed: the first node that is not a local `$ref`,
 * or the node where the chain leaves the document's fragment (`other.yaml#/x`) or comes round again. Siblings of a
 * `$ref` are not merged here (a generator that needs them does that itself).
 */
export function followRefs(document: unknown, schema: unknown): unknown {
  let node = schema;
  const seen = new Set<string>();
  while (isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#') && !seen.has(node.$ref)) {
    seen.add(node.$ref);
    node = get(document, node.$ref);
  }
  return node;
}

/** `followRefs`, kept only when it ends on an object (a schema with keywords), else undefined. */
export function derefObject(document: unknown, schema: unknown): Record<string, unknown> | undefined {
  const node = followRefs(document, schema);
  return isObject(node) ? node : undefined;
}
