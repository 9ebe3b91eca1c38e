/** Sikka error-code laws (Sikka APIs (Postman documentation), "Error Codes"; body shapes as public client code reads them). */
import { expect, test } from '../../../fixtures/index.ts';
import { classifierIsTotal } from '../../../src/properties/errors.ts';
import {
  SIKKA_EXPECTED_OUTCOMES,
  disagreeingCodeIsViolation,
  disagreeingHttpCodeIsViolation,
  tableRowsMapToDocumentedOutcome,
} from '../../../src/vendors/sikka/error-laws.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import { SIKKA_ERROR_TABLE, classifySikka } from '../../../src/vendors/sikka/errors.ts';

const PURE = { kind: 'pure' } as const;

test.describe('Sikka error codes @errors', () => {
  test('the table holds one row per documented code (40 codes; API4001, listed twice, is kept once)', () => {
    const codes = SIKKA_ERROR_TABLE.map((row) => row.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toHaveLength(40);
    expect(Object.keys(SIKKA_EXPECTED_OUTCOMES).sort()).toEqual([...codes].sort());
  });

  test('every table row, sent with its documented status, maps to its documented outcome without a contract violation', async () => {
    await checkProperty(tableRowsMapToDocumentedOutcome(classifySikka, SIKKA_ERROR_TABLE, SIKKA_EXPECTED_OUTCOMES), PURE);
  });

  test('classification is total: any status and any body give an outcome, never an exception', async () => {
    await checkProperty(classifierIsTotal(classifySikka), PURE);
  });

  test('an error_code documented with another status is a contract violation; under a 2xx a failure code is a hidden failure', async () => {
    await checkProperty(disagreeingCodeIsViolation(classifySikka, SIKKA_ERROR_TABLE, SIKKA_EXPECTED_OUTCOMES), PURE);
  });

  test('an http_code that disagrees with the HTTP status is a contract violation', async () => {
    await checkProperty(disagreeingHttpCodeIsViolation(classifySikka, SIKKA_ERROR_TABLE), PURE);
  });

  test('API1004 under a 500 is a violation that names both statuses', () => {
    const outcome = classifySikka(500, { http_code: '400', error_code: 'API1004' });
    expect(outcome.kind).toBe('client-error');
    expect(outcome.contractViolation?.problems).toContain('error_code API1004 is documented with HTTP 400, received HTTP 500');
  });

  test('a 200 carrying a decryption error is a hidden failure, in JSON, array-wrapped JSON text or XML', () => {
    expect(classifySikka(200, [{ http_code: 200, error_code: 'API4003' }]).kind).toBe('hidden-failure');
    expect(classifySikka(200, '[{"http_code":"200","error_code":"API4002"}]').kind).toBe('hidden-failure');
    expect(classifySikka(200, '<status><http_code>200</http_code><error_code>API4005</error_code></status>').kind).toBe('hidden-failure');
  });

  test('a collection answer is a success and an error without a status body is a violation', () => {
    expect(classifySikka(200, [{ offset: '0', limit: '500', total_count: '1', items: [{}] }])).toEqual({ kind: 'success', status: 200 });
    expect(classifySikka(502, '<html>Bad Gateway</html>').contractViolation?.problems).toEqual([
      'HTTP 502 response has no status body with an error_code',
    ]);
  });
});
