/**
 * Laws of Sikka's error-code table, each a function of the classifier under test. The expected outcome of every
 * code is written out here, apart from the classifier's rules, so the two can disagree.
 */
import fc from 'fast-check';
import { HttpStatusArb } from '../../properties/arbitraries.ts';
import { isFailureKind, type OutcomeKind } from '../common/outcome.ts';
import type { Classifier } from '../common/outcome.ts';
import type { SikkaErrorRow } from './errors.ts';

/**
 * The outcome each Sikka code must map to (Sikka APIs (Postman documentation), "Error Codes", with the decisions
 * documented in src/vendors/sikka/errors.ts). Written independently of the classifier.
 */
export const SIKKA_EXPECTED_OUTCOMES: Readonly<Record<string, OutcomeKind>> = {
  API0003: 'success',
  API0004: 'success',
  API0005: 'hidden-failure',
  API0006: 'success',
  API0008: 'hidden-failure',
  API1001: 'client-error',
  API1002: 'client-error',
  API1003: 'client-error',
  API1004: 'client-error',
  API1005: 'client-error',
  API1006: 'client-error',
  API1007: 'success',
  API1020: 'client-error',
  API1025: 'renew-request-key',
  API1026: 'client-error',
  API1027: 'client-error',
  API2001: 'server-error',
  API2002: 'retry-later',
  API2003: 'reauthenticate',
  API2004: 'reauthenticate',
  API2005: 'success-no-content',
  API2006: 'server-error',
  API2007: 'reauthenticate',
  API2009: 'client-error',
  API4001: 'hidden-failure',
  API4002: 'hidden-failure',
  API4003: 'hidden-failure',
  API4004: 'hidden-failure',
  API4005: 'hidden-failure',
  API4007: 'hidden-failure',
  API2010: 'server-error',
  API2011: 'quota-exhausted',
  API2012: 'quota-exhausted',
  API2013: 'client-error',
  API2015: 'client-error',
  API2016: 'success',
  API2018: 'client-error',
  API2019: 'client-error',
  API2014: 'client-error',
  API2017: 'client-error',
};

/** A Sikka status body for a row, presented in one of the ways the API presents it. */
export interface SikkaPresentation {
  readonly row: SikkaErrorRow;
  readonly body: unknown;
}

/** Builds the status body of a row: `http_code` as text or number, bare or in an array, as an object or JSON text. */
export function sikkaRowBodyArb(
  table: readonly SikkaErrorRow[],
  httpCode?: (row: SikkaErrorRow) => number,
): fc.Arbitrary<SikkaPresentation> {
  return fc
    .record({
      row: fc.constantFrom(...table),
      httpCodeAsText: fc.boolean(),
      inArray: fc.boolean(),
      asText: fc.boolean(),
      extra: fc.dictionary(fc.constantFrom('execution_time', 'more_information', 'note'), fc.string()),
    })
    .map(({ row, httpCodeAsText, inArray, asText, extra }) => {
      const code = httpCode ? httpCode(row) : row.status;
      const object = {
        ...extra,
        http_code: httpCodeAsText ? String(code) : code,
        http_code_desc: row.description,
        error_code: row.code,
        short_message: row.shortMessage,
        long_message: row.longMessage,
        more_information: row.moreInfo,
      };
      const value = inArray ? [object] : object;
      return { row, body: asText ? JSON.stringify(value) : value };
    });
}

/** Law: every table row, sent with its documented status, maps to its expected outcome, carries its code and is no contract violation. */
export function tableRowsMapToDocumentedOutcome(
  classify: Classifier,
  table: readonly SikkaErrorRow[],
  expected: Readonly<Record<string, OutcomeKind>>,
) {
  return fc.property(sikkaRowBodyArb(table), ({ row, body }) => {
    const outcome = classify(row.status, body);
    return outcome.kind === expected[row.code] && outcome.code === row.code && outcome.contractViolation === undefined;
  });
}

/**
 * Law: a body whose error_code is documented with another status than the one received is a
 * contract violation naming the code; under a 2xx, a failure code is a hidden failure.
 */
export function disagreeingCodeIsViolation(
  classify: Classifier,
  table: readonly SikkaErrorRow[],
  expected: Readonly<Record<string, OutcomeKind>>,
) {
  return fc.property(sikkaRowBodyArb(table), HttpStatusArb, ({ row, body }, status) => {
    fc.pre(status !== row.status);
    // The body's own http_code agrees with the row, so only the HTTP status disagrees.
    const outcome = classify(status, body);
    const named = outcome.contractViolation?.problems.some((p) => p.includes(row.code)) ?? false;
    const hidden = status >= 200 && status <= 299 && isFailureKind(expected[row.code]) ? outcome.kind === 'hidden-failure' : true;
    return named && hidden;
  });
}

/** Law: a body whose http_code disagrees with the HTTP status is a contract violation. */
export function disagreeingHttpCodeIsViolation(classify: Classifier, table: readonly SikkaErrorRow[]) {
  return fc.property(
    sikkaRowBodyArb(table, (row) => (row.status === 500 ? 400 : 500)),
    ({ row, body }) => {
      return classify(row.status, body).contractViolation !== undefined;
    },
  );
}
