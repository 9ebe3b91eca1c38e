/** contracts/sikka.yaml and the Sikka reference implementation agree (x-vendor-rules and documented examples). */
import { expect, test } from '../../../fixtures/index.ts';
import { SIKKA_WORKED_EXAMPLES } from '../../../src/vendors/sikka/pagination-laws.ts';
import { vendorContract, documentedExamples, namedRule, vendorRule } from '../../../src/properties/vendor-contract.ts';
import { parseLifetime } from '../../../src/vendors/common/lifetime.ts';
import { SIKKA_ERROR_TABLE, classifySikka } from '../../../src/vendors/sikka/errors.ts';
import { SIKKA_LIMIT, pageRows } from '../../../src/vendors/sikka/pagination.ts';
import { SIKKA_REFRESH_TOKEN, SIKKA_REQUEST_KEY } from '../../../src/vendors/sikka/request-key.ts';
import { SIKKA_CALLBACK_HEADER } from '../../../src/vendors/sikka/webhook.ts';

const contract = await vendorContract('sikka');

test.describe('Sikka contract agrees with the reference implementation @vendor-rules', () => {
  test('pagination rule: page-offset, the same limit bounds and the same worked examples', () => {
    expect(vendorRule(contract, 'pagination', 'style')).toBe('page-offset');
    expect(vendorRule(contract, 'pagination', 'limit')).toEqual(SIKKA_LIMIT);
    const examples = vendorRule(contract, 'pagination', 'examples') as {
      offset: number;
      limit: number;
      firstRow: number;
      lastRow: number;
    }[];
    expect(examples.map(({ offset, limit, firstRow, lastRow }) => ({ offset, limit, first: firstRow, last: lastRow }))).toEqual(
      SIKKA_WORKED_EXAMPLES,
    );
    for (const { offset, limit, firstRow, lastRow } of examples)
      expect(pageRows(offset, limit)).toEqual({ first: firstRow, last: lastRow });
  });

  test('error table: the same rows, field for field', () => {
    // Rows may carry provenance marks (x-provenance, x-decision): documentation, not part of the row.
    const rows = (vendorRule(contract, 'errors', 'table') as Record<string, unknown>[]).map((row) =>
      Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('x-'))),
    );
    expect(rows).toEqual(SIKKA_ERROR_TABLE);
  });

  test('the codes the contract calls hidden failures are exactly those the classifier treats as such', () => {
    const hidden = vendorRule(contract, 'errors', 'hiddenFailureCodes') as string[];
    const classified = SIKKA_ERROR_TABLE.filter(
      (row) => classifySikka(row.status, { http_code: String(row.status), error_code: row.code }).kind === 'hidden-failure',
    ).map((row) => row.code);
    expect([...new Set(classified)].sort()).toEqual([...hidden].sort());
  });

  test('every documented response example classifies without a contract violation', () => {
    const examples = documentedExamples(contract);
    expect(examples.length).toBeGreaterThan(0);
    const violations = examples.flatMap((e) => {
      const problems = classifySikka(e.status, e.value).contractViolation?.problems;
      return problems ? [`${e.operation} ${e.status} ${e.mediaType} ${e.name}: ${problems.join('; ')}`] : [];
    });
    expect(violations).toEqual([]);
  });

  test('request_key and refresh token rules: 86400 s as written by each issuer, refresh tokens never expire', () => {
    const requestKey = namedRule(contract, 'tokens', 'request_key')!;
    expect(requestKey.lifetimeSeconds).toBe(SIKKA_REQUEST_KEY.lifetimeSeconds);
    expect(requestKey.lifetimeAsWritten).toEqual(SIKKA_REQUEST_KEY.writtenAs);
    for (const written of Object.values(requestKey.lifetimeAsWritten as Record<string, string>))
      expect(parseLifetime(written)).toBe(86_400);
    expect((requestKey.refreshToken as { expires: string }).expires).toBe(SIKKA_REFRESH_TOKEN.expires);
  });

  test('callback-key rule: a shared secret in X-API-callback-key', () => {
    expect(namedRule(contract, 'signatures', 'callback-key')).toMatchObject({
      scheme: 'shared-secret-header',
      header: SIKKA_CALLBACK_HEADER,
    });
  });
});
