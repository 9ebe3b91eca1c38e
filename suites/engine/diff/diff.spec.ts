import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { loadContract } from '../../../src/contract/load.ts';
import { diffContracts, hasUnacknowledgedBreaking, RULES, type ContractDiff } from '../../../src/diff/index.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { breaking, byRule, diffFixture, diffTexts, diffWith } from './support.ts';

// after-breaking.yaml holds one edit per breaking kind, each marked with the rule it must trigger;
// the diff is computed once per worker and each test looks at its own kind.
let afterBreaking: Promise<ContractDiff> | undefined;
const breakingDiff = (): Promise<ContractDiff> => (afterBreaking ??= diffWith('after-breaking.yaml'));

const finding = (rule: string, location: string, more: Record<string, unknown> = {}) =>
  expect.objectContaining({ rule, location, kind: 'breaking', ...more });

test.describe('breaking kinds are flagged with their rule', () => {
  test('a removed operation is operation-removed (classified by openapi-diff)', async () => {
    const diff = await breakingDiff();
    expect(diff.findings).toContainEqual(
      finding('operation-removed', 'DELETE /patients/{patient_id}', { source: 'openapi-diff', before: 'deletePatient' }),
    );
  });

  test('a removed response status is response-removed (classified by openapi-diff)', async () => {
    const diff = await breakingDiff();
    expect(diff.findings).toContainEqual(finding('response-removed', 'GET /patients/{patient_id} 404', { source: 'openapi-diff' }));
  });

  test('a removed or renamed response field is response-field-removed, located at the shared schema with its uses', async () => {
    const diff = await breakingDiff();
    const [phone] = byRule(diff, 'response-field-removed');
    expect(phone).toMatchObject({ location: 'schema Patient.phone', kind: 'breaking', source: 'diff-layer' });
    expect(phone.message).toContain('`phone_number` with the same schema was added (a rename?)');
    expect(phone.usedBy).toEqual(
      expect.arrayContaining(['GET /patients/{patient_id} 200 application/json body', 'schema PatientPage.items[]']),
    );
  });

  test('a narrowed request type is request-type-narrowed: [string, integer] → string and number → integer', async () => {
    const diff = await breakingDiff();
    expect(diff.findings).toContainEqual(
      finding('request-type-narrowed', 'GET /patients/{patient_id} path patient_id', { before: ['string', 'integer'], after: 'string' }),
    );
    expect(diff.findings).toContainEqual(
      finding('request-type-narrowed', 'schema NewPatient.weight', { before: 'number', after: 'integer' }),
    );
  });

  test('in a response the direction flips: a widened type is response-type-widened', async () => {
    const diff = await breakingDiff();
    expect(diff.findings).toContainEqual(
      finding('response-type-widened', 'schema Patient.balance', { before: 'number', after: ['number', 'string'] }),
    );
  });

  test('a value removed from a request enum is request-enum-narrowed', async () => {
    const diff = await breakingDiff();
    expect(diff.findings).toContainEqual(finding('request-enum-narrowed', 'GET /patients query status', { after: ['active', 'inactive'] }));
  });

  test('a value added to a response enum is response-enum-widened; one removed from it is not breaking', async () => {
    expect((await breakingDiff()).findings).toContainEqual(finding('response-enum-widened', 'schema Patient.status'));
    const relaxed = await diffWith('after-non-breaking.yaml');
    expect(relaxed.findings).toContainEqual(
      expect.objectContaining({ rule: 'response-enum-narrowed', location: 'schema Patient.status', kind: 'non-breaking' }),
    );
  });

  test('a new required request parameter, or an optional one made required, is breaking', async () => {
    const diff = await breakingDiff();
    expect(diff.findings).toContainEqual(finding('request-parameter-added-required', 'GET /patients query practice_id'));
    expect(diff.findings).toContainEqual(
      finding('request-parameter-made-required', 'GET /patients query limit', { before: 'optional', after: 'required' }),
    );
  });

  test('a new required request-body field, or an optional one made required, is breaking', async () => {
    const diff = await breakingDiff();
    expect(diff.findings).toContainEqual(
      finding('request-field-added-required', 'schema NewPatient.birth_date', { usedBy: ['POST /patients request application/json body'] }),
    );
    expect(diff.findings).toContainEqual(finding('request-field-made-required', 'schema NewPatient.phone'));
  });

  test('a changed security scheme is security-scheme-changed', async () => {
    const diff = await breakingDiff();
    expect(diff.findings).toContainEqual(
      finding('security-scheme-changed', '#/components/securitySchemes/apiKey/name', { before: 'X-Api-Key', after: 'X-Api-Token' }),
    );
  });

  test('a changed operation security requirement is operation-security-changed', async () => {
    const diff = await breakingDiff();
    expect(diff.findings).toContainEqual(
      finding('operation-security-changed', 'POST /patients security', { before: ['apiKey'], after: ['bearer'] }),
    );
  });

  test('any change to x-vendor-rules is vendor-rule-changed: page size, default, style, token lifetime, signature, rate limit, redelivery', async () => {
    const diff = await breakingDiff();
    const changed = Object.fromEntries(byRule(diff, 'vendor-rule-changed').map((f) => [f.location, [f.before, f.after]]));
    expect(changed).toEqual({
      '#/x-vendor-rules/pagination/limit/maximum': [100, 50],
      '#/x-vendor-rules/pagination/limit/default': [20, 10],
      '#/x-vendor-rules/pagination/style': ['page-offset', 'item-offset'],
      '#/x-vendor-rules/tokens/0/lifetime': ['1 hour', '30 minutes'],
      '#/x-vendor-rules/tokens/0/lifetimeSeconds': [3600, 1800],
      '#/x-vendor-rules/signatures/0/scheme': ['hmac-sha256-hex-challenge', 'hubspot-v3'],
      '#/x-vendor-rules/signatures/0/header': ['X-Signature', 'X-HubSpot-Signature-v3'],
      '#/x-vendor-rules/rateLimit/0/limit': [100, 60],
      '#/x-vendor-rules/webhookDelivery/retryAfterSeconds': [[60, 600], [60]],
    });
  });

  test('a deleted contract is contract-removed (breaking); a new one is contract-added (not breaking)', async () => {
    const contract = await loadContract(join(ROOT, 'suites', 'engine', 'fixtures', 'diff', 'before.yaml'));
    const removed = await diffContracts(contract, undefined);
    expect(removed.findings).toEqual([expect.objectContaining({ rule: 'contract-removed', kind: 'breaking' })]);
    const added = await diffContracts(undefined, contract);
    expect(added.findings).toEqual([expect.objectContaining({ rule: 'contract-added', kind: 'non-breaking' })]);
  });

  test('every finding of the breaking fixture uses a registered rule, and the gate fails on it', async () => {
    const diff = await breakingDiff();
    const known = new Set(RULES.map((r) => r.id));
    expect(diff.findings.filter((f) => !known.has(f.rule))).toEqual([]);
    expect(hasUnacknowledgedBreaking([diff])).toBe(true);
  });
});

test.describe('non-breaking edits', () => {
  test('added operation, optional parameter, response field, description and example edits pass, listed as non-breaking', async () => {
    const diff = await diffWith('after-non-breaking.yaml');
    expect(breaking(diff)).toEqual([]);
    expect(hasUnacknowledgedBreaking([diff])).toBe(false);
    const rules = new Set(diff.findings.map((f) => f.rule));
    for (const rule of [
      'operation-added',
      'request-parameter-added-optional',
      'response-field-added-optional',
      'request-field-added-optional',
      'description-changed',
      'example-changed',
      'version-changed',
      'vendor-rule-description-changed',
    ]) {
      expect(rules, rule).toContain(rule);
    }
  });

  test('contracts/sikka.yaml compared with itself has no findings', async () => {
    const sikka = await loadContract(join(ROOT, 'contracts', 'sikka.yaml'));
    expect((await diffContracts(sikka, sikka)).findings).toEqual([]);
  });
});

test.describe('x-breaking-change-ack', () => {
  test('an acknowledgement with a reason turns the breaking change into an acknowledged one', async () => {
    const diff = await diffWith('after-acknowledged.yaml');
    expect(diff.findings).toEqual([
      expect.objectContaining({
        rule: 'response-field-removed',
        location: 'schema Patient.phone',
        kind: 'breaking',
        acknowledged: { ack: '#/x-breaking-change-ack/0', reason: expect.stringContaining('ticket DIFF-12') },
      }),
    ]);
    expect(hasUnacknowledgedBreaking([diff])).toBe(false);
  });

  test('an acknowledgement without a reason is refused (ack-invalid) and the change stays breaking', async () => {
    const diff = await diffWith('after-ack-without-reason.yaml');
    expect(breaking(diff).map((f) => [f.rule, f.location])).toEqual([
      ['ack-invalid', '#/x-breaking-change-ack/0'],
      ['response-field-removed', 'schema Patient.phone'],
    ]);
    expect(byRule(diff, 'ack-invalid')[0].message).toContain('needs a non-empty `reason`');
    expect(hasUnacknowledgedBreaking([diff])).toBe(true);
  });

  test('a blanket acknowledgement, and one naming an unknown or non-breaking rule, are refused', async () => {
    const acked = diffFixture('after-acknowledged.yaml');
    const blanket = acked.replace('rule: response-field-removed\n    location: schema Patient.phone', "rule: '*'\n    location: '*'");
    const unknown = acked.replace('rule: response-field-removed', 'rule: response-field-deleted');
    const harmless = acked.replace('rule: response-field-removed', 'rule: response-field-added-optional');
    for (const [text, message] of [
      [blanket, 'would acknowledge every change'],
      [unknown, 'unknown rule "response-field-deleted"'],
      [harmless, 'is not breaking'],
    ] as const) {
      const diff = await diffTexts(diffFixture('before.yaml'), text);
      expect(byRule(diff, 'ack-invalid').map((f) => f.message)).toEqual([expect.stringContaining(message)]);
      expect(byRule(diff, 'response-field-removed')[0].acknowledged).toBeUndefined();
    }
  });

  test('an acknowledgement already in the earlier version does not cover a new change at a place it matches', async () => {
    // The same ack, with a pattern, before and after: it acknowledged the removal of phone, not of balance.
    const withPattern = diffFixture('after-acknowledged.yaml').replace('location: schema Patient.phone', "location: 'schema Patient.*'");
    const later = withPattern.replace('        balance: { type: number }\n', '');
    const diff = await diffTexts(withPattern, later);
    const [balance] = breaking(diff);
    expect(balance).toMatchObject({ rule: 'response-field-removed', location: 'schema Patient.balance' });
    expect(balance.message).toContain('was already in the earlier version');
  });

  test('a new acknowledgement that matches nothing is reported as ack-unused', async () => {
    const typo = diffFixture('after-acknowledged.yaml').replace('location: schema Patient.phone', 'location: schema Patient.phon');
    const diff = await diffTexts(diffFixture('before.yaml'), typo);
    expect(byRule(diff, 'ack-unused')).toEqual([expect.objectContaining({ location: '#/x-breaking-change-ack/0', kind: 'non-breaking' })]);
    expect(breaking(diff).map((f) => f.rule)).toEqual(['response-field-removed']);
  });
});
