/** contracts/journy.yaml and the journy.io error classifier agree (x-vendor-rules and documented examples). */
import { expect, test } from '../../../fixtures/index.ts';
import { componentResponseExamples, documentedExamples, vendorContract, vendorRule } from '../../../src/properties/vendor-contract.ts';
import { classifyJourny } from '../../../src/vendors/journy/errors.ts';

const contract = await vendorContract('journy');

test.describe('journy.io contract agrees with the reference implementation @vendor-rules', () => {
  test('errors rule: an errors envelope, and a 401 is a missing permission (a client error)', () => {
    expect(vendorRule(contract, 'errors', 'style')).toBe('errors-envelope');
    expect(vendorRule(contract, 'errors', 'statuses', '401')).toBe('missing-permission');
    expect(classifyJourny(401, {}).kind).toBe('client-error');
  });

  test('every documented response example classifies without a contract violation', () => {
    // The document names no endpoint, so its answers live in components.responses with the status they stand for.
    const statusOf: Record<string, number> = { Unauthorized: 401, ValidationFailed: 400 };
    const examples = [
      ...documentedExamples(contract),
      ...componentResponseExamples(contract).map((e) => ({
        operation: `components.responses.${e.response}`,
        status: statusOf[e.response],
        name: e.name,
        value: e.value,
      })),
    ];
    expect(examples.map((e) => e.operation)).toEqual(
      expect.arrayContaining(['components.responses.Unauthorized', 'components.responses.ValidationFailed']),
    );
    expect(examples.every((e) => e.status !== undefined)).toBe(true);
    const violations = examples.flatMap((e) => {
      const problems = classifyJourny(e.status, e.value).contractViolation?.problems;
      return problems ? [`${e.operation} ${e.status} ${e.name}: ${problems.join('; ')}`] : [];
    });
    expect(violations).toEqual([]);
    // And the law can fail: an error body without the documented `errors` field is a violation.
    expect(classifyJourny(400, { message: 'bad' }).contractViolation).toBeDefined();
  });
});
