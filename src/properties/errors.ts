/**
 * Laws of the vendors' error responses, each a function of the classifier under test.
 * The expected outcome of every Sikka code is written out here, apart from the
 * implementation's rules, so the two can disagree.
 */
import fc from 'fast-check';
import { OUTCOME_KINDS, isFailureKind, type Outcome, type OutcomeKind } from '../vendors/common/outcome.ts';
import type { SikkaErrorRow } from '../vendors/sikka/errors.ts';
import { AnyBodyArb, AnyStatusArb, HttpStatusArb } from './arbitraries.ts';

/** Any vendor classifier. */
export type { Classifier } from '../vendors/descriptor.ts';
import type { Classifier } from '../vendors/descriptor.ts';

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

/** Law: the classifier is total. For any status and any body it returns, never throws, with a known kind and the status it was given. */
export function classifierIsTotal(classify: Classifier) {
  return fc.property(AnyStatusArb, AnyBodyArb, (status, body) => {
    const outcome = classify(status, body);
    return OUTCOME_KINDS.includes(outcome.kind) && Object.is(outcome.status, status);
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

/** A `{ field: [messages] }` map as the field-error vendors document it. */
export const FieldMessagesArb: fc.Arbitrary<Record<string, string[]>> = fc.dictionary(
  fc.oneof(fc.constantFrom('email', 'pmsId', 'organizationId', 'last_name', '__proto__', 'constructor'), fc.string({ minLength: 1 })),
  fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 3 }),
  { maxKeys: 5 },
);

/** Law: a documented field-error body at `status` classifies as `kind`, returns exactly its field messages and is no contract violation. */
export function fieldErrorsAreReturned(classify: Classifier, status: number, kind: OutcomeKind) {
  return fc.property(
    FieldMessagesArb,
    fc.boolean(),
    fc.dictionary(fc.constantFrom('meta', 'message', 'traceId'), fc.jsonValue({ maxDepth: 2 })),
    (errors, asText, extra) => {
      const value = { ...extra, errors };
      const outcome = classify(status, asText ? JSON.stringify(value) : value);
      return (
        outcome.kind === kind && outcome.contractViolation === undefined && sameFieldErrors(outcome.fieldErrors, Object.entries(errors))
      );
    },
  );
}

/** Compares field errors by their sorted entries (prototypes and key order aside: fast-check may build null-prototype dictionaries). */
function sameFieldErrors(actual: Outcome['fieldErrors'], expected: readonly (readonly [string, readonly string[]])[]): boolean {
  const sorted = (entries: readonly (readonly [string, readonly string[]])[]) =>
    JSON.stringify([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return actual !== undefined && sorted(Object.entries(actual)) === sorted(expected);
}

/** A journy.io 400 body as its published OpenAPI shapes it: one message per field or parameter. */
export const JournyValidationBodyArb = fc.record(
  {
    // Field names never look like the `query.`/`header.` names parameters are reported under.
    fields: fc.dictionary(
      fc.string({ minLength: 1 }).filter((k) => !/^(query|header|path)\./.test(k)),
      fc.string(),
    ),
    query: fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
    header: fc.dictionary(fc.constantFrom('x-api-key', 'content-type'), fc.string()),
    message: fc.string(),
  },
  { requiredKeys: ['message'] },
);

/** Law: a journy.io 400 with an `errors` object is a client error, no contract violation, and returns every field and parameter message. */
export function journyValidationErrorsAreReturned(classify: Classifier) {
  return fc.property(JournyValidationBodyArb, ({ fields, query, header, message }) => {
    const parameters = { ...(query && { query }), ...(header && { header }) };
    const body = {
      errors: { ...(fields && { fields }), ...((query || header) && { parameters }) },
      message,
      meta: { status: 400, requestId: 'r' },
    };
    const outcome = classify(400, body);
    const expected = [
      ...Object.entries(fields ?? {}).map(([k, v]) => [k, [v]] as const),
      ...Object.entries(query ?? {}).map(([k, v]) => [`query.${k}`, [v]] as const),
      ...Object.entries(header ?? {}).map(([k, v]) => [`header.${k}`, [v]] as const),
    ];
    return (
      outcome.kind === 'client-error' &&
      outcome.contractViolation === undefined &&
      outcome.message === message &&
      sameFieldErrors(outcome.fieldErrors, expected)
    );
  });
}

/** Bodies that are not `{ errors: { field: [strings] } }`. */
export const MalformedFieldErrorBodyArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, '', 'Unprocessable Entity', '[]', 'null', '{}', '{"error":"x"}'),
  fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
  fc.record({ errors: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string())) }),
  fc.record({
    errors: fc.dictionary(fc.string({ minLength: 1 }), fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer(), { minLength: 1 })), {
      minKeys: 1,
    }),
  }),
);

/** Law: at `status`, a body that is not the documented shape is a contract violation (and the classifier still answers). */
export function malformedBodyIsViolation(
  classify: Classifier,
  status: number,
  malformed: fc.Arbitrary<unknown> = MalformedFieldErrorBodyArb,
) {
  return fc.property(malformed, (body) => classify(status, body).contractViolation !== undefined);
}

/** Law: each listed status maps to its kind whatever the body says (for vendors whose bodies do not refine the status). */
export function statusesMapTo(classify: Classifier, kinds: Readonly<Record<number, OutcomeKind>>) {
  const statuses = Object.keys(kinds).map(Number);
  return fc.property(
    fc.constantFrom(...statuses),
    fc.oneof(fc.jsonValue(), fc.string()),
    (status, body) => classify(status, body).kind === kinds[status],
  );
}
