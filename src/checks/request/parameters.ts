import { isObject, join } from '../../core/pointer.ts';
import type { ParameterSpec } from '../../contract/types.ts';
import { isSecretName } from '../../core/secret-names.ts';
import { REDACTED } from '../../core/secrets.ts';
import type { Exchange } from '../../core/wire.ts';
import type { Violation } from '../../core/violation.ts';
import { normalName, paginationRule, tokenRule } from './rules.ts';
import { parseRequest, type ParsedRequest, type RequestCheckContext } from './types.ts';

const CHECK = 'requestParameters';

/**
 * Every required parameter is sent where the contract puts it, and every parameter sent validates against its
 * schema. A required parameter found in another place (`request_key` as a header instead of the query) is one
 * finding saying so, not a missing parameter plus noise. Paging parameters of operations under
 * `x-vendor-rules.pagination` are left to `vendorPagination`, which judges them by the vendor's rule.
 */
export function requestParameters(ctx: RequestCheckContext, exchange: Exchange): Violation[] {
  const request = parseRequest(exchange);
  const paging = paginationRule(ctx.contract, ctx.operation);
  const pagingNames = paging ? new Set([paging.limitParameter, paging.offsetParameter]) : new Set<string>();
  const violations: Violation[] = [];
  for (const parameter of ctx.operation.parameters) {
    if (parameter.in === 'query' && pagingNames.has(parameter.name)) continue;
    const value = valueOf(parameter, request, ctx.pathParams);
    const source = tokenRule(ctx.contract, parameter.name)?.docSource ?? ctx.operation.docSource;
    const base = {
      check: CHECK,
      operation: ctx.operation.key,
      path: `${parameter.in}:${parameter.name}`,
      docSource: source,
      severity: 'error' as const,
    };
    if (value === undefined) {
      if (!parameter.required) continue;
      const elsewhere = foundElsewhere(parameter, request);
      violations.push(
        elsewhere
          ? {
              ...base,
              rule: 'parameter-in-wrong-location',
              message: `Received: ${parameter.name} as ${elsewhere}\nDocumented: ${describe(parameter)} (required)`,
              received: elsewhere,
              documented: describe(parameter),
            }
          : {
              ...base,
              rule: 'missing-required-parameter',
              message: `Received: no ${parameter.name}\nDocumented: ${describe(parameter)} (required)`,
              received: '(absent)',
              documented: describe(parameter),
            },
      );
      continue;
    }
    if (parameter.schema === undefined) continue;
    const shown = isSecretName(parameter.name) ? REDACTED : value;
    for (const error of ctx.validators.validate(join(parameter.pointer, 'schema'), coerce(value, parameter.schema))) {
      violations.push({
        ...base,
        rule: 'invalid-parameter',
        message: `Received: ${parameter.name}=${shown}\nDocumented: ${describe(parameter)} ${error.message}`,
        received: shown,
        documented: { keyword: error.keyword, ...error.params },
      });
    }
  }
  return violations;
}

const describe = (parameter: ParameterSpec): string => `${parameter.in} parameter ${parameter.name}`;

function valueOf(parameter: ParameterSpec, request: ParsedRequest, pathParams: Record<string, string>): string | undefined {
  switch (parameter.in) {
    case 'query':
      return request.url.searchParams.has(parameter.name) ? request.url.searchParams.getAll(parameter.name).join(',') : undefined;
    case 'header':
      return request.headers[parameter.name.toLowerCase()];
    case 'path':
      return pathParams[parameter.name];
    case 'cookie':
      return cookies(request)[parameter.name];
    default:
      return undefined;
  }
}

/** Where else the client put a parameter: another location, under the same name spelled loosely. */
function foundElsewhere(parameter: ParameterSpec, request: ParsedRequest): string | undefined {
  const wanted = normalName(parameter.name);
  if (parameter.in !== 'header' && Object.keys(request.headers).some((h) => normalName(h) === wanted)) return 'a header';
  if (parameter.in !== 'query' && [...request.url.searchParams.keys()].some((q) => normalName(q) === wanted)) return 'a query parameter';
  if (parameter.in !== 'cookie' && Object.keys(cookies(request)).some((c) => normalName(c) === wanted)) return 'a cookie';
  if (request.body && bodyKeys(request.body).some((k) => normalName(k) === wanted)) return 'a body field';
  return undefined;
}

function cookies(request: ParsedRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return out;
}

function bodyKeys(body: string): string[] {
  try {
    const parsed: unknown = JSON.parse(body);
    return isObject(parsed) ? Object.keys(parsed) : [];
  } catch {
    return /^[^=&\s]+=/.test(body) ? [...new URLSearchParams(body).keys()] : [];
  }
}

/** A query or header value as the schema's type reads it: `5000` is the integer 5000, `a,b` an array. */
export function coerce(value: string, schema: unknown): unknown {
  const types = typesOf(schema);
  if (types.includes('array')) return value === '' ? [] : value.split(',');
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value.trim())) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function typesOf(schema: unknown): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const type = (schema as Record<string, unknown>).type;
  return Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
}
