import type { SecuritySchemeSpec } from '../../contract/types.ts';
import type { Exchange } from '../../core/wire.ts';
import { escapeRegExp } from '../../core/regex.ts';
import type { Violation } from '../../core/violation.ts';
import { schemeExtras } from './rules.ts';
import { parseRequest, type ParsedRequest, type RequestCheckContext } from './types.ts';

const CHECK = 'requestSecurity';

type Evaluation =
  { state: 'satisfied' } | { state: 'absent' } | { state: 'wrong-form'; received: string; documented: string; scheme: string };

/**
 * The request authenticates as one of the operation's security requirements documents it: the credential is in
 * the documented place and, where the contract states the value's form (`http` bearer/basic, or an apiKey's
 * `x-value-format` such as `Token token={token}`), in that form. A credential present in the wrong form is
 * `auth-header-form`; none at all is `missing-credentials`. Schemes the engine cannot judge count as satisfied.
 */
export function requestSecurity(ctx: RequestCheckContext, exchange: Exchange): Violation[] {
  const requirements = ctx.operation.security;
  if (requirements.length === 0 || requirements.some((r) => r.length === 0)) return [];
  const request = parseRequest(exchange);
  const evaluated = requirements.map((requirement) => requirement.map((scheme) => evaluate(ctx, scheme, request)));
  if (evaluated.some((all) => all.every((e) => e.state === 'satisfied'))) return [];
  const wrong = evaluated.flat().find((e): e is Extract<Evaluation, { state: 'wrong-form' }> => e.state === 'wrong-form');
  if (wrong) {
    return [
      {
        check: CHECK,
        operation: ctx.operation.key,
        rule: 'auth-header-form',
        path: 'header:authorization',
        message: `Received: ${wrong.received}\nDocumented: ${wrong.documented}`,
        received: wrong.received,
        documented: wrong.documented,
        docSource: schemeExtras(ctx.contract, wrong.scheme).docSource ?? ctx.operation.docSource,
        severity: 'error',
      },
    ];
  }
  const alternatives = requirements.map((r) => r.map(describe).join(' and '));
  const first = requirements[0][0];
  return [
    {
      check: CHECK,
      operation: ctx.operation.key,
      rule: 'missing-credentials',
      message: `Received: no credentials\nDocumented: ${alternatives.join(', or ')}`,
      received: '(none)',
      documented: alternatives,
      docSource: schemeExtras(ctx.contract, first.name).docSource ?? ctx.operation.docSource,
      severity: 'error',
    },
  ];
}

function evaluate(ctx: RequestCheckContext, scheme: SecuritySchemeSpec, request: ParsedRequest): Evaluation {
  const authorization = request.headers.authorization;
  if (scheme.type === 'http') {
    if (authorization === undefined) return { state: 'absent' };
    const wanted = scheme.scheme ?? 'bearer';
    if (new RegExp(`^${escapeRegExp(wanted)}\\s+\\S+`, 'i').test(authorization)) return { state: 'satisfied' };
    return {
      state: 'wrong-form',
      received: form(authorization),
      documented: `Authorization: ${capitalise(wanted)} <credentials>`,
      scheme: scheme.name,
    };
  }
  if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
    if (authorization === undefined) return request.url.searchParams.has('access_token') ? { state: 'satisfied' } : { state: 'absent' };
    if (/^Bearer\s+\S+/i.test(authorization)) return { state: 'satisfied' };
    return { state: 'wrong-form', received: form(authorization), documented: 'Authorization: Bearer <access token>', scheme: scheme.name };
  }
  if (scheme.type === 'apiKey' && scheme.paramName) {
    const value =
      scheme.in === 'query'
        ? (request.url.searchParams.get(scheme.paramName) ?? undefined)
        : scheme.in === 'header'
          ? request.headers[scheme.paramName.toLowerCase()]
          : scheme.in === 'cookie'
            ? cookieValue(request, scheme.paramName)
            : undefined;
    if (value === undefined || value === '') return { state: 'absent' };
    const format = schemeExtras(ctx.contract, scheme.name).valueFormat;
    if (!format || formatPattern(format).test(value)) return { state: 'satisfied' };
    return {
      state: 'wrong-form',
      received: `${scheme.paramName}: ${form(value)}`,
      documented: `${scheme.paramName}: ${format}`,
      scheme: scheme.name,
    };
  }
  return { state: 'satisfied' };
}

/**
 * `Token token={token}` as a pattern: literal text matched case-insensitively (auth schemes are), each
 * `{placeholder}` one credential, optionally quoted.
 */
export function formatPattern(format: string): RegExp {
  const source = format
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '"?[^\\s"]+"?' : escapeRegExp(part).replace(/ /g, '\\s+')))
    .join('');
  return new RegExp(`^${source}\\s*$`, 'i');
}

/** What a credential value looks like without the credential: `Bearer <credential>`, `<credential>`. */
function form(value: string): string {
  const scheme = /^([A-Za-z][\w-]*)\s+([a-z_]{1,20}=(?=[^=\s]))?/.exec(value);
  return scheme ? `${scheme[0]}<credential>` : '<credential>';
}

function cookieValue(request: ParsedRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function describe(scheme: SecuritySchemeSpec): string {
  if (scheme.type === 'http') return `Authorization: ${capitalise(scheme.scheme ?? 'bearer')}`;
  if (scheme.type === 'apiKey') return `${scheme.in} ${scheme.paramName}`;
  if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') return 'Authorization: Bearer (OAuth 2.0)';
  return scheme.name;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
