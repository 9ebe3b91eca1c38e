/** contracts/journy.yaml and the journy.io error classifier agree (x-vendor-rules and documented examples). */
import { expect, test } from '../../../fixtures/index.ts';
import { contractFor, documentedExamples, vendorRule } from '../../../src/properties/vendor-rules.ts';
import { classifyJourny } from '../../../src/vendors/journy/errors.ts';

const contract = await contractFor('journy');

test.describe('journy.io contract agrees with the reference implementation @vendor-rules', () => {
  test.skip(!contract, 'contracts/journy.yaml is absent');

  test('errors rule: an errors envelope, and a 401 is a missing permission (a client error)', () => {
    expect(vendorRule(contract, 'errors', 'style')).toBe('errors-envelope');
    expect(vendorRule(contract, 'errors', 'statuses', '401')).toBe('missing-permission');
    expect(classifyJourny(401, {}).kind).toBe('client-error');
  });

  test('every documented response example classifies without a contract violation', () => {
    const violations = documentedExamples(contract!).flatMap((e) => {
      const problems = classifyJourny(e.status, e.value).contractViolation?.problems;
      return problems ? [`${e.operation} ${e.status} ${e.name}: ${problems.join('; ')}`] : [];
    });
    expect(violations).toEqual([]);
  });
});
