import { readdirSync } from 'node:fs';
import { documented } from '../../../fixtures/documented.ts';
import { join } from 'node:path';
import { CONTRACT_EXTENSIONS } from '../../../src/contract/load.ts';
import { contractFor } from '../../../src/contract/cache.ts';
import type { Contract, Operation } from '../../../src/contract/types.ts';
import { casesFor, type ConformanceCase } from '../../../src/generate/cases.ts';
import { encodeBody, planRequest, urlOf, type PlannedRequest } from '../../../src/generate/plan-request.ts';
import { mockLimitation, startMock } from '../../../src/targets/mock.ts';
import { acceptFor } from '../../../src/generate/reserved-headers.ts';
import { unreadableByMock } from '../../../src/checks/mock-capabilities.ts';
import { mockMisread } from '../../../src/checks/mock-findings.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { loopbackSend } from '../../../src/targets/loopback-send.ts';

const MAX_BODY_BYTES = 10_000_000;

export const CORPUS_DIR = join(ROOT, 'fixtures', 'documents');

/** Every corpus document, by file name. */
export const corpusDocuments = (): string[] => [
  ...documented(
    readdirSync(CORPUS_DIR)
      .filter((name) => CONTRACT_EXTENSIONS.some((ext) => name.endsWith(ext)))
      .sort(),
    `the corpus documents in ${CORPUS_DIR}`,
  ),
];

/** A request the mock refused as invalid: what was sent, and what Prism said was wrong with it. */
export interface Rejection {
  operation: string;
  case: string;
  status: number;
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  reasons: string[];
}

export interface CorpusResult {
  document: string;
  operations: number;
  sent: number;
  /** Positive cases the planner declined, each with its reason. */
  skipped: { operation: string; case: string; reason: string }[];
  rejections: Rejection[];
  /**
   * Refusals of the mock only at parts it cannot read as sent (a required form array, say): the mock-capability
   * table's rows, never a request the engine got wrong (every objection lies in such a part).
   */
  misread: { operation: string; case: string; rows: string[] }[];
}

/** Prism's own problem types for a request it could not route or accept (https://stoplight.io/prism/errors). */
const REQUEST_PROBLEMS =
  /#(UNPROCESSABLE_ENTITY|NO_PATH_MATCHED_ERROR|NO_METHOD_MATCHED_ERROR|UNAUTHORIZED|INVALID_CONTENT_TYPE|NO_SERVER_MATCHED_ERROR)/;

/**
 * Why the mock refused a request, or nothing when it took it: the request-side entries of Prism's `sl-violations`
 * header, and Prism's own problem answers for a request it could not route, authorise or read.
 */
export function rejectionReasons(status: number, headers: Record<string, string>, text: string): string[] {
  const reasons: string[] = [];
  const header = headers['sl-violations'];
  if (header) {
    try {
      for (const v of JSON.parse(header) as { location?: string[]; message?: string }[]) {
        if (v.location?.[0] === 'request') reasons.push(`${v.location.join('.')}: ${v.message}`);
      }
    } catch {
      reasons.push(`unreadable sl-violations header: ${header.slice(0, 200)}`);
    }
  }
  if ((headers['content-type'] ?? '').includes('problem+json')) {
    const type = text.match(/"type"\s*:\s*"([^"]+)"/)?.[1] ?? '';
    if (REQUEST_PROBLEMS.test(type)) reasons.push(`${status} ${type.split('#')[1]}: ${problemDetail(text)}`);
  }
  return reasons;
}

/** The request a documented-response case sends to a mock (Prism `Prefer` header included), as bytes on the wire. */
export function wireRequest(baseURL: string, planned: PlannedRequest, testCase: ConformanceCase, operation: Operation) {
  const headers = { ...planned.headers };
  if (testCase.preferStatus !== undefined)
    headers.prefer = `code=${testCase.preferStatus}${testCase.example ? `, example=${testCase.example}` : ''}`;
  const accept = acceptFor(operation, testCase.accept);
  if (accept) headers.accept = accept;
  return { method: planned.method, url: urlOf(baseURL, planned), headers, body: encodeBody(planned.body) };
}

/** The positive cases the engine plans for an operation against a mock. */
export const positiveCases = (operation: Operation): ConformanceCase[] =>
  casesFor(operation, 'mock').filter((c) => c.kind === 'documented-response' && !c.skipReason);

/**
 * Loads one document, starts its Prism mock (request validation on) and sends every positive request the
 * engine plans; returns what the mock refused.
 */
export async function checkDocument(
  file: string,
  options: { mutate?: (planned: PlannedRequest, contract: Contract) => void } = {},
): Promise<CorpusResult> {
  const contract = await contractFor(file);
  const mock = await startMock(contract);
  const result: CorpusResult = {
    document: contract.vendor,
    operations: contract.operations.length,
    sent: 0,
    skipped: [],
    rejections: [],
    misread: [],
  };
  const send = loopbackSend(MAX_BODY_BYTES);
  try {
    for (const operation of contract.operations) {
      for (const testCase of positiveCases(operation)) {
        const planned = planRequest(contract, operation, { credentials: (scheme) => `mock-${scheme.name}` });
        const skipReason = mockLimitation(operation) ?? planned.skipReason;
        if (skipReason) {
          result.skipped.push({ operation: operation.key, case: testCase.title, reason: skipReason });
          continue;
        }
        options.mutate?.(planned, contract);
        const request = wireRequest(mock.url, planned, testCase, operation);
        // Sent as the engine sends (node:http): fetch refuses a GET with a body, which a document may define.
        const response = await send(request, 30_000);
        const { text, headers } = response;
        result.sent++;
        const reasons = rejectionReasons(response.status, headers as Record<string, string>, text);
        if (reasons.length === 0) continue;
        const unreadable = unreadableByMock(operation, planned.values, planned.body);
        const exchange = { request, response };
        if (mockMisread({ target: 'mock', unreadable }, exchange))
          result.misread.push({ operation: operation.key, case: testCase.title, rows: [...new Set(unreadable.map((u) => u.id))] });
        else result.rejections.push({ operation: operation.key, case: testCase.title, status: response.status, request, reasons });
      }
    }
  } finally {
    await mock.close();
  }
  return result;
}

function problemDetail(text: string): string {
  try {
    const problem = JSON.parse(text) as { detail?: string; validation?: { location?: string[]; message?: string }[] };
    if (Array.isArray(problem.validation)) return problem.validation.map((v) => `${(v.location ?? []).join('.')}: ${v.message}`).join('; ');
    return problem.detail ?? text.slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}
