import type { SchemaValidators } from '../../checks/schema-validators.ts';
import { join } from '../../core/pointer.ts';
import { sideValidators } from './validity.ts';

type Direction = 'request' | 'response';
type Dialect = 'openapi-3.0' | 'openapi-3.1';

/** Whether a value matches one schema, judged as the side's validator judges it. */
export type Matcher = (value: unknown) => boolean;

interface Judge {
  validators: SchemaValidators;
  /** Where each schema object of the document sits, so that a branch compiles once, by its pointer. */
  pointers: WeakMap<object, string>;
}

/**
 * A matcher for a `oneOf` branch of the document: the validator that judges generated values (the side's view of
 * the document), compiled once per branch and cached with the document. Branches the generator combined from
 * several allOf branches match when each part does. Undefined for a schema that is not part of the document.
 */
export function branchMatcher(
  document: Record<string, unknown>,
  dialect: Dialect,
  direction: Direction,
  schema: unknown,
): Matcher | undefined {
  if (schema === true) return () => true;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const judge = judgeOf(document, dialect, direction);
  const pointer = judge.pointers.get(schema);
  if (pointer !== undefined) {
    return (value) => judge.validators.problems(pointer, value)?.length === 0;
  }
  const parts = (schema as Record<string, unknown>).allOf;
  if (Object.keys(schema).length === 1 && Array.isArray(parts)) {
    const matchers = parts.map((part) => branchMatcher(document, dialect, direction, part));
    if (matchers.some((m) => m === undefined)) return undefined;
    return (value) => matchers.every((m) => m!(value));
  }
  return undefined;
}

function judgeOf(document: Record<string, unknown>, dialect: Dialect, direction: Direction): Judge {
  return { validators: sideValidators(document, dialect, direction), pointers: pointersOf(document) };
}

// One walk per document, shared by both sides and both dialects' judges.
const pointersByDocument = new WeakMap<object, WeakMap<object, string>>();

function pointersOf(document: Record<string, unknown>): WeakMap<object, string> {
  const known = pointersByDocument.get(document);
  if (known) return known;
  const pointers = new WeakMap<object, string>();
  pointersByDocument.set(document, pointers);
  const walk = (node: unknown, pointer: string) => {
    if (node === null || typeof node !== 'object' || pointers.has(node)) return;
    pointers.set(node, pointer);
    for (const [key, value] of Object.entries(node)) walk(value, join(pointer, key));
  };
  walk(document, '#');
  return pointers;
}
