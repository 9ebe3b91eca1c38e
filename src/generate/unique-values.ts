import { isObject } from '../core/pointer.ts';
import type { GeneratedRequest } from './arbitraries/request-arbitrary.ts';

const EMAIL = /e-?mail/i;
let issued = 0;

/**
 * The request with every e-mail field of its body (at any depth) set to an address no one has. A schema rarely says
 * that an address must be one and must be unique, which most vendors check when a record is created: a create meant
 * to succeed gets an address of its own. Callers keep the original where the new one breaks the schema.
 */
export function withUniqueAddresses(request: GeneratedRequest): GeneratedRequest {
  if (!request.body || !isObject(request.body.value)) return request;
  const fill = (node: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        EMAIL.test(key) && typeof value === 'string'
          ? `conformance-${Date.now().toString(36)}-${++issued}@example.com`
          : isObject(value)
            ? fill(value)
            : value,
      ]),
    );
  return { ...request, body: { ...request.body, value: fill(request.body.value) } };
}
