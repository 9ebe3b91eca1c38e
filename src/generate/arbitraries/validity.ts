import type { Contract } from '../../contract/types.ts';
import { SchemaValidators } from '../../checks/schema-validators.ts';
import { get, isObject } from '../../core/pointer.ts';

/**
 * The document as a request sees it: a `readOnly` property is never sent, so it is not required either
 * (OpenAPI: "required" applies to it in responses only). Pointers stay the same, so validators compile by pointer.
 */
export function requestView(document: Record<string, unknown>): Record<string, unknown> {
  return directionView(document, 'readOnly');
}

/** The document as a response sees it: a `writeOnly` property is never returned, so it is not required either. */
export function responseView(document: Record<string, unknown>): Record<string, unknown> {
  return directionView(document, 'writeOnly');
}

function directionView(document: Record<string, unknown>, hidden: 'readOnly' | 'writeOnly'): Record<string, unknown> {
  const seen = new WeakMap<object, unknown>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    if (seen.has(node)) return seen.get(node);
    const out: Record<string, unknown> = {};
    seen.set(node, out);
    for (const [key, value] of Object.entries(node)) out[key] = walk(value);
    // OpenAPI 3.0's boolean exclusiveMinimum/Maximum, in the numeric form the JSON Schema validators know.
    for (const [exclusive, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (typeof out[exclusive] !== 'boolean') continue;
      if (out[exclusive] === true && typeof out[bound] === 'number') {
        out[exclusive] = out[bound];
        delete out[bound];
      } else delete out[exclusive];
    }
    // `allOf: [Base, { required: [id] }]`: a member hidden in one branch is not required by another.
    if (Array.isArray(out.allOf)) {
      const branches = (node.allOf as unknown[]).map((b) =>
        isObject(b) && typeof b.$ref === 'string' ? resolveLocal(document, b.$ref) : b,
      );
      const hiddenNames = new Set(
        branches.flatMap((b) =>
          isObject(b) && isObject(b.properties)
            ? Object.entries(b.properties)
                .filter(
                  ([, p]) =>
                    isObject(p) &&
                    (p[hidden] === true ||
                      (typeof p.$ref === 'string' &&
                        isObject(resolveLocal(document, p.$ref)) &&
                        (resolveLocal(document, p.$ref) as Record<string, unknown>)[hidden] === true)),
                )
                .map(([n]) => n)
            : [],
        ),
      );
      if (hiddenNames.size > 0) {
        out.allOf = (out.allOf as unknown[]).map((b) =>
          isObject(b) && Array.isArray(b.required) ? { ...b, required: b.required.filter((n) => !hiddenNames.has(n as string)) } : b,
        );
        if (Array.isArray(out.required)) out.required = (out.required as unknown[]).filter((n) => !hiddenNames.has(n as string));
      }
    }
    if (Array.isArray(out.required) && isObject(out.properties)) {
      const properties = out.properties;
      out.required = (out.required as unknown[]).filter((name) => {
        const property = typeof name === 'string' ? properties[name] : undefined;
        if (!isObject(property)) return true;
        const target = typeof property.$ref === 'string' ? resolveLocal(document, property.$ref) : property;
        return !(isObject(target) && target[hidden] === true) && property[hidden] !== true;
      });
    }
    return out;
  };
  return walk(document) as Record<string, unknown>;
}

const resolveLocal = (document: Record<string, unknown>, ref: string): unknown => get(document, ref);

type Side = 'request' | 'response';
const bySide = new WeakMap<object, Map<string, SchemaValidators>>();

/**
 * Validators over one side's view of a document (read-only members not required of a request, write-only ones not
 * of a response), made once per loaded document, side and dialect: the judges of generated values, and of which
 * `oneOf` branch a value matches.
 */
export function sideValidators(
  document: Record<string, unknown>,
  format: Contract['format'],
  side: Side,
  vendor = 'generated-values',
): SchemaValidators {
  // Only the dialect tells validators apart (a Swagger 2.0 contract is read as OpenAPI 3.0).
  const dialect = format === 'openapi-3.1' ? 'openapi-3.1' : 'openapi-3.0';
  let known = bySide.get(document);
  if (!known) bySide.set(document, (known = new Map()));
  const key = `${side} ${dialect}`;
  let validators = known.get(key);
  if (!validators) {
    const view = side === 'request' ? requestView(document) : responseView(document);
    validators = new SchemaValidators({ document: view, format: dialect, vendor });
    known.set(key, validators);
  }
  return validators;
}

/** Validators over the response view of a contract (write-only members not required). */
export const responseValidators = (contract: Contract): SchemaValidators =>
  sideValidators(contract.document, contract.format, 'response', contract.vendor);

/** Validators over the request view of a contract, one per contract per process. */
export const requestValidators = (contract: Contract): SchemaValidators =>
  sideValidators(contract.document, contract.format, 'request', contract.vendor);
