/**
 * Laws of the vendors' error responses, each a function of the classifier under test. Laws of one vendor's error
 * table (Sikka's) live in that vendor's folder.
 */
import fc from 'fast-check';
import { OUTCOME_KINDS, type Outcome, type OutcomeKind } from '../vendors/common/outcome.ts';
import { AnyBodyArb, AnyStatusArb } from './arbitraries.ts';

/** Any vendor classifier. */
export type { Classifier } from '../vendors/common/outcome.ts';
import type { Classifier } from '../vendors/common/outcome.ts';

/** Law: the classifier is total. For any status and any body it returns, never throws, with a known kind and the status it was given. */
export function classifierIsTotal(classify: Classifier) {
  return fc.property(AnyStatusArb, AnyBodyArb, (status, body) => {
    const outcome = classify(status, body);
    return OUTCOME_KINDS.includes(outcome.kind) && Object.is(outcome.status, status);
  });
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
