/** Sikka page-offset pagination laws (Sikka APIs (Postman documentation), "Pagination"). */
import { expect, test } from '../../../fixtures/index.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import {
  SIKKA_WORKED_EXAMPLES,
  inBoundsRequestsAreAccepted,
  offsetCountsPages,
  outOfBoundsRequestsAreFlagged,
  plannedPagesTileRows,
  workedExamplesHold,
  zeroLimitIsRefused,
} from '../../../src/vendors/sikka/pagination-laws.ts';
import { pageRows, planPages, validatePageRequest } from '../../../src/vendors/sikka/pagination.ts';

const PURE = { kind: 'pure' } as const;

test.describe('Sikka pagination @pagination', () => {
  for (const { offset, limit, first, last } of SIKKA_WORKED_EXAMPLES) {
    test(`offset ${offset} and limit ${limit} return rows ${first} to ${last}`, () => {
      expect(pageRows(offset, limit)).toEqual({ first, last });
    });
  }

  test('the four worked examples hold exactly', async () => {
    await checkProperty(workedExamplesHold(pageRows), PURE);
  });

  test('offset counts pages: page 0 starts at row 1, each page holds limit rows, and page n+1 starts where page n ends', async () => {
    await checkProperty(offsetCountsPages(pageRows), PURE);
  });

  test('pages of size L in 1..4999 tile rows 1..N exactly once, in order, the last holding N − (pages−1)·L', async () => {
    await checkProperty(plannedPagesTileRows(planPages), PURE);
  });

  test('a limit of 0 reads no rows, so a plan for N > 0 rows is refused', async () => {
    await checkProperty(zeroLimitIsRefused(planPages), PURE);
    expect(planPages(0, 0)).toEqual({ ok: true, pages: [] });
    expect(pageRows(7, 0)).toEqual({ first: 1, last: 0 });
  });

  test('every in-bounds offset and limit is accepted', async () => {
    await checkProperty(inBoundsRequestsAreAccepted(validatePageRequest), PURE);
  });

  test('every out-of-bounds or non-integer offset or limit is flagged, naming the parameter', async () => {
    await checkProperty(outOfBoundsRequestsAreFlagged(validatePageRequest), PURE);
    expect(validatePageRequest({ offset: 0, limit: 5000 }).map((p) => p.problem)).toEqual(['above-maximum']);
    expect(validatePageRequest({ offset: -1, limit: 1.5 }).map((p) => p.problem)).toEqual(['negative', 'not-an-integer']);
    expect(validatePageRequest({})).toEqual([]);
  });
});
