/** contracts/webcamconsult.yaml and the Webcamconsult error classifier agree (x-vendor-rules and documented examples). */
import { expect, test } from '../../../fixtures/index.ts';
import { documented } from '../../../fixtures/documented.ts';
import { vendorContract, documentedExamples, vendorRule } from '../../../src/properties/vendor-contract.ts';
import { classifyWebcamconsult } from '../../../src/vendors/webcamconsult/errors.ts';

const contract = await vendorContract('webcamconsult');

test.describe('Webcamconsult contract agrees with the reference implementation @vendor-rules', () => {
  test('errors rule: field errors under 422, and each documented message is read back', () => {
    expect(vendorRule(contract, 'errors', 'statuses')).toEqual({ '422': 'field-errors' });
    const messages = vendorRule(contract, 'errors', 'documentedMessages') as { status: number; field: string; message: string }[];
    for (const { status, field, message } of documented(messages, "the errors rule's documentedMessages")) {
      expect(classifyWebcamconsult(status, { errors: { [field]: [message] } }).fieldErrors).toEqual({ [field]: [message] });
    }
  });

  test('every documented response example classifies without a contract violation', () => {
    const examples = documentedExamples(contract);
    expect(examples.some((e) => e.status === 422)).toBe(true);
    const violations = examples.flatMap((e) => {
      const problems = classifyWebcamconsult(e.status, e.value).contractViolation?.problems;
      return problems ? [`${e.operation} ${e.status} ${e.name}: ${problems.join('; ')}`] : [];
    });
    expect(violations).toEqual([]);
  });
});
