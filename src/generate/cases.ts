import type { Operation, ParameterSpec, ResponseSpec } from '../contract/types.ts';
import type { ExpectedAnswer, TargetKind } from '../checks/types.ts';

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
  expected: ExpectedAnswer;
  docSource?: ResponseSpec['docSource'];
  skipReason?: string;
  tags: string[];
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
export function casesFor(operation: Operation, target: TargetKind, options: { writes: boolean } = { writes: false }): ConformanceCase[] {
  if (operation.skipReason) {
    return [{ kind: 'documented-response', title: 'not called', expected: {}, skipReason: operation.skipReason, tags: [] }];
  }
  const isRead = READ_METHODS.has(operation.method);
  const writeSkip = target === 'sandbox' && !isRead && !options.writes
    ? `${operation.method} writes to the sandbox; set SANDBOX_WRITES=1 to allow it` : undefined;
  const cases: ConformanceCase[] = [];
  const unreachable: string[] = [];
  let smokeTagged = false;

  for (const response of operation.responses) {
    const status = concreteStatus(response.status);
    const base = { kind: 'documented-response' as const, docSource: response.docSource, tags: [] as string[] };
    if (status === undefined) {
      cases.push({ ...base, title: `${response.status} response`, expected: {}, skipReason: `a "${response.status}" response has no status code to request` });
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
      const skipReason = writeSkip;
      const expected = liveSuccess ? { succeeded: true } : { status };
      cases.push({ ...base, title, preferStatus: status, example: variant.example, accept: variant.accept, expected, skipReason, tags });
    }
  }

  // The smoke subset also holds the error-shape checks of reads: cheap, and they show the error contract holds.
  const errorTags = isRead ? ['@smoke'] : [];

  if (unreachable.length > 0) {
    // One skip per operation rather than one per status: a live target answers what it answers.
    cases.push({
      kind: 'documented-response', title: `other documented responses (${unreachable.length})`, expected: {}, tags: [],
      skipReason: `a live target cannot be asked for ${unreachable.join(', ')}; the mock run covers them`,
    });
  }

  for (const parameter of operation.parameters) {
    if (!parameter.required || parameter.in === 'path') continue;
    cases.push({
      kind: 'missing-parameter',
      title: `rejects a request without ${parameter.in} parameter "${parameter.name}"`,
      drop: { in: parameter.in, name: parameter.name },
      expected: parameter.missingResponse
        ? { status: parameter.missingResponse.status, match: parameter.missingResponse.match, ...(parameter.missingResponses ? { anyOf: parameter.missingResponses } : {}) }
        : { rejected: true, status: rejectionStatus(operation) },
      docSource: operation.responses.find((r) => r.status === String(parameter.missingResponse?.status ?? rejectionStatus(operation)))?.docSource,
      skipReason: writeSkip,
      tags: [...errorTags],
    });
  }

  if (operation.security.length > 0 && operation.security.every((alternative) => alternative.length > 0)) {
    cases.push({
      kind: 'missing-credentials',
      title: 'rejects a request without credentials',
      expected: { status: 401 },
      docSource: operation.responses.find((r) => r.status === '401')?.docSource,
      skipReason: writeSkip,
      tags: [...errorTags],
    });
  }
  return cases;
}

/** The status a request missing a required parameter gets: the documented 422, else 400 (Prism's order too). */
function rejectionStatus(operation: Operation): number | undefined {
  if (operation.responses.some((r) => r.status === '422')) return 422;
  if (operation.responses.some((r) => r.status === '400')) return 400;
  return undefined;
}

function responseVariants(response: ResponseSpec): { example?: string; accept?: string }[] {
  if (response.content.length === 0) return [{}];
  return response.content.flatMap((media) => {
    const accept = media.mediaType.includes('*') ? undefined : media.mediaType;
    const named = media.examples.filter((e) => e.name !== undefined);
    return named.length > 0 ? named.map((e) => ({ example: e.name, accept })) : [{ accept }];
  });
}
