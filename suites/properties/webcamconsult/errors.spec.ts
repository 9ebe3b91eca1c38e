/** Webcamconsult error laws (Webcamconsult API (API Blueprint documentation), the "Response 422" examples). */
import { expect, test } from '../../../fixtures/index.ts';
import { classifierIsTotal, fieldErrorsAreReturned, malformedBodyIsViolation } from '../../../src/properties/errors.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import { classifyWebcamconsult } from '../../../src/vendors/webcamconsult/errors.ts';

const PURE = { kind: 'pure' } as const;

test.describe('Webcamconsult errors @errors', () => {
  test('classification is total: any status and any body give an outcome, never an exception', async () => {
    await checkProperty(classifierIsTotal(classifyWebcamconsult), PURE);
  });

  test('a 422 {errors: {field: [messages]}} is a client error that returns exactly those messages', async () => {
    await checkProperty(fieldErrorsAreReturned(classifyWebcamconsult, 422, 'client-error'), PURE);
  });

  test('a 422 whose body is not {errors: {field: [messages]}} is a contract violation', async () => {
    await checkProperty(malformedBodyIsViolation(classifyWebcamconsult, 422), PURE);
  });

  test('both documented 422 examples conform: one with a field, one with an empty errors object', () => {
    expect(classifyWebcamconsult(422, { errors: { email: ['is already taken'] } })).toEqual({
      kind: 'client-error',
      status: 422,
      fieldErrors: { email: ['is already taken'] },
    });
    expect(classifyWebcamconsult(422, '{"errors": {}}').contractViolation).toBeUndefined();
  });
});
