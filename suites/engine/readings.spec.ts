import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../src/contract/load.ts';
import { runChecks } from '../../src/checks/index.ts';
import { SchemaValidators } from '../../src/checks/schema-validators.ts';
import type { CheckContext } from '../../src/checks/types.ts';
import type { Exchange } from '../../src/core/wire.ts';
import { casesFor } from '../../src/generate/cases.ts';

// A contract that records two defensible readings: a missing parameter answered with either of two error codes
// (a list-valued x-missing-response), and an assumed 401 whose body may be left out (x-body-optional).
const yaml = `openapi: 3.1.0
info: { title: Readings, version: '1' }
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - name: office_id
          in: query
          required: true
          schema: { type: string }
          x-missing-response:
            - { status: 400, match: { error_code: E1020 } }
            - { status: 400, match: { error_code: E1026 } }
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { type: array }, example: [] } }
        '400':
          description: bad
          content:
            application/json:
              schema: { type: object, required: [error_code], properties: { error_code: { type: string } } }
              examples:
                E1020: { value: { error_code: E1020 } }
                E1026: { value: { error_code: E1026 } }
        '401':
          description: assumed
          x-body-optional: true
          content: { application/json: { schema: { type: object }, example: {} } }
`;
const dir = mkdtempSync(join(tmpdir(), 'readings-'));
writeFileSync(join(dir, 'readings.yaml'), yaml);
const contract = await loadContract(join(dir, 'readings.yaml'));
const operation = contract.operations[0];
const validators = new SchemaValidators(contract);
const [missing] = casesFor(operation, 'sandbox').filter((c) => c.kind === 'missing-parameter');

const exchange = (status: number, body?: unknown): Exchange => ({
  request: { method: 'GET', url: 'http://127.0.0.1/things', headers: {} },
  response: {
    status,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    text: body === undefined ? '' : JSON.stringify(body),
  },
});
const ctx = (over: Partial<CheckContext> = {}): CheckContext => ({
  contract,
  operation,
  validators,
  target: 'sandbox',
  expected: missing.expected,
  ...over,
});

test.describe('a list-valued x-missing-response', () => {
  test('is read as alternatives and becomes one negative case that accepts any of them', () => {
    expect(operation.parameters[0].missingResponses).toHaveLength(2);
    expect(missing.expected.alternatives?.map((a) => a.match)).toEqual([{ error_code: 'E1020' }, { error_code: 'E1026' }]);
  });
  test('passes either alternative', () => {
    expect(runChecks(ctx(), exchange(400, { error_code: 'E1020' }))).toEqual([]);
    expect(runChecks(ctx(), exchange(400, { error_code: 'E1026' }))).toEqual([]);
  });
  test('fails a body that carries neither, naming both', () => {
    const violations = runChecks(ctx(), exchange(400, { error_code: 'E9999' }));
    expect(violations).toMatchObject([{ check: 'documentedErrorBody', rule: 'error-body-mismatch' }]);
    expect(violations[0].message).toContain('{"error_code":"E1020"} or {"error_code":"E1026"}');
  });
  test('fails a status no alternative names', () => {
    expect(runChecks(ctx(), exchange(401, {})).map((v) => v.rule)).toEqual(['unexpected-status']);
  });
  test('against the mock, passes when some example carries an alternative', () => {
    expect(runChecks(ctx({ target: 'mock' }), exchange(400, { error_code: 'E1020' }))).toEqual([]);
  });
});

test.describe('x-body-optional', () => {
  const credentials = { expected: { status: 401 } };
  test('accepts the documented body and no body at all', () => {
    expect(runChecks(ctx(credentials), exchange(401, {}))).toEqual([]);
    expect(runChecks(ctx(credentials), exchange(401))).toEqual([]);
  });
  test('still fails a body of another type', () => {
    expect(runChecks(ctx(credentials), exchange(401, [1])).map((v) => v.rule)).toEqual(['schema-type']);
  });
  test('a response without the mark still needs its documented body', () => {
    const withoutMark = { ...operation, responses: operation.responses.map((r) => ({ ...r, bodyOptional: undefined })) };
    expect(runChecks(ctx({ ...credentials, operation: withoutMark }), exchange(401)).map((v) => v.rule)).toEqual(['missing-content-type']);
  });
});

test.describe('contracts:diff and provenance', () => {
  test('marking a vendor rule inferred (x-provenance, x-decision) is documentation, not a breaking change', async () => {
    const { diffTexts, breaking, byRule, diffFixture } = await import('./diff/support.ts');
    const before = diffFixture('before.yaml');
    expect(before, 'the fixture has a vendor rule to mark').toMatch(/^x-vendor-rules:\n {2}\w+:\n/m);
    const after = before.replace(
      /^x-vendor-rules:\n( {2}\w+:\n)/m,
      'x-vendor-rules:\n$1    x-provenance: inferred\n    x-decision: The document implies it.\n',
    );
    expect(after).not.toBe(before);
    const diff = await diffTexts(before, after);
    expect(breaking(diff)).toEqual([]);
    expect(
      byRule(diff, 'vendor-rule-description-changed')
        .map((f) => f.location)
        .sort(),
    ).toEqual([expect.stringMatching(/x-decision$/), expect.stringMatching(/x-provenance$/)]);
  });
});

test.describe("provenance marks in this suite's contracts", () => {
  test('every x-provenance is documented, inferred or assumed, and every inferred or assumed one carries an x-decision', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const { ROOT } = await import('../../src/targets/paths.ts');
    const problems: string[] = [];
    let marked = 0;
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}/${i}`));
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      const provenance = record['x-provenance'];
      if (provenance !== undefined) {
        marked++;
        if (!['documented', 'inferred', 'assumed'].includes(String(provenance)))
          problems.push(`${path}: x-provenance "${String(provenance)}"`);
        const decision = record['x-decision'];
        if (provenance !== 'documented' && (typeof decision !== 'string' || decision.trim().length < 20))
          problems.push(`${path}: ${String(provenance)} without an x-decision`);
      } else if (record['x-decision'] !== undefined) {
        problems.push(`${path}: x-decision without x-provenance`);
      }
      for (const [key, value] of Object.entries(record)) walk(value, `${path}/${key}`);
    };
    const files = readdirSync(join(ROOT, 'contracts')).filter((f) => f.endsWith('.yaml'));
    for (const file of files) walk(parse(readFileSync(join(ROOT, 'contracts', file), 'utf8')), file);
    expect(files.length).toBeGreaterThan(0);
    expect(marked, 'the contracts mark inferred and assumed rules').toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});
