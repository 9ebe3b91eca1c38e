/** Mutation tests: the pagination laws catch item-offset paging and off-by-one pages. */
import { expect, test } from '@playwright/test';
import {
  offsetCountsPages,
  outOfBoundsRequestsAreFlagged,
  plannedPagesTileRows,
  workedExamplesHold,
  type PageRowsFn,
  type PlanPagesFn,
} from '../../../src/vendors/sikka/pagination-laws.ts';
import { planPages, validatePageRequest, type PagePlan } from '../../../src/vendors/sikka/pagination.ts';
import { expectCaught } from './support.ts';

/** Treats offset as a row offset, as most APIs do (the document says it is a page number). */
const itemOffsetRows: PageRowsFn = (offset, limit) => ({ first: offset + 1, last: offset + limit });
/** Zero-based rows: page 0 is rows 0..limit−1. */
const offByOneRows: PageRowsFn = (offset, limit) => ({ first: offset * limit, last: (offset + 1) * limit - 1 });
/** Plans with the item offset. */
const itemOffsetPlanner: PlanPagesFn = (totalRows, limit) => {
  const plan = planPages(totalRows, limit);
  return plan.ok ? { ok: true, pages: plan.pages.map((page) => ({ ...page, offset: page.first - 1 })) } : plan;
};
/** Forgets the last, partial page (floor instead of ceil). */
const floorPlanner: PlanPagesFn = (totalRows, limit): PagePlan => {
  const plan = planPages(totalRows, limit);
  return plan.ok ? { ok: true, pages: plan.pages.slice(0, Math.floor(totalRows / limit)) } : plan;
};

test.describe('pagination laws catch planted bugs', () => {
  test('item-offset paging breaks the worked examples', async () => {
    const [example] = await expectCaught(workedExamplesHold(itemOffsetRows));
    expect(example.offset).toBeGreaterThan(0);
  });

  test('item-offset paging breaks "offset counts pages", shrunk to the smallest pair', async () => {
    expect(await expectCaught(offsetCountsPages(itemOffsetRows))).toEqual([0, 0]);
  });

  test('an off-by-one page (rows from 0) breaks "offset counts pages"', async () => {
    await expectCaught(offsetCountsPages(offByOneRows));
  });

  test('an item-offset planner breaks the tiling law', async () => {
    await expectCaught(plannedPagesTileRows(itemOffsetPlanner));
  });

  test('a planner that drops the last partial page breaks the tiling law on a row count that is no multiple of the limit', async () => {
    const [{ totalRows, limit }] = await expectCaught(plannedPagesTileRows(floorPlanner));
    expect(totalRows % limit).not.toBe(0);
  });

  test('a validator that allows limit 5000 is caught', async () => {
    const lenient = (request: Parameters<typeof validatePageRequest>[0]) =>
      validatePageRequest(request).filter((p) => !(p.problem === 'above-maximum' && request.limit === 5000));
    await expectCaught(outOfBoundsRequestsAreFlagged(lenient));
  });
});
