/** Integers and numbers within a schema's bounds (both dialects of exclusive bounds), `multipleOf` and int32/int64. */
import fc from 'fast-check';
import { UnsatisfiableSchema, type Schema } from './context.ts';

/** Bounds from `minimum`/`maximum` and both dialects of `exclusiveMinimum`/`exclusiveMaximum`. */
export function numericBounds(schema: Schema): { min?: number; max?: number; minExclusive: boolean; maxExclusive: boolean } {
  let min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  let max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  let minExclusive = schema.exclusiveMinimum === true;
  let maxExclusive = schema.exclusiveMaximum === true;
  if (typeof schema.exclusiveMinimum === 'number' && (min === undefined || schema.exclusiveMinimum >= min)) {
    min = schema.exclusiveMinimum;
    minExclusive = true;
  }
  if (typeof schema.exclusiveMaximum === 'number' && (max === undefined || schema.exclusiveMaximum <= max)) {
    max = schema.exclusiveMaximum;
    maxExclusive = true;
  }
  return { min, max, minExclusive, maxExclusive };
}

const INT32 = 2 ** 31;

export function numberArbitrary(schema: Schema, declaredInteger: boolean): fc.Arbitrary<number> {
  const bounds = numericBounds(schema);
  const format = schema.format;
  // `type: number, format: int32` is an integer to every validator that knows the format.
  const integer = declaredInteger || format === 'int32' || format === 'int64';
  const widest = 1e9;
  const multipleOf = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : undefined;
  if (integer || multipleOf !== undefined) {
    const step = multipleOf ?? 1;
    const unit = integer ? lcmWithOne(step) : step;
    let low = bounds.min ?? -widest;
    let high = bounds.max ?? widest;
    if (format === 'int32') {
      low = Math.max(low, -INT32);
      high = Math.min(high, INT32 - 1);
    }
    if (bounds.min === undefined && bounds.max !== undefined) low = Math.min(high - widest, high);
    if (bounds.max === undefined && bounds.min !== undefined) high = Math.max(low + widest, low);
    let first = Math.ceil(low / unit);
    let last = Math.floor(high / unit);
    if (bounds.minExclusive && first * unit <= low) first += 1;
    if (bounds.maxExclusive && last * unit >= high) last -= 1;
    first = Math.max(first, -Number.MAX_SAFE_INTEGER);
    last = Math.min(last, Number.MAX_SAFE_INTEGER);
    if (first > last) throw new UnsatisfiableSchema(`no ${integer ? 'integer' : 'multiple of ' + unit} between ${low} and ${high}`);
    const toValue = (k: number) => (Number.isInteger(unit) ? k * unit : Number((k * unit).toPrecision(12)));
    const boundary = [first, last, ...(first <= 0 && last >= 0 ? [0] : [])].map(toValue);
    return fc.oneof(
      { arbitrary: fc.integer({ min: Math.max(first, -Number.MAX_SAFE_INTEGER), max: last }).map(toValue), weight: 4 },
      { arbitrary: fc.constantFrom(...boundary), weight: 1 },
    );
  }
  const min = bounds.min ?? -widest;
  const max = bounds.max ?? widest;
  if (min > max || (min === max && (bounds.minExclusive || bounds.maxExclusive)))
    throw new UnsatisfiableSchema(`no number between ${min} and ${max}`);
  const double = fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: bounds.minExclusive, maxExcluded: bounds.maxExclusive })
    .map((n) => (Object.is(n, -0) ? 0 : n));
  const boundary = [
    bounds.minExclusive ? undefined : min,
    bounds.maxExclusive ? undefined : max,
    min <= 0 && max >= 0 && !(bounds.minExclusive && min === 0) && !(bounds.maxExclusive && max === 0) ? 0 : undefined,
  ].filter((n): n is number => n !== undefined);
  return boundary.length > 0 ? fc.oneof({ arbitrary: double, weight: 4 }, { arbitrary: fc.constantFrom(...boundary), weight: 1 }) : double;
}

/** For an integer with `multipleOf: 2.5`, the step that is both an integer and a multiple. */
function lcmWithOne(step: number): number {
  if (Number.isInteger(step)) return step;
  for (let k = 2; k <= 1000; k++) if (Number.isInteger(Number((step * k).toPrecision(12)))) return Number((step * k).toPrecision(12));
  return step;
}
