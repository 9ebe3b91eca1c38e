import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFinding, lintContract } from '../../src/contract/lint.ts';
import { engineFixture } from './support/nested-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'lint-'));
const petstore = engineFixture('petstore.yaml');

async function errors(text: string, conventions = true) {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return (await lintContract(file, { conventions })).filter((f) => f.severity === 'error');
}

test('the engine fixture follows every convention', async () => {
  expect((await errors(petstore)).map(formatFinding)).toEqual([]);
});

const breakages: [string, string, string, RegExp][] = [
  ['operation-operationId', 'operationId: getPet\n', '', /#\/paths\/~1pets~1\{pet_id\}\/get$/],
  ['conformance-doc-source', '      x-doc-source: { document: Engine fixture, section: Pets }\n', '', /#\/paths\/~1pets~1\{pet_id\}\/get$/],
  [
    'conformance-response-example',
    "              examples:\n                rex: { value: { id: '7', name: Rex, born: '2020-01-02' } }\n",
    '',
    /responses\/200\/content\/application~1json$/,
  ],
  ['conformance-error-shape', "schema: { $ref: '#/components/schemas/Error' }", 'schema: { type: object }', /responses\/400$/],
  ['oas3-valid-media-example', 'e1: { value: { error_code: E1 } }', 'e1: { value: { error_code: 1 } }', /examples\/e1\/value\/error_code$/],
];

for (const [rule, find, replace, pointer] of breakages) {
  test(`${rule} fails a contract that breaks it, naming file, pointer and rule`, async () => {
    const broken = petstore.replace(find, replace);
    expect(broken).not.toBe(petstore);
    const found = (await errors(broken)).filter((f) => f.rule === rule);
    expect(found.length, (await errors(broken)).map(formatFinding).join('\n')).toBeGreaterThan(0);
    expect(found[0].pointer).toMatch(pointer);
    expect(formatFinding(found[0])).toMatch(new RegExp(`^\\S+\\.yaml#/\\S* \\[${rule}\\] `));
  });
}

test('a vendor rule list needs a source on every entry', async () => {
  const withRules = `${petstore}x-vendor-rules:\n  rateLimit:\n    - { limit: 10, window: minute }\n`;
  expect(await errors(withRules)).toMatchObject([{ rule: 'conformance-doc-source', pointer: '#/x-vendor-rules/rateLimit/0' }]);
});

test('drop-in documents are held to the OAS ruleset only', async () => {
  const thirdParty = petstore.replace('operationId: getPet\n', '').replace(/^ *x-doc-source: .*\n/gm, '');
  expect(await errors(thirdParty, false)).toEqual([]);
});

test('lint findings are kept per text: the same file lints the same, a changed file is linted again', async () => {
  const file = join(dir, 'kept.yaml');
  writeFileSync(file, petstore);
  const first = await lintContract(file, { conventions: true });
  expect(await lintContract(file, { conventions: true })).toEqual(first);
  expect(first.filter((f) => f.severity === 'error')).toEqual([]);
  writeFileSync(file, petstore.replace('operationId: getPet\n', ''));
  const changed = await lintContract(file, { conventions: true });
  expect(changed.map((f) => f.rule)).toContain('operation-operationId');
  // The ruleset is part of the key: a drop-in reading of the same text does not get the suite's findings.
  writeFileSync(file, petstore.replace('      x-doc-source: { document: Engine fixture, section: Pets }\n', ''));
  expect((await lintContract(file, { conventions: true })).map((f) => f.rule)).toContain('conformance-doc-source');
  expect((await lintContract(file, { conventions: false })).map((f) => f.rule)).not.toContain('conformance-doc-source');
});
