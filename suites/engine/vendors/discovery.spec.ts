/**
 * Adding a vendor is one folder and one contract: a fictional vendor (suites/engine/fixtures/acme) is discovered from
 * its folder, and its error rules run as the `vendorErrorRules` check on its contract's answers, red on a violating
 * answer and green on a conforming one. A vendor without quirks needs no folder at all.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { runChecks } from '../../../src/checks/index.ts';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import type { CheckContext } from '../../../src/checks/types.ts';
import type { Exchange } from '../../../src/core/wire.ts';
import { contractFor } from '../../../src/contract/cache.ts';
import { isSecretName } from '../../../src/core/secret-names.ts';
import { CONTRACTS_DIR } from '../../../src/targets/paths.ts';
import { sandboxProfile } from '../../../src/targets/sandbox.ts';
import { discoverVendors, registerVendors, vendorDescriptor, vendorDescriptors } from '../../../src/vendors/registry.ts';

const ACME = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/acme');

test('every vendor folder is discovered, and each descriptor names its own contract', () => {
  const names = vendorDescriptors().map((d) => d.name);
  expect(names).toEqual(expect.arrayContaining(['drchrono', 'hubspot-webhooks', 'journy', 'lupl', 'sikka', 'webcamconsult']));
  for (const descriptor of vendorDescriptors()) {
    expect(descriptor.contract.replace(/\.(ya?ml|json)$/, ''), descriptor.name).toBe(descriptor.name);
    expect(existsSync(join(CONTRACTS_DIR, descriptor.contract)), descriptor.contract).toBe(true);
  }
});

test('a vendor without quirks needs only its contract: no descriptor, the generic sandbox profile', () => {
  expect(vendorDescriptor('legacy-crm')).toBeUndefined();
  expect(sandboxProfile('legacy-crm').required).toEqual(['LEGACY_CRM_BASE_URL']);
});

test('a folder whose index.ts exports no descriptor is a one-line VENDOR_DESCRIPTOR error', async ({}, testInfo) => {
  const root = testInfo.outputPath('vendors');
  mkdirSync(join(root, 'half-done'), { recursive: true });
  writeFileSync(join(root, 'half-done', 'index.ts'), 'export const name = "half-done";\n');
  await expect(discoverVendors(root)).rejects.toThrow(/^VENDOR_DESCRIPTOR: half-done\/index.ts must export default defineVendor/);
});

test.describe('a fictional vendor added as one folder and one contract', () => {
  test("it is discovered, and its rules run on its contract's answers: red when violated, green when kept", async () => {
    const found = await discoverVendors(join(ACME, 'vendors'));
    expect(found.map((d) => d.name)).toEqual(['acme']);
    const before = vendorDescriptors();
    const unregister = registerVendors(found);
    try {
      expect(vendorDescriptor('acme')).toBe(found[0]);
      expect(isSecretName('X-Acme-Signature')).toBe(true);
      await acmeRulesRun(found[0].contract);
    } finally {
      unregister();
    }
    // The registry is the process's: the tests that run after this one in the worker must not meet acme.
    expect(vendorDescriptor('acme')).toBeUndefined();
    expect(isSecretName('X-Acme-Signature')).toBe(false);
    expect(vendorDescriptors()).toEqual(before);
  });
});

async function acmeRulesRun(contractFile: string): Promise<void> {
  const contract = await contractFor(join(ACME, 'contracts', contractFile));
  expect(contract.vendor).toBe('acme');
  const operation = contract.operations.find((o) => o.key === 'GET /appointments')!;
  const ctx: CheckContext = { contract, operation, validators: new SchemaValidators(contract), target: 'sandbox' };
  const answer = (status: number, body: unknown): Exchange => ({
    request: { method: 'GET', url: 'http://127.0.0.1/appointments', headers: {} },
    response: { status, headers: { 'content-type': 'application/json' }, text: JSON.stringify(body) },
  });
  const rules = (exchange: Exchange, over: Partial<CheckContext> = {}) =>
    runChecks({ ...ctx, ...over }, exchange, ['vendorErrorRules']).map((v) => `${v.rule}: ${v.message}`);

  expect(rules(answer(200, [{ id: 'a1' }]))).toEqual([]);
  expect(rules(answer(404, { error: { code: 'E_NOT_FOUND' } }))).toEqual([]);
  expect(rules(answer(404, { error: { code: 'E_GONE' } }))).toEqual(['vendor-error-rule: error code E_GONE is not in the Errors table']);
  expect(rules(answer(404, { error: { code: 'E_BAD_REQUEST' } }))).toEqual([
    'vendor-error-rule: error code E_BAD_REQUEST is documented with HTTP 400, received 404',
  ]);
  expect(rules(answer(404, { detail: 'nope' }))).toEqual(['vendor-error-rule: HTTP 404 has no error envelope']);
  expect(rules(answer(200, { error: { code: 'E_CALENDAR_LOCKED' } }), { validRequest: true, expected: { succeeded: true } })).toEqual([
    'hidden-failure: HTTP 200 carries E_CALENDAR_LOCKED: the valid request did not succeed',
  ]);
}
