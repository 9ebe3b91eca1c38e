/**
 * Vendor tables held as module constants are read from their contract's `x-vendor-rules` (one copy, no drift): the
 * block read alone must be what the whole document says, and a malformed table stops the import by name.
 */
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { discoverContracts } from '../../src/contract/discover.ts';
import { readVendorRules } from '../../src/contract/rules-section.ts';
import { ROOT } from '../../src/targets/paths.ts';
import { classifySikka, SIKKA_ERROR_TABLE, sikkaErrorRows } from '../../src/vendors/sikka/errors.ts';

test('the x-vendor-rules block read alone equals the whole document parsed, for every contract', () => {
  const contracts = discoverContracts(join(ROOT, 'contracts'));
  expect(contracts.length).toBeGreaterThan(4);
  for (const { file } of contracts) {
    const whole = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(readVendorRules(file), file).toEqual(whole['x-vendor-rules'] ?? {});
  }
});

test('a block that leans on an anchor elsewhere, a block in the middle, and no block at all read as the whole document says', ({}, testInfo) => {
  const cases = {
    'alias.yaml': 'openapi: 3.1.0\ninfo: &shared { title: t }\nx-vendor-rules:\n  info: *shared\n',
    'middle.yaml': 'openapi: 3.1.0\nx-vendor-rules:\n  errors:\n    table: [{ code: A, status: 400 }]\n# a comment\npaths: {}\n',
    'none.yaml': 'openapi: 3.1.0\npaths: {}\n',
    'rules.json': JSON.stringify({ openapi: '3.1.0', 'x-vendor-rules': { rateLimit: [] } }),
  };
  for (const [name, text] of Object.entries(cases)) {
    const file = testInfo.outputPath(name);
    writeFileSync(file, text);
    const whole = (name.endsWith('.json') ? JSON.parse(text) : parse(text)) as Record<string, unknown>;
    expect(readVendorRules(file), name).toEqual(whole['x-vendor-rules'] ?? {});
  }
});

test("Sikka's error table is the contract's, and a malformed row is a one-line VENDOR_RULES error", () => {
  expect(SIKKA_ERROR_TABLE.map((r) => r.code)).toContain('API1004');
  expect(() => sikkaErrorRows({})).toThrow(/^VENDOR_RULES: contracts\/sikka.yaml: x-vendor-rules.errors.table must list/);
  expect(() => sikkaErrorRows({ errors: { table: [{ code: 'API1', status: '400' }] } })).toThrow(
    /^VENDOR_RULES: contracts\/sikka.yaml: x-vendor-rules.errors.table\[0\] needs a string code and an integer status$/,
  );
  expect(() => sikkaErrorRows({ errors: { table: [{ code: 'API1', status: 400, shortMessage: 3 }] } })).toThrow(
    /table\[0\] \(API1\): shortMessage must be text$/,
  );
  expect(sikkaErrorRows({ errors: { table: [{ code: 'API1', status: 400, 'x-provenance': 'inferred' }] } })).toEqual([
    { code: 'API1', status: 400, description: '', shortMessage: '', longMessage: '', moreInfo: '' },
  ]);
});

test('a Sikka XML status body is read by an XML parser: nested, with attributes or a declaration, and never from a broken or hostile text', () => {
  const nested =
    '<?xml version="1.0"?><response><status code="x"><http_code>400</http_code><error_code> API1004 </error_code></status></response>';
  expect(classifySikka(400, nested)).toMatchObject({ kind: 'client-error' });
  expect(classifySikka(400, nested).contractViolation).toBeUndefined();
  // A code under a 200 in XML is still the failure it names.
  expect(classifySikka(200, '<status><http_code>200</http_code><error_code>API4005</error_code></status>').kind).toBe('hidden-failure');
  // Entities are not expanded: a billion-laughs DOCTYPE is text, read in linear time, and carries no code.
  const laughs = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "${'x'.repeat(100)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><status><error_code>&b;</error_code></status>`;
  expect(classifySikka(400, laughs).contractViolation?.problems).toEqual(['error_code &b; is not in the Error Codes table']);
  expect(classifySikka(502, '<html>Bad Gateway').contractViolation?.problems).toEqual([
    'HTTP 502 response has no status body with an error_code',
  ]);
});
