import { responseFor } from '../contract/operations.ts';
import { DOCUMENTED, isGuess, type Provenance } from '../contract/provenance.ts';
import type { MissingResponse } from '../contract/types.ts';
import { asAssumption } from './findings.ts';
import type { Check, CheckContext } from './types.ts';
import type { FindingKind, Finding } from '../core/violation.ts';

/** The names these checks are registered under: a violation of one means the target answered a status it should not have. */
export const STATUS_CHECKS: ReadonlySet<string> = new Set(['statusCodeConformance', 'expectedStatus']);

type ExpectedStatusRule = 'unexpected-status' | 'not-rejected' | 'not-successful' | 'valid-request-refused';

/** Statuses a live target may answer a valid request with when the run lacks credentials or test data. */
const INCONCLUSIVE = new Set([401, 403, 404]);

/**
 * The received status is documented for the operation (exactly, by range such as `4XX`, or by `default`).
 * An undocumented 4xx is a document gap: the vendor answered a situation its document never describes (a gateway's
 * 404 or 413, a 401 where no 401 is written down), which says nothing against the vendor. An undocumented 5xx
 * from a live target is a crash and fails; from the mock it is the mock's pick for a gap in the document.
 * An undocumented success or redirect contradicts the statuses the document promises and fails.
 */
export const statusCodeConformance: Check<'undocumented-status'> = ({ operation, target }, { response }) => {
  if (responseFor(operation, response.status)) return [];
  const documented = operation.responses.map((r) => r.status);
  const status = response.status;
  const isClientError = status >= 400 && status < 500;
  const finding: FindingKind = isClientError || (status >= 500 && target === 'mock') ? 'document-gap' : 'violation';
  return [
    {
      operation: operation.key,
      rule: 'undocumented-status',
      message: `Received: ${status}\nDocumented: ${documented.join(', ') || '(none)'}`,
      status,
      received: status,
      documented,
      docSource: operation.docSource,
      severity: finding === 'violation' ? 'error' : 'warning',
      finding,
    },
  ];
};

/**
 * The received status is the one this test case asked for: a documented response, one of the documented readings
 * of a rejection, any rejection (4xx) or any success (2xx). What a mismatch means depends on what was asked:
 * - a request without a required parameter or without credentials that is accepted (2xx) ignores a documented
 *   requirement: a violation;
 * - a live target refusing a valid request with 401/403/404 is inconclusive (credentials or test data missing),
 *   any other 4xx a document gap (the vendor validates more than its document says); but a 404 for ids the target
 *   itself listed is a violation (the documented path does not serve records that exist);
 * - a 5xx is a crash on a live target, and the mock's pick of a `default` response on a mock;
 * - any other mismatch breaks the expectation, which is a violation where the document states it and an
 *   assumption finding where the contract inferred or assumed it.
 */
export const expectedStatus: Check<ExpectedStatusRule> = (ctx, { response }) => {
  const { operation, expected } = ctx;
  if (!expected) return [];
  const received = response.status;
  const alternatives = expected.alternatives ?? [];
  const inClass = (low: number) => received >= low && received < low + 100;
  const wanted = expected.status;
  const ok =
    alternatives.length > 0
      ? alternatives.some((a) => a.status === received)
      : wanted !== undefined
        ? wanted === received
        : expected.rejected
          ? inClass(400)
          : expected.succeeded
            ? inClass(200)
            : true;
  if (ok) return [];
  const documentedStatuses = alternatives.length > 0 ? [...new Set(alternatives.map((a) => a.status))] : undefined;
  const anyOf = expected.rejected ? 'a 4xx rejection' : 'a 2xx success';
  const shown = documentedStatuses?.join(' or ') ?? wanted ?? anyOf;
  const spec = responseFor(operation, documentedStatuses?.[0] ?? wanted ?? received);
  const violation: Finding<ExpectedStatusRule> = {
    operation: operation.key,
    rule: wanted !== undefined || documentedStatuses ? 'unexpected-status' : expected.rejected ? 'not-rejected' : 'not-successful',
    message: `Received: ${received}\nExpected: ${shown}`,
    status: received,
    received,
    documented: documentedStatuses ?? wanted ?? (expected.rejected ? '4xx' : '2xx'),
    docSource: spec?.docSource ?? operation.docSource,
    severity: 'error',
  };
  return [classifyMismatch(ctx, violation, received, expectationProvenance(ctx, alternatives))];
};

function classifyMismatch(
  { expected, target, idsFromTarget }: CheckContext,
  violation: Finding<ExpectedStatusRule>,
  received: number,
  provenance: Provenance,
): Finding<ExpectedStatusRule> {
  const success = received >= 200 && received < 300;
  if (expected?.succeeded && expected.status === undefined && received >= 400 && received < 500 && !(received === 404 && idsFromTarget)) {
    const finding: FindingKind = INCONCLUSIVE.has(received) ? 'inconclusive' : 'document-gap';
    const why =
      finding === 'inconclusive'
        ? 'a valid request was refused: are the credentials right and does the sandbox hold the records?'
        : 'a request that is valid by the document was refused: the vendor validates more than the document says';
    return { ...violation, rule: 'valid-request-refused', severity: 'warning', finding, message: `${violation.message}\n(${why})` };
  }
  if (received >= 500) {
    return target === 'mock' ? { ...violation, severity: 'warning', finding: 'document-gap' } : violation;
  }
  const rejectionIgnored = (expected?.rejected || (expected?.status ?? 0) >= 400 || (expected?.alternatives?.length ?? 0) > 0) && success;
  if (rejectionIgnored) return violation;
  return isGuess(provenance) ? asAssumption(violation, provenance) : violation;
}

/**
 * The expectation's own provenance; with several readings, a guess only when every reading is one (an answer
 * that matches none of them contradicts the document wherever one of them is stated by it).
 */
function expectationProvenance({ expected }: CheckContext, alternatives: MissingResponse[]): Provenance {
  if (isGuess(expected?.provenance)) return expected?.provenance as Provenance;
  if (alternatives.length > 0 && alternatives.every((a) => isGuess(a.provenance))) return alternatives[0].provenance;
  return DOCUMENTED;
}
