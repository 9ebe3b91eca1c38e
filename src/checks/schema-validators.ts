import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft7 from 'ajv/dist/ajv.js';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Contract } from '../contract/types.ts';

export interface SchemaError {
  /** JSON path inside the validated value, `/` for the root. */
  path: string;
  message: string;
  keyword: string;
  params: Record<string, unknown>;
}

/**
 * Validators for one contract, compiled once per schema pointer and reused. The bundled document is
 * registered whole so that `$ref`s, circular ones included, resolve against it.
 */
export class SchemaValidators {
  private readonly ajv: InstanceType<typeof Ajv2020> | InstanceType<typeof AjvDraft7>;
  private readonly compiled = new Map<string, ValidateFunction | Error>();
  private readonly base: string;

  constructor(contract: Pick<Contract, 'document' | 'format' | 'vendor'>) {
    const options = { allErrors: true, strict: false, logger: false, validateSchema: false, unicodeRegExp: false } as const;
    this.ajv = contract.format === 'openapi-3.1' ? new Ajv2020(options) : new AjvDraft7(options);
    addFormats.default(this.ajv as never);
    this.base = `contract://${encodeURIComponent(contract.vendor)}/`;
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
    return validator(value) ? [] : (validator.errors ?? []).map(toSchemaError);
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
  // OpenAPI 3.0 allows `nullable` without `type` (it then says nothing); ajv refuses to compile it.
  if (out.nullable === true && out.type === undefined && typeof (node as Record<string, unknown>).$ref !== 'string') delete out.nullable;
  return out;
}
