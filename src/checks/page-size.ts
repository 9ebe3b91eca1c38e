import { declaredProvenance } from '../contract/provenance.ts';
import { isObject } from '../core/pointer.ts';
import { underProvenance } from './findings.ts';
import { mediaFamily, parseJsonBody } from './media.ts';
import { paginationRule } from './request/rules.ts';
import { rowsOf, totalOf } from './rows.ts';
import type { Check } from './types.ts';
import type { Finding } from '../core/violation.ts';

/**
 * A page asked for without a size holds the documented default number of rows (`x-vendor-rules.pagination.limit.
 * default`): never more, and fewer only where the rows run out. "At most" is judged on every such answer; "as many
 * as there are, up to the default" where the answer states its total (an envelope's `total_count`), since a bare list
 * does not say whether rows remain.
 */
export const documentedPageSize: Check<'page-size-above-default' | 'page-size-below-default'> = (
  { contract, operation, target },
  { request, response },
) => {
  // A mock answers the document's examples whatever was asked: a rule that depends on the request is not its to show.
  if (target === 'mock') return [];
  const rule = paginationRule(contract, operation);
  const size = rule?.limit.default;
  if (!rule || size === undefined || response.status < 200 || response.status >= 300) return [];
  if (mediaFamily(response.headers['content-type'] ?? '') !== 'json') return [];
  let query: URLSearchParams;
  try {
    query = new URL(request.url).searchParams;
  } catch {
    return [];
  }
  if (query.has(rule.limitParameter)) return [];
  const body = parseJsonBody(response.text);
  if (body === undefined || body instanceof Error) return [];
  const { rows, envelope } = rowsOf(body);
  // An offset that is no valid page number may have been read any way (a lenient server ignores it): only a valid
  // one says where the page starts.
  const offsetText = query.get(rule.offsetParameter);
  const offset = offsetText === null ? 0 : /^\d+$/.test(offsetText) ? Number(offsetText) : undefined;
  const total = totalOf(envelope);
  const before = offset === undefined ? undefined : rule.style === 'item-offset' ? offset : offset * size;
  const expected = total === undefined || before === undefined ? undefined : Math.max(0, Math.min(size, total - before));
  const found: Finding<'page-size-above-default' | 'page-size-below-default'>[] = [];
  const base = {
    operation: operation.key,
    status: response.status,
    path: '/',
    docSource: rule.docSource ?? operation.docSource,
    severity: 'error' as const,
  };
  if (rows.length > size)
    found.push({
      ...base,
      rule: 'page-size-above-default',
      received: rows.length,
      documented: size,
      message: `Received: ${rows.length} rows without ${rule.limitParameter}\nDocumented: at most ${size} (the default page size)`,
    });
  else if (expected !== undefined && rows.length < expected)
    found.push({
      ...base,
      rule: 'page-size-below-default',
      received: rows.length,
      documented: expected,
      message: `Received: ${rows.length} rows without ${rule.limitParameter}, of ${total} in all\nDocumented: a default page of ${size} rows (${expected} here)`,
    });
  return underProvenance(
    found,
    declaredProvenance(isObject(contract.vendorRules.pagination) ? contract.vendorRules.pagination : undefined),
  );
};
