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

/** The received status is the one this test case asked for: a documented response, a rejection (4xx) or a success (2xx). */
export const expectedStatus: Check = ({ operation, expected }, { response }) => {
  if (!expected) return [];
  const wanted = expected.status;
  const inClass = (low: number) => response.status >= low && response.status < low + 100;
  const ok = expected.anyOf ? expected.anyOf.some((alternative) => alternative.status === response.status)
    : wanted !== undefined ? wanted === response.status
    : expected.rejected ? inClass(400)
    : expected.succeeded ? inClass(200)
    : true;
  if (ok) return [];
  const anyOf = expected.rejected ? 'a 4xx rejection' : 'a 2xx success';
  const spec = wanted !== undefined ? responseFor(operation, wanted) : undefined;
  return [{
    check: 'expectedStatus',
    operation: operation.key,
    rule: wanted !== undefined ? 'unexpected-status' : expected.rejected ? 'not-rejected' : 'not-successful',
    message: `Received: ${response.status}\nExpected: ${expected.anyOf ? [...new Set(expected.anyOf.map((a) => a.status))].join(' or ') : wanted ?? anyOf}`,
    status: response.status,
    received: response.status,
    documented: wanted ?? (expected.rejected ? '4xx' : '2xx'),
    docSource: spec?.docSource ?? operation.docSource,
    severity: 'error',
  }];
};
