import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft7 from 'ajv/dist/ajv.js';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Contract } from '../contract/types.ts';
import { get, isObject } from '../core/pointer.ts';

export interface SchemaError {
  /** JSON path inside the validated value, `/` for the root. */
  path: string;
  message: string;
  keyword: string;
  params: Record<string, unknown>;
}

/**
 * Which side of an exchange values are judged for. `as-written` holds every `required` as the document writes it (the
 * checks judge answers this way). `request` reads as a server reading a request: a `readOnly` property is not
 * required of it (OpenAPI 3, "readOnly"). `response` reads as a client: a `writeOnly` property is not required.
 */
export type SchemaDirection = 'as-written' | 'request' | 'response';

const HIDDEN = { request: 'readOnly', response: 'writeOnly' } as const;

/**
 * Validators for one contract, compiled once per schema pointer and reused. The bundled document is
 * registered whole so that `$ref`s, circular ones included, resolve against it.
 */
export class SchemaValidators {
  private readonly ajv: InstanceType<typeof Ajv2020> | InstanceType<typeof AjvDraft7>;
  private readonly compiled = new Map<string, ValidateFunction | Error>();
  private readonly base: string;
  private readonly document: unknown;

  constructor(
    contract: Pick<Contract, 'document' | 'format' | 'vendor'>,
    private readonly direction: SchemaDirection = 'as-written',
  ) {
    // A directed view needs each error's schema, to see whether a missing property is hidden on this side.
    const verbose = direction !== 'as-written';
    const options = { allErrors: true, strict: false, logger: false, validateSchema: false, unicodeRegExp: false, verbose } as const;
    this.ajv = contract.format === 'openapi-3.1' ? new Ajv2020(options) : new AjvDraft7(options);
    addFormats.default(this.ajv as never);
    // The vendor's name goes in the path, whose case a URI keeps: as the host (`contract://AccountService/`) ajv's
    // resolver lowercased it, no reference found the document, and no schema of it compiled (nothing was judged).
    this.base = `contract://document/${encodeURIComponent(contract.vendor)}/`;
    this.document = contract.document;
    // OpenAPI adds keywords ajv does not know; declared as annotations so that strict mode stays quiet.
    for (const keyword of ['example', 'xml', 'externalDocs', 'discriminator', 'x-doc-source']) {
      if (!this.ajv.getKeyword(keyword)) this.ajv.addKeyword(keyword);
    }
    this.ajv.addSchema(stripIds(contract.document) as never, this.base);
  }

  /** Validates `value` against the schema at `pointer` (e.g. `#/paths/~1v2~1x/get/responses/200/content/application~1json/schema`). */
  validate(pointer: string, value: unknown): SchemaError[] {
    const validator = this.compile(pointer);
    if (validator instanceof Error) {
      return [{ path: '/', message: `schema cannot be compiled: ${validator.message}`, keyword: 'compile', params: {} }];
    }
    const valid = evaluate(validator, value);
    if (valid instanceof Error)
      return [{ path: '/', message: `schema cannot be evaluated: ${valid.message}`, keyword: 'compile', params: {} }];
    return valid ? [] : this.errorsOf(validator).map(toSchemaError);
  }

  /**
   * The reasons `value` is not valid for the schema at `pointer`, one line each; empty when it is. Undefined when the
   * schema cannot be compiled (then nothing is known either way).
   */
  problems(pointer: string, value: unknown): string[] | undefined {
    const validator = this.compile(pointer);
    if (validator instanceof Error) return undefined;
    const valid = evaluate(validator, value);
    if (valid instanceof Error) return undefined;
    // A `oneOf`/`anyOf` reports its branches' errors too; with only those left, the value may still match.
    return valid ? [] : this.errorsOf(validator).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
  }

  private errorsOf(validator: ValidateFunction): ErrorObject[] {
    const errors = validator.errors ?? [];
    return this.direction === 'as-written' ? errors : errors.filter((e) => !this.hiddenRequired(e, HIDDEN[this.direction as 'request']));
  }

  /** A `required` error for a property this side never carries. */
  private hiddenRequired(error: ErrorObject, hidden: 'readOnly' | 'writeOnly'): boolean {
    if (error.keyword !== 'required') return false;
    const missing = (error.params as { missingProperty?: string }).missingProperty;
    const parent = error.parentSchema;
    if (!missing || !isObject(parent) || !isObject(parent.properties)) return false;
    return this.deref(parent.properties[missing])?.[hidden] === true;
  }

  private deref(node: unknown, depth = 0): Record<string, unknown> | undefined {
    if (!isObject(node) || depth > 20) return undefined;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) return this.deref(get(this.document, node.$ref), depth + 1) ?? node;
    return node;
  }

  private compile(pointer: string): ValidateFunction | Error {
    let validator = this.compiled.get(pointer);
    if (!validator) {
      try {
        validator = this.ajv.compile({ $ref: `${this.base}${pointer}` });
      } catch (error) {
        validator = error as Error;
      }
      this.compiled.set(pointer, validator);
    }
    return validator;
  }
}

const requestSide = new WeakMap<object, SchemaValidators>();

/** The request-side validators of a contract, made once per loaded document. */
export function requestValidatorsOf(contract: Pick<Contract, 'document' | 'format' | 'vendor'>): SchemaValidators {
  let validators = requestSide.get(contract.document);
  if (!validators) {
    validators = new SchemaValidators(contract, 'request');
    requestSide.set(contract.document, validators);
  }
  return validators;
}

/**
 * Runs a compiled validator. A schema that includes itself where the value does not get smaller (`A: {allOf: [$ref:
 * A, …]}`) has a validation that never ends: ajv recurses until the stack runs out. Such a schema judges nothing,
 * which is said, rather than a crash of the check.
 */
function evaluate(validator: ValidateFunction, value: unknown): boolean | Error {
  try {
    return validator(value);
  } catch (error) {
    if (error instanceof RangeError)
      return new Error('its validation recurses without end (a schema that includes itself, as in `A: {allOf: [$ref: A]}`)');
    throw error;
  }
}

function toSchemaError(error: ErrorObject): SchemaError {
  return {
    path: error.instancePath || '/',
    message: error.message ?? error.keyword,
    keyword: error.keyword,
    params: error.params as Record<string, unknown>,
  };
}

/**
 * Vendor documents sometimes carry `$id`s inside component schemas; registered under the document's own
 * base they would rebase relative `$ref`s, so they are dropped from the copy given to ajv.
 */
function stripIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripIds);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== '$id') out[key] = stripIds(value);
  // OpenAPI 3.0 allows `nullable` without `type`, which ajv refuses to compile (and then nothing is judged at all).
  // Alone it says nothing and goes. Beside a `$ref` (`{ $ref, nullable: true }`, common in converted documents)
  // 3.0.3 reads it as saying nothing, earlier tools as "the referenced schema or null": both readings are accepted.
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    if (typeof out.$ref === 'string') {
      const { $ref, ...rest } = out;
      return { ...rest, anyOf: [{ $ref }, { type: 'null' }] };
    }
  }
  return out;
}
