import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../src/contract/load.ts';
import { deriveOperationId } from '../../src/contract/operations.ts';
import { casesFor } from '../../src/generate/cases.ts';
import { selectedProjects } from '../../src/targets/selection.ts';
import { engineFixture } from './support/nested-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'contracts-'));
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

test.describe('loadContract', () => {
  test('flattens operations with merged parameters, examples and doc sources', async () => {
    const contract = await loadContract(write('petstore.yaml', engineFixture('petstore.yaml')));
    expect(contract.vendor).toBe('petstore');
    expect(contract.format).toBe('openapi-3.1');
    expect(contract.hash).toMatch(/^[0-9a-f]{64}$/);
    const [op] = contract.operations;
    expect(op).toMatchObject({ key: 'GET /pets/{pet_id}', id: 'getPet', docSource: { document: 'Engine fixture', section: 'Pets' } });
    expect(op.parameters.map((p) => [p.in, p.name, p.required])).toEqual([
      ['path', 'pet_id', true],
      ['query', 'key', true],
    ]);
    expect(op.parameters[1].missingResponses).toEqual([{ status: 400, match: { error_code: 'E1' }, provenance: { kind: 'documented' } }]);
    expect(op.responses.map((r) => r.status)).toEqual(['200', '204', '400']);
    expect(op.responses[0].content[0].examples[0].name).toBe('rex');
  });

  for (const [name, text, pattern] of [
    ['unparsable.yaml', 'openapi: 3.1.0\ninfo: [unclosed', /^CONTRACT_UNPARSABLE: \S*unparsable\.yaml: not valid YAML or JSON/],
    ['not-openapi.json', '{"hello": "world"}', /^CONTRACT_NOT_OPENAPI: \S*not-openapi\.json: no `openapi: 3.x`/],
    [
      'broken-ref.yaml',
      engineFixture('petstore.yaml').replace("$ref: '#/components/schemas/Error'", "$ref: '#/components/schemas/Missing'"),
      /^CONTRACT_BROKEN_REF: \S*broken-ref\.yaml#\/paths\/~1pets~1\{pet_id\}\/get\/responses\/400\/content\/application~1json\/schema: .*Missing/,
    ],
  ] as const) {
    test(`reports ${name} with a code, the file and the pointer`, async () => {
      await expect(loadContract(write(name, text))).rejects.toThrow(pattern);
    });
  }

  test('reports a file that does not exist', async () => {
    await expect(loadContract(join(dir, 'nope.yaml'))).rejects.toThrow(/^CONTRACT_UNREADABLE: .*nope\.yaml: ENOENT/);
  });

  test('derives an operationId when the contract has none', () => {
    expect(deriveOperationId('get', '/v2/patients/{patient_id}')).toBe('getV2PatientsByPatientId');
    expect(deriveOperationId('post', '/o/token/')).toBe('postOToken');
  });
});

test.describe('casesFor', () => {
  test('plans one case per documented response and example, per required parameter and for credentials', async () => {
    const contract = await loadContract(write('cases.yaml', engineFixture('petstore.yaml')));
    const cases = casesFor(contract.operations[0], 'mock');
    expect(cases.map((c) => c.title)).toEqual([
      '200 example "rex"',
      '204',
      '400 example "e1"',
      'rejects a request without query parameter "key"',
    ]);
    expect(cases[0].tags).toEqual(['@smoke']);
    expect(cases[3]).toMatchObject({ kind: 'missing-parameter', expected: { status: 400, match: { error_code: 'E1' } } });
  });

  test('a live target skips the statuses it cannot be asked for, with the reason', async () => {
    const contract = await loadContract(write('cases2.yaml', engineFixture('petstore.yaml')));
    const cases = casesFor(contract.operations[0], 'sandbox');
    expect(cases.filter((c) => !c.skipReason).map((c) => c.title)).toEqual([
      '200 example "rex"',
      'rejects a request without query parameter "key"',
    ]);
    expect(cases[0].expected).toEqual({ succeeded: true });
    expect(cases.find((c) => c.title === 'other documented responses (2)')?.skipReason).toBe(
      'a live target cannot be asked for 204, 400 example "e1"; the mock run covers them',
    );
  });
});

test.describe('selectedProjects', () => {
  const all = ['sikka', 'drchrono', 'hubspot-webhooks', 'engine'];
  test('selects everything without --project', () => expect(selectedProjects(['test'], all)).toEqual(all));
  test('reads both --project forms and wildcards', () => {
    expect(selectedProjects(['test', '--project=sikka', '--project', 'hub*'], all)).toEqual(['sikka', 'hubspot-webhooks']);
  });
});
