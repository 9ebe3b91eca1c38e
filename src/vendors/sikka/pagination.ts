/**
 * Sikka's page-offset pagination.
 * Source: Sikka APIs (Postman documentation), "Pagination": `offset` counts pages, not rows; `limit` is the page size
 * and the row cap, 0 to 4999, 500 by default. Rows are numbered from 1, as the section's
 * worked examples show (offset 1, limit 940 → rows 941 to 1880). The section's first example
 * ("offset=0&limit=4999 … rows from 0 to 4999") would be 5000 rows; the worked examples win.
 */
import { docSection } from '../common/doc-source.ts';
import { SIKKA_DOCUMENT } from './document.ts';

/** Bounds of `limit`. */
export const SIKKA_LIMIT = { minimum: 0, maximum: 4999, default: 500 } as const;

/** Where the rules come from. */
export const SIKKA_PAGINATION_DOC = docSection(SIKKA_DOCUMENT, 'Pagination');

/** A 1-based, inclusive row range; empty when `last < first` (a page of limit 0). */
export interface RowRange {
  readonly first: number;
  readonly last: number;
}

/** One request of a paging plan and the rows it returns. */
export interface PlannedPage extends RowRange {
  readonly offset: number;
  readonly limit: number;
}

/** A plan to read rows 1..N, or the reason there is none. */
export type PagePlan = { readonly ok: true; readonly pages: readonly PlannedPage[] } | { readonly ok: false; readonly problem: string };

/** What is wrong with one paging parameter. */
export interface PageProblem {
  readonly parameter: 'offset' | 'limit';
  readonly problem: 'not-an-integer' | 'negative' | 'above-maximum' | 'beyond-safe-range';
  readonly message: string;
}

function isPageNumber(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/**
 * The rows page `offset` of size `limit` holds: offset·limit+1 … (offset+1)·limit.
 * With limit 0 the range is empty (first 1, last 0): the document allows 0 results.
 * @throws RangeError on a negative or non-integer offset or limit, or a limit above 4999 (misuse; see validatePageRequest).
 */
export function pageRows(offset: number, limit: number): RowRange {
  if (!isPageNumber(offset) || !isPageNumber(limit) || limit > SIKKA_LIMIT.maximum) {
    throw new RangeError(
      `pageRows needs integers offset >= 0 and 0 <= limit <= ${SIKKA_LIMIT.maximum}, got offset ${offset}, limit ${limit}`,
    );
  }
  return { first: offset * limit + 1, last: (offset + 1) * limit };
}

/**
 * The requests that read rows 1..totalRows with page size `limit`: offsets 0, 1, 2, …, the last
 * page cut at totalRows. No rows need no pages. A limit of 0 returns no rows, so it cannot read
 * any: the plan is refused rather than looping.
 */
export function planPages(totalRows: number, limit: number): PagePlan {
  if (!isPageNumber(totalRows)) return { ok: false, problem: `totalRows must be a non-negative integer, got ${totalRows}` };
  const problems = validatePageRequest({ limit });
  if (problems.length > 0) return { ok: false, problem: problems.map((p) => p.message).join('; ') };
  if (totalRows === 0) return { ok: true, pages: [] };
  if (limit === 0) return { ok: false, problem: `limit 0 returns no rows, so no number of pages reads ${totalRows} rows` };
  const count = Math.ceil(totalRows / limit);
  const pages = Array.from({ length: count }, (_, offset): PlannedPage => {
    const { first, last } = pageRows(offset, limit);
    return { offset, limit, first, last: Math.min(last, totalRows) };
  });
  return { ok: true, pages };
}

/** A paging request as sent: numbers, query-string text, or absent (the defaults apply). */
export interface PageRequest {
  readonly offset?: unknown;
  readonly limit?: unknown;
}

function readInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  // Query parameters arrive as text; only plain decimal integers count.
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function problem(parameter: PageProblem['parameter'], kind: PageProblem['problem'], message: string): PageProblem {
  return { parameter, problem: kind, message: `${parameter} ${message}` };
}

/**
 * Everything wrong with a paging request, as a list (empty when valid): non-integers,
 * negatives, a limit above 4999, and pages whose rows lie beyond exact integer arithmetic.
 * Absent parameters take their defaults. Never throws.
 */
export function validatePageRequest(request: PageRequest): PageProblem[] {
  const problems: PageProblem[] = [];
  const offset = request?.offset === undefined ? 0 : readInteger(request.offset);
  const limit = request?.limit === undefined ? SIKKA_LIMIT.default : readInteger(request.limit);
  if (offset === undefined) problems.push(problem('offset', 'not-an-integer', 'must be an integer page number'));
  else if (offset < 0) problems.push(problem('offset', 'negative', 'must not be negative'));
  if (limit === undefined) problems.push(problem('limit', 'not-an-integer', 'must be an integer page size'));
  else if (limit < SIKKA_LIMIT.minimum) problems.push(problem('limit', 'negative', `must be at least ${SIKKA_LIMIT.minimum}`));
  else if (limit > SIKKA_LIMIT.maximum) problems.push(problem('limit', 'above-maximum', `must be at most ${SIKKA_LIMIT.maximum}`));
  if (
    problems.length === 0 &&
    offset !== undefined &&
    limit !== undefined &&
    !(Number.isSafeInteger(offset) && Number.isSafeInteger((offset + 1) * limit))
  ) {
    problems.push(problem('offset', 'beyond-safe-range', 'is so large that its rows cannot be numbered exactly'));
  }
  return problems;
}
