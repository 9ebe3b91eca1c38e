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
import { unreadablePlanned } from '../../../src/generate/phases/mock-judgement.ts';
import { mockMisread } from '../../../src/checks/mock-findings.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { loopbackSend } from '../../../src/targets/loopback-send.ts';

const MAX_BODY_BYTES = 10_000_000;

export const CORPUS_DIR = join(ROOT, 'fixtures', 'documents');

/**
 * The documents kept for the classes the corpus sweep found (fixtures/documents/SOURCES.md), each trimmed to its class.
 * `shows`: a note the class leaves; without one, the class is a gate that crashed or failed and now runs green. */
export const CLASS_DOCUMENTS: { file: string; project: string; shows?: RegExp }[] = [
  // A security scheme whose header name ("… API Key") no client can send.
  { file: 'rapidapi-dynamicdocs.json', project: 'rapidapi-dynamicdocs', shows: /is not a valid HTTP header name/ },
  // AWS RPC operations told apart by a fragment ('/#X-Amz-Target=…'), which the mock cannot route.
  { file: 'aws-ec2-instance-connect.json', project: 'aws-ec2-instance-connect', shows: /routes a request by its path and method alone/ },
  // Azure's '/{id}#disambiguation' paths: the same.
  { file: 'azure-rbac-calls.json', project: 'azure-rbac-calls', shows: /routes a request by its path and method alone/ },
  // Responses documented as text/javascript, text/xml with object examples: Prism cannot render them.
  { file: 'godaddy-orders.json', project: 'godaddy-orders', shows: /Cannot serialise complex objects as text/ },
  // A required Accept parameter that admits only octet-stream beside a JSON 404; path templates naming query parameters.
  { file: 'intercom-reporting.yaml', project: 'intercom-reporting', shows: /Accept parameter does not admit application\/json/ },
  // A form body's array field: Prism's own 422 names it in its problem's `validation`, no header; the mock's limit.
  { file: 'twilio-oauth-v1.json', project: 'twilio-oauth-v1', shows: /mock-cannot-read/ },
  // A documented Transfer-Encoding header: every answer of the mock unreadable (a crash) until left out of its copy.
  { file: 'nowpayments.json', project: 'nowpayments' },
  // A lookahead pattern: the generative phases crashed on it until drawn without the assertion.
  { file: 'landregistry-deed.json', project: 'landregistry-deed' },
  // A 40-hex pattern (`[a-f0-9]+` with minLength 40): a filter nothing passed blocked the worker until the watchdog.
  { file: 'lgtm-analyses.json', project: 'lgtm-analyses' },
  // Header patterns of `.` and of spaces: unsatisfiable or endless until drawn as printable text with inner spaces.
  { file: 'sirikit-cloud-media.json', project: 'sirikit-cloud-media' },
  // An example with hundreds of defects: the count of those past the bound is a document defect too.
  { file: 'goog-io.json', project: 'goog-io', shows: /document-defect › .* › more-violations/ },
  // `/api/projects{.format}`: a template Prism's router never matches.
  { file: 'nasa-neows.json', project: 'nasa-neows', shows: /finds a parameter only where its braces hold no escaped character/ },
  // A required body of any value: never empty on the wire, and a falsy JSON body is the mock's misreading.
  { file: 'blazemeter-password.json', project: 'blazemeter-password' },
  // `*/*` before the JSON type: Prism holds the JSON body to the binary string schema.
  { file: 'apicurio-artifacts.json', project: 'apicurio-artifacts', shows: /mock-cannot-read: the mock refused a valid request at body/ },
  // Form bodies documented as text, and a Content-Type enum without the multipart boundary.
  { file: 'spoonacular-forms.json', project: 'spoonacular-forms', shows: /mock-cannot-read: the mock refused a valid request at body/ },
  // Only a 500 documented: the mock renders it, a document gap.
  { file: 'appwrite-health.json', project: 'appwrite-health', shows: /documented-server-error: the mock answered the document's own 500/ },
  // HTTP Basic and an apiKey named Authorization required together: no request can carry both.
  { file: 'conjur-api-key.json', project: 'conjur-api-key', shows: /are required together and both need the Authorization header/ },
  // A member one allOf branch marks readOnly: left out of requests.
  { file: 'azure-logic-keyvault.json', project: 'azure-logic-keyvault' },
  // `nullable` with no `type` in the body schema: Prism judges nothing of the body.
  {
    file: 'ghes-issues.json',
    project: 'ghes-issues',
    shows: /mock-limitation › POST \/repos\/\{owner\}\/\{repo\}\/issues › expectedStatus › not-rejected/,
  },
];

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
        const unreadable = unreadablePlanned(operation, planned, contract.document);
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
