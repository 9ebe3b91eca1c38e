/**
 * A contract's `x-vendor-rules`, read synchronously from its file, for vendor code that holds a table of the contract
 * as a module constant (Sikka's error codes). Parsing a whole 2,400-line contract costs 200-300 ms in every worker
 * that loads the vendor registry; the top-level `x-vendor-rules:` block alone is parsed in a few. A block that
 * cannot stand alone (an alias to an anchor elsewhere) falls back to the whole document, so the answer is the same.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { isObject } from '../core/pointer.ts';

const KEY = 'x-vendor-rules';

/** The `x-vendor-rules` object of a YAML or JSON contract file; `{}` when it has none. */
export function readVendorRules(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  const fromDocument = (document: unknown): Record<string, unknown> => (isObject(document) && isObject(document[KEY]) ? document[KEY] : {});
  if (/\.json$/i.test(file)) return fromDocument(JSON.parse(text));
  const start = text.search(new RegExp(`^${KEY}:`, 'm'));
  if (start < 0) return fromDocument(parse(text));
  // The block ends where the next top-level key (or document marker) starts, on a later line.
  const body = text.indexOf('\n', start) + 1;
  const after = body === 0 ? -1 : text.slice(body).search(/^(?![\s#]|$)/m);
  const block = after < 0 ? text.slice(start) : text.slice(start, body + after);
  try {
    return fromDocument(parse(block));
  } catch {
    return fromDocument(parse(text));
  }
}
