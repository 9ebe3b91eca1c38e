import { capability, FRAMING_HEADERS, type MockCapabilityId } from './mock-capabilities.ts';
import { parseFindings, PRISM_VIOLATIONS_HEADER, type PrismViolation } from './proxy-violations.ts';
import type { CheckContext } from './types.ts';
import { parseJsonOrUndefined } from '../core/json.ts';
import type { Exchange } from '../core/wire.ts';
import type { Violation } from '../core/violation.ts';

/**
 * Against a mock, what the mock cannot judge (src/checks/mock-capabilities.ts) is a *mock limitation* finding with
 * the table's reason, never a failure: the checks' verdicts are re-read through the table here, once, for every path
 * that checks a mock's answer.
 */

const asLimitation = (violation: Violation, id: MockCapabilityId): Violation => ({
  ...violation,
  severity: 'warning',
  finding: 'mock-limitation',
  message: `${violation.message}\nMock limitation (${id}): the mock (Prism) ${capability(id).behaviour}`,
});

/** The `type` of the 422 problem Prism makes up when the operation documents no 422 or 400 to answer with. */
export const PRISM_UNPROCESSABLE = 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY';

/**
 * The request-side objections of the mock, as `query.name` / `body.field` places: those it lists in `sl-violations`
 * when it answers a documented 400 or 422, or, when it has none to answer with, those in the `validation` list of the
 * 422 problem it makes up (which carries no header, and names places without the `request` prefix). `where` is the
 * parameter or top-level body field, `at` the whole place.
 */
export function mockObjections(exchange: Exchange): { where: string; at: string; message: string }[] {
  const header = exchange.response.headers[PRISM_VIOLATIONS_HEADER];
  const listed: PrismViolation[] = header
    ? parseFindings(header.replace(/^Too many violations! /, '')).filter((f) => f.location?.[0] === 'request')
    : madeUpProblemFindings(exchange).map((f) => ({ ...f, location: ['request', ...(f.location ?? [])] }));
  return (
    listed
      .filter((f) => (f.severity ?? 'Error') === 'Error')
      // Prism's "Body parameter is required" is the one objection it places nowhere: it is about the body.
      .map((f) => ((f.location ?? []).length <= 1 && f.code === 'required' ? { ...f, location: ['request', 'body'] } : f))
      .map((f) => ({
        where: (f.location ?? []).slice(1, 3).join('.'),
        at: (f.location ?? []).slice(1).join('.'),
        message: String(f.message ?? f.code ?? ''),
      }))
  );
}

/** The `validation` list of a 422 problem the mock made up, or none for any other answer. */
function madeUpProblemFindings({ response }: Exchange): PrismViolation[] {
  if (response.status !== 422 || !/problem\+json/i.test(response.headers['content-type'] ?? '')) return [];
  const { type, validation } = (parseJsonOrUndefined(response.text) ?? {}) as { type?: unknown; validation?: unknown };
  return type === PRISM_UNPROCESSABLE && Array.isArray(validation) ? (validation as PrismViolation[]) : [];
}

/**
 * Whether a mock's answer is one of its own refusals rather than an answer it rendered from the document: a Prism
 * problem (`https://stoplight.io/prism/errors#…`), a documented error it answered because of what it found wrong
 * (`sl-violations`), or a 401/403. Anything else accepted the request, whatever its status: an operation that
 * documents only a 404 (or a 302) is answered with it.
 */
export function mockRefused({ response }: Exchange): boolean {
  if (response.status === 401 || response.status === 403) return true;
  if (response.headers[PRISM_VIOLATIONS_HEADER]) return true;
  if (!/problem\+json/i.test(response.headers['content-type'] ?? '')) return false;
  const { type } = (parseJsonOrUndefined(response.text) ?? {}) as { type?: unknown };
  return typeof type === 'string' && type.startsWith('https://stoplight.io/prism/errors#');
}

/**
 * True when the mock objected to a valid request only where it cannot read what was sent: its answer (a 422, say)
 * is to a request it misread, and says nothing of the engine, the document or the vendor.
 */
export function mockMisread(ctx: Pick<CheckContext, 'target' | 'unreadable'>, exchange: Exchange): boolean {
  if (ctx.target !== 'mock' || !ctx.unreadable?.length) return false;
  const objections = mockObjections(exchange);
  const unreadable = ctx.unreadable.map((u) => u.where.toLowerCase());
  const covered = (where: string) =>
    unreadable.some(
      (u) => where.toLowerCase() === u || where.toLowerCase().startsWith(`${u}.`) || (u === 'body' && where.startsWith('body')),
    );
  return objections.length > 0 && objections.every((o) => covered(o.where));
}

/** The row of the table a violation falls under, if the mock cannot judge it. */
function limitationOf(ctx: CheckContext, exchange: Exchange, violation: Violation): MockCapabilityId | undefined {
  const { response } = exchange;
  // A documented 401 body the mock left out: it renders the document's 401 example where it can, nothing where it cannot.
  if (
    response.status === 401 &&
    response.text === '' &&
    ((violation.check === 'responseSchemaConformance' && violation.rule === 'missing-body') ||
      (violation.check === 'contentTypeConformance' && violation.rule === 'missing-content-type') ||
      violation.check === 'documentedErrorBody' ||
      violation.check === 'vendorErrorRules')
  )
    return 'missing-credentials-401';
  // The mock's copy of the document lists no framing header: one the document requires is absent by the engine's doing.
  if (violation.check === 'responseHeadersConformance' && FRAMING_HEADERS.has((violation.path ?? '').replace(/^header:/, '').toLowerCase()))
    return 'framing-headers';
  return undefined;
}

/**
 * The violations of one mock exchange, with what the mock cannot judge re-labelled as mock limitations. When the
 * mock misread a valid request (it objected only where the table says it cannot read), every other verdict on its
 * answer is void: one finding per objection stands in for them.
 */
/**
 * True when the mock objected to a valid request about a parameter the called operation does not declare: it routed
 * the request to another operation whose template also matches, and every verdict it gave is about that one.
 */
export function mockMisrouted(ctx: Pick<CheckContext, 'target' | 'operation'>, exchange: Exchange): boolean {
  if (ctx.target !== 'mock') return false;
  const objections = mockObjections(exchange);
  const declared = new Set(ctx.operation.parameters.map((p) => `${p.in}.${p.name}`.toLowerCase()));
  // Prism judges a request by one operation: an objection to a parameter ours does not declare says it took another.
  return objections.some((o) => /^(path|query|header)\./.test(o.where) && !declared.has(o.where.toLowerCase()));
}

export function underMockCapabilities(ctx: CheckContext, exchange: Exchange, violations: Violation[]): Violation[] {
  if (ctx.target !== 'mock') return violations;
  if (ctx.validRequest && mockMisrouted(ctx, exchange)) {
    return mockObjections(exchange).map((objection) =>
      asLimitation(
        {
          check: 'mockAcceptsValidRequest',
          operation: ctx.operation.key,
          rule: 'mock-misrouted',
          status: exchange.response.status,
          received: objection.message,
          documented: `a request ${ctx.operation.key} accepts`,
          message: `the mock judged the request by another operation: it objected to ${objection.where} (${objection.message}), which ${ctx.operation.key} does not declare`,
          severity: 'warning',
        },
        'ambiguous-route',
      ),
    );
  }
  if (ctx.validRequest && mockMisread(ctx, exchange)) {
    return mockObjections(exchange).map((objection) => {
      const row = ctx.unreadable!.find((u) => objection.where.toLowerCase().startsWith(u.where.toLowerCase())) ?? ctx.unreadable![0];
      return asLimitation(
        {
          check: 'mockAcceptsValidRequest',
          operation: ctx.operation.key,
          rule: 'mock-cannot-read',
          status: exchange.response.status,
          received: objection.message,
          documented: 'a request the mock reads as sent',
          message: `the mock refused a valid request at ${objection.where} (${objection.message}), a part it cannot read as sent`,
          severity: 'warning',
        },
        row.id as MockCapabilityId,
      );
    });
  }
  return violations.map((violation) => {
    const id =
      violation.severity === 'error' && (violation.finding ?? 'violation') !== 'mock-limitation'
        ? limitationOf(ctx, exchange, violation)
        : undefined;
    return id ? asLimitation(violation, id) : violation;
  });
}

export { asLimitation };
