/** journy.io error laws (journy.io API docs, "Errors", "Permissions", "Rate limiting"). */
import { expect, test } from '../../../fixtures/index.ts';
import fc from 'fast-check';
import {
  classifierIsTotal,
  journyValidationErrorsAreReturned,
  malformedBodyIsViolation,
  statusesMapTo,
} from '../../../src/properties/errors.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import { classifyJourny } from '../../../src/vendors/journy/errors.ts';

const PURE = { kind: 'pure' } as const;

/** 400 bodies without an `errors` object. */
const NoErrorsEnvelopeArb = fc.oneof(
  fc.constantFrom(undefined, '', 'Bad Request', '[]', '{}', '{"message":"bad"}'),
  fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
  fc.record({ errors: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string())), message: fc.string() }),
);

test.describe('journy.io errors @errors', () => {
  test('classification is total: any status and any body give an outcome, never an exception', async () => {
    await checkProperty(classifierIsTotal(classifyJourny), PURE);
  });

  test('a 400 with an errors object is a client error that returns every field and parameter message', async () => {
    await checkProperty(journyValidationErrorsAreReturned(classifyJourny), PURE);
  });

  test('a 400 without an errors object is a contract violation', async () => {
    await checkProperty(malformedBodyIsViolation(classifyJourny, 400, NoErrorsEnvelopeArb), PURE);
  });

  test('a 401 is a missing permission (a client error, not a re-authentication); a 429 is retried later', async () => {
    await checkProperty(
      statusesMapTo(classifyJourny, { 401: 'client-error', 429: 'retry-later', 403: 'client-error', 500: 'server-error' }),
      PURE,
    );
    expect(classifyJourny(401, { message: 'Missing permission', meta: { status: 401, requestId: 'r' } })).toEqual({
      kind: 'client-error',
      status: 401,
      message: 'Missing permission',
    });
  });
});
