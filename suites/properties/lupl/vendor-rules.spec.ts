/** contracts/lupl.yaml and the Lupl error classifier agree (x-vendor-rules and documented examples). */
import { expect, test } from '../../../fixtures/index.ts';
import { vendorContract, documentedExamples, vendorRule } from '../../../src/properties/vendor-contract.ts';
import { classifyLupl } from '../../../src/vendors/lupl/errors.ts';

const contract = await vendorContract('lupl');

test.describe('Lupl contract agrees with the reference implementation @vendor-rules', () => {
  test('errors rule: field errors under 400 and an empty object under 403', () => {
    expect(vendorRule(contract, 'errors', 'statuses')).toEqual({ '400': 'field-errors', '403': 'empty-object' });
    expect(classifyLupl(400, { errors: { pmsId: ['not valid'] } }).contractViolation).toBeUndefined();
    expect(classifyLupl(403, {}).contractViolation).toBeUndefined();
  });

  test('every documented response example classifies without a contract violation', () => {
    const examples = documentedExamples(contract);
    expect(examples.some((e) => e.status === 400)).toBe(true);
    const violations = examples.flatMap((e) => {
      const problems = classifyLupl(e.status, e.value).contractViolation?.problems;
      return problems ? [`${e.operation} ${e.status} ${e.name}: ${problems.join('; ')}`] : [];
    });
    expect(violations).toEqual([]);
  });
});
