import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../../src/contract/load.ts';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import { mutationsFor } from '../../../src/generate/arbitraries/negative.ts';
import { exampleRequest } from '../../../src/generate/arbitraries/request-arbitrary.ts';
import { requestValidators } from '../../../src/generate/arbitraries/validity.ts';
import { brokenRuleCases, droppedParameter } from '../../../src/generate/phases/negative-cases.ts';
import type { PhaseContext, PhaseTarget } from '../../../src/generate/phases/types.ts';

// Two required parameters, each with its own documented answer to a request that leaves it out; one's name holds
// a quote, so a label read back as text could name the wrong one.
const yaml = `openapi: 3.1.0
info: { title: Dropped, version: '1' }
paths:
  /things:
    get:
      parameters:
        - name: office
          in: query
          required: true
          schema: { type: string }
          example: o1
          x-missing-response: { status: 400, match: { error_code: E-OFFICE } }
        - name: 'office" or "key'
          in: query
          required: true
          schema: { type: string }
          example: k1
          x-missing-response: { status: 400, match: { error_code: E-KEY } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: array }, example: [] } } }
        '400':
          description: bad
          content:
            application/json:
              schema: { type: object, properties: { error_code: { type: string } } }
              examples: { office: { value: { error_code: E-OFFICE } }, key: { value: { error_code: E-KEY } } }
`;
const dir = mkdtempSync(join(tmpdir(), 'negative-cases-'));
writeFileSync(join(dir, 'dropped.yaml'), yaml);
const contract = await loadContract(join(dir, 'dropped.yaml'));
const operation = contract.operations[0];
const target = { kind: 'sandbox' } as PhaseTarget;
const ctx: PhaseContext = { contract, operation, target, validators: new SchemaValidators(contract), examples: 4 };

test('the parameter a case leaves out is carried as data, whatever its label says', () => {
  const missing = mutationsFor(contract, operation).filter((m) => m.breaks?.kind === 'missing');
  expect(missing.map((m) => m.breaks?.parameter?.name)).toEqual(['office', 'office" or "key']);
  for (const mutation of missing)
    expect(droppedParameter(operation, { breaks: mutation.breaks })?.name, mutation.rule).toBe(mutation.breaks?.parameter?.name);
  // A break of a value, not a requirement, leaves nothing out.
  expect(droppedParameter(operation, { breaks: { kind: 'invalid', parameter: operation.parameters[0] } })).toBeUndefined();
});

test("each missing-parameter case expects its own parameter's documented answer", () => {
  const valid = exampleRequest(contract, operation, undefined);
  expect(valid, 'the example request').toBeDefined();
  const { cases } = brokenRuleCases(ctx, valid!, requestValidators(contract));
  const dropping = cases.filter((c) => c.dropped);
  expect(dropping.map((c) => [c.dropped?.name, c.expected?.match])).toEqual([
    ['office', { error_code: 'E-OFFICE' }],
    ['office" or "key', { error_code: 'E-KEY' }],
  ]);
  for (const c of dropping) expect(c.request.params.map((p) => p.name)).not.toContain(c.dropped?.name);
});
