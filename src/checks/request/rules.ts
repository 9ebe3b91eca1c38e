/** The parts of `x-vendor-rules` and security schemes that request checks read, typed loosely and defensively. */
import { docSourceOf } from '../../contract/operations.ts';
import { get, isObject, join } from '../../core/pointer.ts';
import type { Contract, Operation } from '../../contract/types.ts';
import type { DocSource } from '../../core/violation.ts';

export interface PaginationRule {
  style: 'page-offset' | 'item-offset' | string;
  offsetParameter: string;
  limitParameter: string;
  limit: { minimum?: number; maximum?: number; default?: number };
  operations: string[];
  docSource?: DocSource;
}

export function paginationRule(contract: Contract, operation: Operation): PaginationRule | undefined {
  const rule = contract.vendorRules.pagination;
  if (!isObject(rule)) return undefined;
  const operations = Array.isArray(rule.operations) ? rule.operations.map(String) : [];
  if (!operations.includes(operation.id)) return undefined;
  const limit = isObject(rule.limit) ? rule.limit : {};
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    style: String(rule.style ?? ''),
    offsetParameter: typeof rule.offsetParameter === 'string' ? rule.offsetParameter : 'offset',
    limitParameter: typeof rule.limitParameter === 'string' ? rule.limitParameter : 'limit',
    limit: { minimum: number(limit.minimum), maximum: number(limit.maximum), default: number(limit.default) },
    operations,
    docSource: docSourceOf(rule),
  };
}

/** The `x-vendor-rules.tokens` rule naming a credential (by name or alias), for its document source. */
export function tokenRule(contract: Contract, name: string): { docSource?: DocSource } | undefined {
  const tokens = contract.vendorRules.tokens;
  if (!Array.isArray(tokens)) return undefined;
  const wanted = normalName(name);
  const rule = tokens
    .filter(isObject)
    .find((t) => [t.name, ...(Array.isArray(t.aliases) ? t.aliases : [])].some((n) => typeof n === 'string' && normalName(n) === wanted));
  return rule ? { docSource: docSourceOf(rule) } : undefined;
}

/** What a security scheme says beyond OpenAPI: `x-value-format` (e.g. `Token token={token}`) and its source. */
export function schemeExtras(contract: Contract, scheme: string): { valueFormat?: string; docSource?: DocSource } {
  const node = get(contract.document, join('#/components/securitySchemes', scheme));
  if (!isObject(node)) return {};
  return { valueFormat: typeof node['x-value-format'] === 'string' ? node['x-value-format'] : undefined, docSource: docSourceOf(node) };
}

/** `Request-Key`, `request_key` and `requestkey` name the same thing when a client puts it in the wrong place. */
export const normalName = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');
