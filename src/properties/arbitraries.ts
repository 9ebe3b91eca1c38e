/** Arbitraries shared by several property families. */
import fc from 'fast-check';

/** Any HTTP status code. */
export const HttpStatusArb = fc.integer({ min: 100, max: 599 });

/** Any number a caller might pass as a status: real statuses, other integers, fractions, NaN, infinities. */
export const AnyStatusArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: HttpStatusArb },
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 200.5),
);

/** Every kind of JavaScript value fast-check can build, exotic ones included (null prototypes, boxed values, typed arrays, BigInt…). */
export const AnyValueArb: fc.Arbitrary<unknown> = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  stringUnit: 'grapheme',
});

/** Anything a response body might be: parsed JSON, JSON text, arbitrary text or bytes, nothing, or any value at all. */
export const AnyBodyArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', ' ', 'null', '[]', '{}', '<html>502 Bad Gateway</html>', '{"error_code":', undefined, null),
  fc.uint8Array(),
  AnyValueArb,
);

/** Text made of whole Unicode graphemes (no lone surrogates), any length including empty. */
export const UnicodeTextArb = fc.string({ unit: 'grapheme', maxLength: 64 });

/** Non-empty Unicode text, for secrets. */
export const SecretArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 48 });
