/** Lupl error laws (Lupl Open API, "Endpoints" 400/403 shapes, "Throttling (Rate Limiting)"). */
import { expect, test } from '../../../fixtures/index.ts';
import fc from 'fast-check';
import { classifierIsTotal, fieldErrorsAreReturned, malformedBodyIsViolation, statusesMapTo } from '../../../src/properties/errors.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import { classifyLupl } from '../../../src/vendors/lupl/errors.ts';

const PURE = { kind: 'pure' } as const;

/** 403 bodies that are not a JSON object. */
const Non403ObjectArb = fc.oneof(
  fc.constantFrom(undefined, '', 'Forbidden', '[]', 'null', '"{}"'),
  fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
);

test.describe('Lupl errors @errors', () => {
  test('classification is total: any status and any body give an outcome, never an exception', async () => {
    await checkProperty(classifierIsTotal(classifyLupl), PURE);
  });

  test('a 400 with {errors: {param: [messages]}} (and any further properties) is a client error that returns exactly those messages', async () => {
    await checkProperty(fieldErrorsAreReturned(classifyLupl, 400, 'client-error'), PURE);
  });

  test('a 400 whose body is not {errors: {param: [messages]}} is a contract violation', async () => {
    await checkProperty(malformedBodyIsViolation(classifyLupl, 400), PURE);
  });

  test('a 403 with a JSON object (typically {}) conforms; any other 403 body is a contract violation', async () => {
    expect(classifyLupl(403, {})).toEqual({ kind: 'client-error', status: 403 });
    expect(classifyLupl(403, '{}').contractViolation).toBeUndefined();
    await checkProperty(malformedBodyIsViolation(classifyLupl, 403, Non403ObjectArb), PURE);
  });

  test('a throttled request (1000 calls per minute) is retried later, a 401 re-authenticates', async () => {
    await checkProperty(
      statusesMapTo(classifyLupl, { 429: 'retry-later', 401: 'reauthenticate', 500: 'server-error', 200: 'success' }),
      PURE,
    );
  });
});
