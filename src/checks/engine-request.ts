import { mockObjections } from './mock-findings.ts';
import type { Check } from './types.ts';

/**
 * A request the engine built as valid is valid by the contract: the mock, which validates every request against
 * the same document, found nothing wrong with it. When it did, the failure is the engine's, and it is reported as
 * an engine error naming what the mock objected to, never as the vendor's or the contract's `unexpected-status`.
 */
export const mockAcceptsValidRequest: Check<'engine-error'> = ({ operation, target, validRequest }, exchange) => {
  if (target !== 'mock' || !validRequest) return [];
  const objections = mockObjections(exchange);
  if (objections.length === 0) return [];
  const listed = objections.map((o) => `${o.at}: ${o.message}`).join('; ');
  return [
    {
      operation: operation.key,
      rule: 'engine-error',
      status: exchange.response.status,
      message: `the engine sent a request the contract rejects (a bug of the engine, not a finding about the vendor): ${listed}`,
      received: objections.map((o) => `request.${o.at}`),
      documented: 'a request valid by the contract',
      severity: 'error',
    },
  ];
};
