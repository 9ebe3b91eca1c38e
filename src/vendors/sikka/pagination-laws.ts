/**
 * Laws of Sikka's page-offset pagination (Sikka APIs (Postman documentation), "Pagination"), each a function of the
 * implementation under test so the engine suite can run it against planted mistakes.
 */
import fc from 'fast-check';
import type { PagePlan, PageProblem, PageRequest, RowRange } from './pagination.ts';

/** Signature of `pageRows`. */
export type PageRowsFn = (offset: number, limit: number) => RowRange;
/** Signature of `planPages`. */
export type PlanPagesFn = (totalRows: number, limit: number) => PagePlan;
/** Signature of `validatePageRequest`. */
export type ValidatePageRequestFn = (request: PageRequest) => readonly PageProblem[];

/** The section's four worked examples, as data. */
export const SIKKA_WORKED_EXAMPLES: readonly (RowRange & { offset: number; limit: number })[] = [
  { offset: 0, limit: 940, first: 1, last: 940 },
  { offset: 1, limit: 940, first: 941, last: 1880 },
  { offset: 1, limit: 941, first: 942, last: 1882 },
  { offset: 2, limit: 940, first: 1881, last: 2820 },
];

const MAX_LIMIT = 4999;

/** Page sizes that can tile rows, biased towards small ones so plans have many pages. */
export const TilingLimitArb = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: MAX_LIMIT }));

/** Any valid page size, 0 included. */
export const PageLimitArb = fc.oneof(fc.constantFrom(0, 1, MAX_LIMIT), fc.integer({ min: 0, max: MAX_LIMIT }));

/** Page numbers, small and large. */
export const PageOffsetArb = fc.oneof(fc.nat({ max: 20 }), fc.nat({ max: 1_000_000 }));

/** A row count and a page size, built half the time as pages·limit + remainder so exact multiples come up often. */
export const RowsAndLimitArb: fc.Arbitrary<{ totalRows: number; limit: number }> = fc.oneof(
  fc.record({ totalRows: fc.nat({ max: 20_000 }), limit: TilingLimitArb }),
  fc
    .record({ limit: TilingLimitArb, pages: fc.nat({ max: 40 }), remainder: fc.nat({ max: MAX_LIMIT }) })
    .map(({ limit, pages, remainder }) => ({ totalRows: pages * limit + (remainder % limit), limit })),
);

/** A paging request inside the documented bounds, as numbers or query-string text. */
export const InBoundsPageRequestArb: fc.Arbitrary<PageRequest> = fc
  .record({ offset: fc.oneof(fc.nat({ max: 1000 }), fc.nat({ max: 1_000_000_000 })), limit: PageLimitArb, asText: fc.boolean() })
  .map(({ offset, limit, asText }) => (asText ? { offset: String(offset), limit: String(limit) } : { offset, limit }));

const NotAnIntegerArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.double({ noInteger: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '1.5', '', 'ten', '0x10', ' 1', null, true),
  fc.object(),
  fc.array(fc.nat()),
);

/** Which parameter is bad, and the bad request. */
export type BadPageRequest = { readonly bad: 'offset' | 'limit'; readonly request: PageRequest };

/** A paging request with one out-of-bounds or non-integer parameter, the other one valid. */
export const OutOfBoundsPageRequestArb: fc.Arbitrary<BadPageRequest> = fc.oneof(
  fc.record({
    bad: fc.constant('offset' as const),
    request: fc.record({ offset: fc.oneof(fc.integer({ max: -1 }), NotAnIntegerArb), limit: PageLimitArb }),
  }),
  fc.record({
    bad: fc.constant('limit' as const),
    request: fc.record({
      offset: fc.nat({ max: 1000 }),
      limit: fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: MAX_LIMIT + 1 }), fc.constant(MAX_LIMIT + 1), NotAnIntegerArb),
    }),
  }),
);

/** Law: the worked examples hold exactly. */
export function workedExamplesHold(pageRows: PageRowsFn) {
  return fc.property(fc.constantFrom(...SIKKA_WORKED_EXAMPLES), (example) => {
    const rows = pageRows(example.offset, example.limit);
    return rows.first === example.first && rows.last === example.last;
  });
}

/**
 * Law: offset counts pages. Page 0 starts at row 1, every page holds `limit` rows, and page
 * offset+1 starts right after page offset ends (so pages neither overlap nor leave gaps).
 */
export function offsetCountsPages(pageRows: PageRowsFn) {
  return fc.property(PageOffsetArb, PageLimitArb, (offset, limit) => {
    const page = pageRows(offset, limit);
    const next = pageRows(offset + 1, limit);
    return pageRows(0, limit).first === 1 && page.last - page.first + 1 === limit && next.first === page.last + 1;
  });
}

/**
 * Law: for N rows and a page size L in 1..4999, the plan is pages 0, 1, … of size L that tile
 * rows 1..N exactly once, in order, with no gap or overlap; the last holds N − (pages−1)·L rows.
 */
export function plannedPagesTileRows(planPages: PlanPagesFn) {
  return fc.property(RowsAndLimitArb, ({ totalRows, limit }) => {
    const plan = planPages(totalRows, limit);
    if (!plan.ok) return false;
    const { pages } = plan;
    if (pages.length !== Math.ceil(totalRows / limit)) return false;
    let nextRow = 1;
    for (const [index, page] of pages.entries()) {
      if (page.offset !== index || page.limit !== limit) return false;
      if (page.first !== nextRow || page.first !== index * limit + 1 || page.last < page.first) return false;
      nextRow = page.last + 1;
    }
    const last = pages.at(-1);
    return nextRow === totalRows + 1 && (last === undefined || last.last - last.first + 1 === totalRows - (pages.length - 1) * limit);
  });
}

/** Law: a page size of 0 cannot read any rows, so a plan for N > 0 rows is refused (and returns, rather than looping). */
export function zeroLimitIsRefused(planPages: PlanPagesFn) {
  return fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), (totalRows) => planPages(totalRows, 0).ok === false);
}

/** Law: every in-bounds request is accepted. */
export function inBoundsRequestsAreAccepted(validate: ValidatePageRequestFn) {
  return fc.property(InBoundsPageRequestArb, (request) => validate(request).length === 0);
}

/** Law: every request with an out-of-bounds or non-integer parameter is flagged, naming that parameter. */
export function outOfBoundsRequestsAreFlagged(validate: ValidatePageRequestFn) {
  return fc.property(OutOfBoundsPageRequestArb, ({ bad, request }) => validate(request).some((p) => p.parameter === bad));
}
