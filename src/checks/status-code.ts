import { responseFor } from '../contract/operations.ts';
import type { Check } from './types.ts';

/** The received status is documented for the operation (exactly, by range such as `4XX`, or by `default`). */
export const statusCodeConformance: Check = ({ operation }, { response }) => {
  if (responseFor(operation, response.status)) return [];
  const documented = operation.responses.map((r) => r.status);
  return [{
    check: 'statusCodeConformance',
    operation: operation.key,
    rule: 'undocumented-status',
    message: `Received: ${response.status}\nDocumented: ${documented.join(', ') || '(none)'}`,
    status: response.status,
    received: response.status,
    documented,
    docSource: operation.docSource,
    severity: 'error',
  }];
};

/** The received status is the one this test case asked for: a documented response, or a rejection (any 4xx). */
export const expectedStatus: Check = ({ operation, expected }, { response }) => {
  if (!expected) return [];
  const wanted = expected.status;
  const ok = wanted !== undefined ? wanted === response.status : !expected.rejected || (response.status >= 400 && response.status < 500);
  if (ok) return [];
  const spec = wanted !== undefined ? responseFor(operation, wanted) : undefined;
  return [{
    check: 'expectedStatus',
    operation: operation.key,
    rule: wanted !== undefined ? 'unexpected-status' : 'not-rejected',
    message: `Received: ${response.status}\nExpected: ${wanted ?? 'a 4xx rejection'}`,
    status: response.status,
    received: response.status,
    documented: wanted ?? '4xx',
    docSource: spec?.docSource ?? operation.docSource,
    severity: 'error',
  }];
};
