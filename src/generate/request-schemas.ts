import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft7 from 'ajv/dist/ajv.js';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Contract } from '../contract/types.ts';
import { get, isObject } from '../contract/pointer.ts';

/**
 * Checks values the engine is about to send against the contract's request schemas, as a server reading a
 * request does: `readOnly` properties are not required of a request (OpenAPI 3, "readOnly"), unknown formats
 * are annotations. One instance per contract document; validators compiled once per schema pointer.
 */
export class RequestSchemas {
  private readonly ajv: InstanceType<typeof Ajv2020> | InstanceType<typeof AjvDraft7>;
  private readonly compiled = new Map<string, ValidateFunction | Error>();
  private readonly base: string;

  constructor(private readonly contract: Pick<Contract, 'document' | 'format'>) {
    const options = {
      allErrors: true,
      strict: false,
      logger: false,
      validateSchema: false,
      unicodeRegExp: false,
      verbose: true,
      allowUnionTypes: true,
    } as const;
    this.ajv = contract.format === 'openapi-3.1' ? new Ajv2020(options) : new AjvDraft7(options);
    addFormats.default(this.ajv as never);
    this.base = 'request://contract/';
    this.ajv.addSchema(withoutIds(contract.document) as never, this.base);
  }

  /**
   * The reasons `value` is not a valid request value for the schema at `pointer`; empty when it is. Undefined
   * when the schema cannot be compiled (then nothing is known either way).
   */
  problems(pointer: string, value: unknown): string[] | undefined {
    const validator = this.compile(pointer);
    if (validator instanceof Error) return undefined;
    if (validator(value)) return [];
    const errors = (validator.errors ?? []).filter((e) => !this.readOnlyRequired(e));
    // A `oneOf`/`anyOf` reports its branches' errors too; with only those left, the value may still match.
    return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
  }

  private readOnlyRequired(error: ErrorObject): boolean {
    if (error.keyword !== 'required') return false;
    const missing = (error.params as { missingProperty?: string }).missingProperty;
    const parent = error.parentSchema;
    if (!missing || !isObject(parent) || !isObject(parent.properties)) return false;
    return this.deref(parent.properties[missing])?.readOnly === true;
  }

  private deref(node: unknown, depth = 0): Record<string, unknown> | undefined {
    if (!isObject(node) || depth > 20) return undefined;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#'))
      return this.deref(get(this.contract.document, node.$ref), depth + 1) ?? node;
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

const instances = new WeakMap<object, RequestSchemas>();

/** The request-schema checker of a contract, made once per loaded document. */
export function requestSchemasOf(contract: Pick<Contract, 'document' | 'format'>): RequestSchemas {
  let schemas = instances.get(contract.document);
  if (!schemas) {
    schemas = new RequestSchemas(contract);
    instances.set(contract.document, schemas);
  }
  return schemas;
}

function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== '$id') out[key] = withoutIds(value);
  // OpenAPI 3.0 allows `nullable` without `type` (it then says nothing); ajv refuses to compile it.
  if (out.nullable === true && out.type === undefined && typeof (node as Record<string, unknown>).$ref !== 'string') delete out.nullable;
  return out;
}
