/** JSON pointer helpers over a bundled document whose `$ref`s are local (`#/...`). */

export const escapeToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');
export const unescapeToken = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

export function join(pointer: string, ...tokens: (string | number)[]): string {
  return [pointer, ...tokens.map((t) => escapeToken(String(t)))].join('/');
}

// Pointers are few and read over and over (every check of every answer): their tokens are parsed once.
const TOKENS_CACHE_LIMIT = 20_000;
const tokensByPointer = new Map<string, string[]>();
function tokensOf(pointer: string): string[] {
  let tokens = tokensByPointer.get(pointer);
  if (!tokens) {
    if (tokensByPointer.size >= TOKENS_CACHE_LIMIT) tokensByPointer.clear();
    tokens = pointer.replace(/^#\/?/, '').split('/').map(unescapeToken);
    tokensByPointer.set(pointer, tokens);
  }
  return tokens;
}

export function get(document: unknown, pointer: string): unknown {
  if (pointer === '#' || pointer === '') return document;
  const tokens = tokensOf(pointer);
  let node: unknown = document;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object') return undefined;
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

export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
