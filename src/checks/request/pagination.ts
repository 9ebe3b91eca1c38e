import { isSecretName } from '../../core/secret-names.ts';
import type { Exchange } from '../../core/wire.ts';
import type { Violation } from '../../core/violation.ts';
import { paginationRule, type PaginationRule } from './rules.ts';
import { parseRequest, type RequestCheckContext } from './types.ts';

const CHECK = 'vendorPagination';

/**
 * Paging requests follow `x-vendor-rules.pagination`: the page size within the documented bounds, the offset a
 * non-negative integer, and, across the recording, offsets that advance the way the vendor counts them. Under
 * `page-offset` paging (offset counts pages of `limit` rows) a client that goes from offset o to o + limit with
 * the same query pages by items and skips rows: `offset-counts-items`. Under `item-offset` paging the mirror
 * image, o to o + 1 with a limit above 1, is `offset-counts-pages`.
 */
export function vendorPagination(ctx: RequestCheckContext, exchange: Exchange): Violation[] {
  const rule = paginationRule(ctx.contract, ctx.operation);
  if (!rule) return [];
  const { url } = parseRequest(exchange);
  const base = {
    check: CHECK,
    operation: ctx.operation.key,
    docSource: rule.docSource ?? ctx.operation.docSource,
    severity: 'error' as const,
  };
  const violations: Violation[] = [];
  const limitText = url.searchParams.get(rule.limitParameter);
  const offsetText = url.searchParams.get(rule.offsetParameter);
  const limit = limitText === null ? rule.limit.default : integer(limitText);
  const offset = offsetText === null ? 0 : integer(offsetText);
  const bounds = `${rule.limit.minimum ?? 0}..${rule.limit.maximum ?? '∞'}`;
  if (
    limitText !== null &&
    (limit === undefined ||
      (rule.limit.minimum !== undefined && limit < rule.limit.minimum) ||
      (rule.limit.maximum !== undefined && limit > rule.limit.maximum))
  ) {
    violations.push({
      ...base,
      rule: 'page-size-out-of-range',
      path: `query:${rule.limitParameter}`,
      message: `Received: ${rule.limitParameter}=${limitText}\nDocumented: an integer in ${bounds}${rule.limit.default !== undefined ? `, ${rule.limit.default} when absent` : ''}`,
      received: limitText,
      documented: bounds,
    });
  }
  if (offsetText !== null && (offset === undefined || offset < 0)) {
    violations.push({
      ...base,
      rule: 'invalid-page-offset',
      path: `query:${rule.offsetParameter}`,
      message: `Received: ${rule.offsetParameter}=${offsetText}\nDocumented: a non-negative integer`,
      received: offsetText,
      documented: 'integer ≥ 0',
    });
  }
  if (violations.length > 0 || limit === undefined || offset === undefined || limit <= 1) return violations;
  const previous = previousPage(ctx.history, exchange, rule);
  if (previous === undefined) return violations;
  if (rule.style === 'page-offset' && offset === previous + limit) {
    violations.push({
      ...base,
      rule: 'offset-counts-items',
      path: `query:${rule.offsetParameter}`,
      message: `Received: ${rule.offsetParameter}=${previous} then ${rule.offsetParameter}=${offset} with ${rule.limitParameter}=${limit}\nDocumented: ${rule.offsetParameter} counts pages of ${rule.limitParameter} rows; the page after ${previous} is ${previous + 1}`,
      received: { previous, offset, limit },
      documented: { next: previous + 1, style: rule.style },
    });
  }
  if (rule.style === 'item-offset' && offset === previous + 1) {
    violations.push({
      ...base,
      rule: 'offset-counts-pages',
      path: `query:${rule.offsetParameter}`,
      message: `Received: ${rule.offsetParameter}=${previous} then ${rule.offsetParameter}=${offset} with ${rule.limitParameter}=${limit}\nDocumented: ${rule.offsetParameter} counts rows; the page after ${previous} starts at ${previous + limit}`,
      received: { previous, offset, limit },
      documented: { next: previous + limit, style: rule.style },
    });
  }
  return violations;
}

/** The offset of the latest earlier successful request for the same query (credentials and offset aside, same limit). */
function previousPage(history: readonly Exchange[], exchange: Exchange, rule: PaginationRule): number | undefined {
  const key = sameQueryKey(exchange, rule);
  for (let i = history.length - 1; i >= 0; i--) {
    const earlier = history[i];
    if (earlier.response.status < 200 || earlier.response.status >= 300) continue;
    if (sameQueryKey(earlier, rule) !== key) continue;
    const text = parseRequest(earlier).url.searchParams.get(rule.offsetParameter);
    return text === null ? 0 : integer(text);
  }
  return undefined;
}

function sameQueryKey(exchange: Exchange, rule: PaginationRule): string {
  const { url } = parseRequest(exchange);
  const params = [...url.searchParams.entries()]
    .filter(([name]) => name !== rule.offsetParameter && !isSecretName(name))
    .sort(([a], [b]) => a.localeCompare(b));
  if (!url.searchParams.has(rule.limitParameter)) params.push([rule.limitParameter, String(rule.limit.default ?? '')]);
  return `${url.pathname}?${new URLSearchParams(params).toString()}`;
}

function integer(text: string): number | undefined {
  return /^-?\d+$/.test(text.trim()) ? Number(text) : undefined;
}
