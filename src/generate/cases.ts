import { isMediaType } from '../checks/media.ts';
import { isIgnoredHeader } from '../contract/operations.ts';
import type { MissingResponse, Operation, ParameterSpec, ResponseSpec } from '../contract/types.ts';
import type { Provenance } from '../contract/provenance.ts';
import type { Expectation } from '../checks/types.ts';
import { READ_METHODS, type TargetKind } from '../core/wire.ts';
import { acceptFor } from './reserved-headers.ts';
import { capability, mockJudgesCredentials, unjudgedLocation } from '../checks/mock-capabilities.ts';

export type CaseKind = 'documented-response' | 'missing-parameter' | 'missing-credentials';

/** One generated test: what to send and what the contract says should come back. */
export interface ConformanceCase {
  kind: CaseKind;
  title: string;
  /** Status to ask the mock for (Prism `Prefer: code=`), for documented responses. */
  preferStatus?: number;
  /** Named example to ask the mock for (Prism `Prefer: example=`). */
  example?: string;
  /** Accept header, when a status documents more than one media type. */
  accept?: string;
  drop?: Pick<ParameterSpec, 'in' | 'name'>;
  expected: Expectation;
  docSource?: ResponseSpec['docSource'];
  skipReason?: string;
  tags: string[];
}

/** Why an operation is not sent: a write to a sandbox the run may not write to (SANDBOX_WRITES unset). */
export const sandboxWriteSkip = (operation: Operation, target: TargetKind, writes: boolean): string | undefined =>
  target === 'sandbox' && !READ_METHODS.has(operation.method) && !writes
    ? `${operation.method} writes to the sandbox; set SANDBOX_WRITES=1 to allow it`
    : undefined;

/** A concrete status for a documented one: `404` stays, `4XX` becomes `400`; `default` has none. */
export function concreteStatus(status: string): number | undefined {
  if (/^\d{3}$/.test(status)) return Number(status);
  if (/^[1-5]XX$/.test(status)) return Number(status[0]) * 100;
  return undefined;
}

/**
 * Every documented response (each named example of each media type), every required parameter left out, and
 * the credentials left out: the test plan for one operation. Cases a target cannot serve become skips with reasons.
 */
/** `document`: the bundled document, for what the mock can judge of it (a drop-in's schemas Prism cannot compile). */
export function casesFor(
  operation: Operation,
  target: TargetKind,
  options: { writes: boolean; document?: unknown } = { writes: false },
): ConformanceCase[] {
  if (operation.skipReason) {
    return [{ kind: 'documented-response', title: 'not called', expected: {}, skipReason: operation.skipReason, tags: [] }];
  }
  const isRead = READ_METHODS.has(operation.method);
  const writeSkip = sandboxWriteSkip(operation, target, options.writes);
  const cases: ConformanceCase[] = [];
  const unreachable: string[] = [];
  let smokeTagged = false;

  for (const response of operation.responses) {
    const status = concreteStatus(response.status);
    const base = { kind: 'documented-response' as const, docSource: response.docSource, tags: [] as string[] };
    if (status === undefined) {
      cases.push({
        ...base,
        title: `${response.status} response`,
        expected: {},
        skipReason: `a "${response.status}" response has no status code to request`,
      });
      continue;
    }
    const variants = responseVariants(response);
    for (const variant of variants) {
      const title = `${status}${variant.accept && response.content.length > 1 ? ` ${variant.accept}` : ''}${variant.example ? ` example "${variant.example}"` : ''}`;
      const tags: string[] = [];
      if (!smokeTagged && status < 300 && isRead) {
        tags.push('@smoke');
        smokeTagged = true;
      }
      // A live target answers what it answers: its one success case accepts any documented 2xx.
      const liveSuccess = target === 'sandbox' && tags.includes('@smoke');
      if (target === 'sandbox' && !liveSuccess) {
        unreachable.push(title);
        continue;
      }
      // The document's own Accept parameter may leave this media type out: then no request valid by the document
      // asks for it, and a mock (which answers by Accept) cannot be made to send it.
      const skipReason =
        writeSkip ??
        (target === 'mock' && variant.accept && acceptFor(operation, variant.accept) === undefined
          ? `the document's Accept parameter does not admit ${variant.accept}, the only media type of its ${status} response: no valid request asks the mock for it`
          : undefined);
      const expected = liveSuccess ? { succeeded: true } : { status };
      cases.push({ ...base, title, preferStatus: status, example: variant.example, accept: variant.accept, expected, skipReason, tags });
    }
  }

  // The smoke subset also holds the error-shape checks of reads: cheap, and they show the error contract holds.
  const errorTags = isRead ? ['@smoke'] : [];

  if (unreachable.length > 0) {
    // One skip per operation rather than one per status: a live target answers what it answers.
    cases.push({
      kind: 'documented-response',
      title: `other documented responses (${unreachable.length})`,
      expected: {},
      tags: [],
      skipReason: `a live target cannot be asked for ${unreachable.join(', ')}; the mock run covers them`,
    });
  }

  for (const parameter of operation.parameters) {
    if (!parameter.required || parameter.in === 'path' || isIgnoredHeader(parameter)) continue;
    const expected = missingParameterExpectation(operation, parameter, target);
    const status = expected.status ?? expected.alternatives?.[0]?.status;
    const unjudged =
      target === 'mock' && options.document !== undefined ? unjudgedLocation(operation, parameter.in, options.document) : undefined;
    cases.push({
      kind: 'missing-parameter',
      title: `rejects a request without ${parameter.in} parameter "${parameter.name}"`,
      drop: { in: parameter.in, name: parameter.name },
      expected,
      docSource: operation.responses.find((r) => r.status === String(status))?.docSource,
      skipReason:
        writeSkip ??
        (unjudged &&
          `the mock cannot judge it (uncompiled-schema): ${unjudged}; the mock (Prism) ${capability('uncompiled-schema').behaviour}`),
      tags: [...errorTags],
    });
  }

  if (operation.security.length > 0 && operation.security.every((alternative) => alternative.length > 0)) {
    const expected = missingCredentialsExpectation(operation, target);
    cases.push({
      kind: 'missing-credentials',
      title: 'rejects a request without credentials',
      expected,
      docSource: operation.responses.find((r) => r.status === String(expected.status ?? expected.alternatives?.[0]?.status))?.docSource,
      skipReason:
        writeSkip ??
        (target === 'mock' && !mockJudgesCredentials(operation.security)
          ? `the mock cannot judge it (unchecked-security-scheme): the mock (Prism) ${capability('unchecked-security-scheme').behaviour}`
          : undefined),
      tags: [...errorTags],
    });
  }
  return cases;
}

/**
 * What a request without a required parameter gets. The contract's `x-missing-response` readings where it has them.
 * Otherwise the document names no answer: the mock answers with its documented 422, else 400 (Prism's order), and a
 * live target may answer any of the operation's documented 4xx rejections; with none documented, any 4xx.
 */
function missingParameterExpectation(operation: Operation, parameter: ParameterSpec, target: TargetKind): Expectation {
  const readings = parameter.missingResponses;
  if (readings.length === 1) return { status: readings[0].status, match: readings[0].match, provenance: readings[0].provenance };
  if (readings.length > 1) return { rejected: true, alternatives: readings };
  const documented = rejectionsOf(operation, ['422', '400']);
  if (target === 'mock' && documented.length > 0)
    return { rejected: true, status: documented[0].status, provenance: documented[0].provenance };
  const all = rejectionsOf(
    operation,
    operation.responses.map((r) => r.status).filter((s) => /^4\d\d$/.test(s) && s !== '401' && s !== '403'),
  );
  const decision =
    'the document does not say which answer a request without a required parameter gets; any of its documented rejections is accepted';
  if (all.length > 0) return { rejected: true, alternatives: all.map((r) => ({ ...r, provenance: inferred(decision) })) };
  return {
    rejected: true,
    provenance: assumed('the document documents no rejection for a request without a required parameter; any 4xx is taken as one'),
  };
}

/**
 * What a request without credentials gets: the documented 401 (or 403) where there is one. A document that declares
 * security but documents neither leaves the answer open; any 4xx is then taken as the refusal, and an answer the
 * document does not describe is a document gap. Accepting the request (2xx) always fails: the security is documented.
 */
function missingCredentialsExpectation(operation: Operation, target: TargetKind): Expectation {
  const documented = rejectionsOf(operation, target === 'mock' ? ['401'] : ['401', '403']);
  if (documented.length === 1) return { status: documented[0].status, provenance: documented[0].provenance };
  if (documented.length > 1) return { rejected: true, alternatives: documented };
  return {
    rejected: true,
    provenance: assumed(
      'the document declares security but documents no answer for a request without credentials; any 4xx is taken as the refusal',
    ),
  };
}

function rejectionsOf(operation: Operation, statuses: string[]): MissingResponse[] {
  return statuses.flatMap((status) => {
    const response = operation.responses.find((r) => r.status === status);
    return response ? [{ status: Number(status), provenance: response.provenance }] : [];
  });
}

const inferred = (decision: string): Provenance => ({ kind: 'inferred', decision });
const assumed = (decision: string): Provenance => ({ kind: 'assumed', decision });

function responseVariants(response: ResponseSpec): { example?: string; accept?: string }[] {
  // A content key that is no media type (a converted document's property name) is nothing a client can ask for.
  const askable = response.content.filter((media) => isMediaType(media.mediaType));
  if (askable.length === 0) return [{}];
  return askable.flatMap((media) => {
    const accept = media.mediaType.includes('*') ? undefined : media.mediaType;
    const named = media.examples.filter((e) => e.name !== undefined);
    return named.length > 0 ? named.map((e) => ({ example: e.name, accept })) : [{ accept }];
  });
}
