import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../../src/contract/load.ts';
import { failsGate } from '../../../src/checks/findings.ts';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import { serverError } from '../../../src/generate/phases/check.ts';
import type { PhaseContext } from '../../../src/generate/phases/types.ts';
import type { Exchange } from '../../../src/core/wire.ts';

/**
 * A 5xx to a valid request fails the generative phases, except where a mock answered it from the document: a mock
 * renders what the document lists (appwrite's /health lists only a 500), which says nothing of the vendor's server.
 */
const DOCUMENT = `
openapi: 3.0.3
info: { title: server errors, version: '1' }
paths:
  /health:
    get:
      responses:
        '500': { description: File }
  /things:
    get:
      responses:
        '200': { description: ok }
`;

test('a documented 5xx the mock rendered is a document gap; an undocumented 5xx, or any 5xx of a live target, fails', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'server-error-')), 'doc.yaml');
  writeFileSync(file, DOCUMENT);
  const contract = await loadContract(file);
  const ctx = (key: string, kind: 'mock' | 'sandbox'): PhaseContext =>
    ({
      contract,
      operation: contract.operations.find((o) => o.key === key)!,
      target: { kind, project: 'doc' },
      validators: new SchemaValidators(contract),
      examples: 1,
    }) as unknown as PhaseContext;
  const answer = (status: number): Exchange => ({
    request: { method: 'GET', url: 'http://127.0.0.1/health', headers: {} },
    response: { status, headers: { 'content-type': 'text/plain' }, text: '' },
  });
  const onMock = serverError(ctx('GET /health', 'mock'), answer(500), 'positive');
  expect(onMock.map((v) => [v.rule, v.finding])).toEqual([['documented-server-error', 'document-gap']]);
  expect(onMock.filter((v) => failsGate(v, false))).toEqual([]);
  expect(onMock[0].message).toMatch(/lists no success answer/);
  for (const [key, kind, status] of [
    ['GET /health', 'sandbox', 500],
    ['GET /things', 'mock', 500],
    ['GET /health', 'mock', 503],
  ] as const) {
    const judged = serverError(ctx(key, kind), answer(status), 'positive');
    expect(
      judged.map((v) => v.rule),
      `${key} ${kind} ${status}`,
    ).toEqual(['server-error']);
    expect(
      judged.filter((v) => failsGate(v, false)),
      `${key} ${kind} ${status}`,
    ).toHaveLength(1);
  }
});

test('a mock that answers a credential case with its documented 302 accepted it: a mock limitation, as for a 2xx; a live target fails', async () => {
  const { negativeVerdict } = await import('../../../src/generate/phases/leniency.ts');
  const file = join(mkdtempSync(join(tmpdir(), 'redirect-')), 'doc.yaml');
  writeFileSync(
    file,
    `
openapi: 3.0.3
info: { title: redirect, version: '1' }
components:
  securitySchemes:
    basic: { type: http, scheme: basic }
security: [{ basic: [] }]
paths:
  /activate:
    get:
      responses:
        '302': { description: Success }
        '403': { description: Permission insufficient }
`,
  );
  const contract = await loadContract(file);
  const operation = contract.operations[0];
  const ctx = (kind: 'mock' | 'sandbox') =>
    ({
      contract,
      operation,
      target: { kind, project: 'redirect' },
      validators: new SchemaValidators(contract),
      examples: 1,
    }) as unknown as PhaseContext;
  const testCase = {
    label: 'credentials malformed',
    request: { params: [] },
    options: { auth: 'malformed' as const },
    expected: { rejected: true },
    auth: true,
  };
  const answer: Exchange = {
    request: { method: 'GET', url: 'http://127.0.0.1/activate', headers: {} },
    response: { status: 302, headers: {}, text: '' },
  };
  const onMock = negativeVerdict(ctx('mock'), testCase, answer, true);
  expect(onMock.length).toBeGreaterThan(0);
  expect(onMock.filter((v) => failsGate(v, false))).toEqual([]);
  expect(onMock.every((v) => v.severity !== 'error' || v.finding === 'mock-limitation')).toBe(true);
  const live = negativeVerdict(ctx('sandbox'), testCase, answer, true);
  expect(live.filter((v) => failsGate(v, false)).map((v) => v.rule)).toContain('auth-not-enforced');
  // An operation that documents only a 404 is answered with it: the mock accepted the request all the same.
  const rendered404: Exchange = { ...answer, response: { status: 404, headers: {}, text: '' } };
  expect(negativeVerdict(ctx('mock'), testCase, rendered404, true).filter((v) => failsGate(v, false))).toEqual([]);
  expect(negativeVerdict(ctx('sandbox'), testCase, rendered404, true).filter((v) => failsGate(v, false))).not.toEqual([]);
  // Its own refusals are not acceptance.
  const { mockRefused } = await import('../../../src/checks/mock-findings.ts');
  const problem = (type: string) => ({
    ...answer,
    response: { status: 404, headers: { 'content-type': 'application/problem+json' }, text: JSON.stringify({ type }) },
  });
  expect(mockRefused(problem('https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR'))).toBe(true);
  expect(mockRefused(problem('https://example.com/not-found'))).toBe(false);
  expect(mockRefused({ ...answer, response: { status: 422, headers: { 'sl-violations': '[]' }, text: '{}' } })).toBe(true);
  expect(mockRefused(rendered404)).toBe(false);
});
