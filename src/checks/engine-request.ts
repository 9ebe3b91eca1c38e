import { parseFindings, PRISM_VIOLATIONS_HEADER } from './proxy-violations.ts';
import type { Check } from './types.ts';

/**
 * A request the engine built as valid is valid by the contract: the mock, which validates every request against
 * the same document, found nothing wrong with it. When it did, the failure is the engine's, and it is reported as
 * an engine error naming what the mock objected to, never as the vendor's or the contract's `unexpected-status`.
 */
export const mockAcceptsValidRequest: Check<'engine-error'> = ({ operation, target, validRequest }, { response }) => {
  if (target !== 'mock' || !validRequest) return [];
  const header = response.headers[PRISM_VIOLATIONS_HEADER];
  if (!header) return [];
  const objections = parseFindings(header.replace(/^Too many violations! /, '')).filter(
    (f) => f.location?.[0] === 'request' && (f.severity ?? 'Error') === 'Error',
  );
  if (objections.length === 0) return [];
  const listed = objections.map((f) => `${(f.location ?? []).slice(1).join('.')}: ${f.message ?? f.code}`).join('; ');
  return [
    {
      operation: operation.key,
      rule: 'engine-error',
      status: response.status,
      message: `the engine sent a request the contract rejects (a bug of the engine, not a finding about the vendor): ${listed}`,
      received: objections.map((f) => f.location?.join('.')),
      documented: 'a request valid by the contract',
      severity: 'error',
    },
  ];
};
