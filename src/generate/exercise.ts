import type { APIRequestContext } from '@playwright/test';
import type { Contract, Operation } from '../contract/types.ts';
import { responseFor } from '../contract/operations.ts';
import { runChecks } from '../checks/index.ts';
import type { SchemaValidators } from '../checks/schema-validators.ts';
import type { Exchange, TargetKind, Violation } from '../checks/types.ts';
import type { ConformanceCase } from './cases.ts';
import { encodeBody, planRequest, urlOf, type CredentialSource } from './request.ts';

export interface Target {
  kind: TargetKind;
  baseURL: string;
  credentials: CredentialSource;
  /** Parameter values a sandbox bootstrap obtained (e.g. Sikka's request_key), by name. */
  overrides?: Record<string, string>;
  /** Milliseconds for one call. */
  timeout: number;
}

export interface ExerciseResult {
  exchange: Exchange;
  violations: Violation[];
}

/** Sends the case's request to the target and runs every check on the answer. Network failures throw. */
export async function exercise(
  api: APIRequestContext,
  target: Target,
  contract: Contract,
  validators: SchemaValidators,
  operation: Operation,
  testCase: ConformanceCase,
): Promise<ExerciseResult> {
  const planned = planRequest(contract, operation, {
    credentials: target.credentials,
    drop: testCase.drop,
    withoutCredentials: testCase.kind === 'missing-credentials',
    overrides: target.overrides,
  });
  if (target.kind === 'mock' && testCase.preferStatus !== undefined) {
    planned.headers.prefer = `code=${testCase.preferStatus}${testCase.example ? `, example=${testCase.example}` : ''}`;
  }
  if (testCase.accept) planned.headers.accept = testCase.accept;
  const body = encodeBody(planned.body);
  const url = urlOf(target.baseURL, planned);
  const response = await api.fetch(url, {
    method: planned.method,
    headers: planned.headers,
    data: body,
    failOnStatusCode: false,
    maxRedirects: 0,
    timeout: target.timeout,
  });
  const exchange: Exchange = {
    request: { method: planned.method, url, headers: planned.headers, body },
    response: { status: response.status(), headers: response.headers(), text: await response.text() },
  };
  const found = runChecks({ contract, operation, validators, target: target.kind, expected: testCase.expected }, exchange);
  const violations = target.kind === 'mock' && !hasDocumentedExample(operation, exchange.response.status)
    ? found.map((v) => (v.check === 'responseSchemaConformance' ? { ...v, severity: 'warning' as const, message: `${v.message}\n(mock-generated body: the contract has no example for this response)` } : v))
    : found;
  return { exchange, violations };
}

/**
 * Without a documented example the mock invents the body from the schema, and its generator cuts recursive
 * schemas short; schema findings on such a body describe the generator, not the vendor, so they are warnings.
 */
function hasDocumentedExample(operation: Operation, status: number): boolean {
  const response = responseFor(operation, status);
  return !response || response.content.length === 0 || response.content.some((m) => m.examples.length > 0);
}
