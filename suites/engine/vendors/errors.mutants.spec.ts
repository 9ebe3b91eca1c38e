/** Mutation tests: the error laws catch misclassified codes, partial classifiers and missed violations. */
import { expect, test } from '@playwright/test';
import { classifierIsTotal, fieldErrorsAreReturned, malformedBodyIsViolation, type Classifier } from '../../../src/properties/errors.ts';
import {
  SIKKA_EXPECTED_OUTCOMES,
  disagreeingCodeIsViolation,
  tableRowsMapToDocumentedOutcome,
} from '../../../src/vendors/sikka/error-laws.ts';
import type { Outcome } from '../../../src/vendors/common/outcome.ts';
import { SIKKA_ERROR_TABLE, classifySikka } from '../../../src/vendors/sikka/errors.ts';
import { classifyWebcamconsult } from '../../../src/vendors/webcamconsult/errors.ts';
import { expectCaught } from './support.ts';

/** Treats an expired request_key (API1025) like bad credentials. */
const api1025AsReauthenticate: Classifier = (status, body) => {
  const outcome = classifySikka(status, body);
  return outcome.code === 'API1025' ? { ...outcome, kind: 'reauthenticate' } : outcome;
};

/** Trusts the status alone: a 200 is a success, so decryption errors under 200 slip through. */
const statusOnly: Classifier = (status, body) => {
  const outcome = classifySikka(status, body);
  return outcome.kind === 'hidden-failure' && status === 200 ? { ...outcome, kind: 'success' } : outcome;
};

/** Reads `body.error_code` without guarding: throws on null and undefined bodies. */
const unguarded: Classifier = (status, body) => {
  const code = (body as { error_code?: unknown }).error_code;
  return { kind: status < 400 ? 'success' : 'client-error', status, ...(typeof code === 'string' && { code }) };
};

/** Never reports a contract violation. */
const noViolations: Classifier = (status, body) => {
  const { contractViolation: _dropped, ...outcome }: Outcome = classifySikka(status, body);
  return outcome;
};

/** Accepts any `errors` value under 422, messages or not. */
const lenientWebcamconsult: Classifier = (status, body) => {
  const outcome = classifyWebcamconsult(status, body);
  const hasErrorsKey = typeof body === 'object' && body !== null && 'errors' in body;
  return hasErrorsKey ? { kind: outcome.kind, status } : outcome;
};

test.describe('error laws catch planted bugs', () => {
  test('API1025 treated as reauthenticate is caught, the counterexample being an API1025 row', async () => {
    const [{ row }] = await expectCaught(
      tableRowsMapToDocumentedOutcome(api1025AsReauthenticate, SIKKA_ERROR_TABLE, SIKKA_EXPECTED_OUTCOMES),
    );
    expect(row.code).toBe('API1025');
  });

  test('a status-only classifier misses hidden failures under 200', async () => {
    const [{ row }] = await expectCaught(tableRowsMapToDocumentedOutcome(statusOnly, SIKKA_ERROR_TABLE, SIKKA_EXPECTED_OUTCOMES));
    expect(SIKKA_EXPECTED_OUTCOMES[row.code]).toBe('hidden-failure');
  });

  test('a classifier that throws on some bodies breaks totality', async () => {
    await expectCaught(classifierIsTotal(unguarded));
  });

  test('a classifier that never reports violations misses a code/status disagreement', async () => {
    await expectCaught(disagreeingCodeIsViolation(noViolations, SIKKA_ERROR_TABLE, SIKKA_EXPECTED_OUTCOMES));
  });

  test('a field-error reader that drops the messages is caught', async () => {
    await expectCaught(fieldErrorsAreReturned(lenientWebcamconsult, 422, 'client-error'));
  });

  test('a lenient 422 reader that accepts any errors value is caught', async () => {
    await expectCaught(malformedBodyIsViolation(lenientWebcamconsult, 422));
  });
});
