import type { Contract } from '../../contract/types.ts';
import { SchemaValidators } from '../../checks/schema-validators.ts';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The document as a request sees it: a `readOnly` property is never sent, so it is not required either
 * (OpenAPI: "required" applies to it in responses only). Pointers stay the same, so validators compile by pointer.
 */
export function requestView(document: Record<string, unknown>): Record<string, unknown> {
  const seen = new WeakMap<object, unknown>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    if (seen.has(node)) return seen.get(node);
    const out: Record<string, unknown> = {};
    seen.set(node, out);
    for (const [key, value] of Object.entries(node)) out[key] = walk(value);
    if (Array.isArray(out.required) && isObject(out.properties)) {
      const properties = out.properties;
      out.required = (out.required as unknown[]).filter((name) => {
        const property = typeof name === 'string' ? properties[name] : undefined;
        if (!isObject(property)) return true;
        const target = typeof property.$ref === 'string' ? resolveLocal(document, property.$ref) : property;
        return !(isObject(target) && target.readOnly === true) && property.readOnly !== true;
      });
    }
    return out;
  };
  return walk(document) as Record<string, unknown>;
}

function resolveLocal(document: Record<string, unknown>, ref: string): unknown {
  let node: unknown = document;
  for (const token of ref.replace(/^#\/?/, '').split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (!isObject(node)) return undefined;
    node = node[token];
  }
  return node;
}

const cache = new WeakMap<Contract, SchemaValidators>();

/** Validators over the request view of a contract, one per contract per process. */
export function requestValidators(contract: Contract): SchemaValidators {
  let validators = cache.get(contract);
  if (!validators) {
    validators = new SchemaValidators({ ...contract, document: requestView(contract.document) });
    cache.set(contract, validators);
  }
  return validators;
}
