import { isCredentialParameter, isIgnoredHeader } from '../../contract/operations.ts';
import type { Contract, JsonSchema, Operation, ParameterSpec } from '../../contract/types.ts';
import { isJsonMediaType } from '../../checks/media.ts';
import { essence } from '../../core/wire.ts';
import { bodyMedia, type GeneratedRequest } from './request-arbitrary.ts';
import { numericBounds } from './schema-arbitrary.ts';
import { derefObject, isObject } from '../../core/pointer.ts';

/** One rule broken on purpose: its name (for the test step and the report) and the request that breaks it. */
export interface Mutation {
  rule: string;
  /** The broken request, built from a valid one; undefined when the rule does not apply to this request. */
  apply(valid: GeneratedRequest): GeneratedRequest | undefined;
  /** Sent with this Content-Type instead of the body's own. */
  contentType?: string;
  /**
   * Breaks the wire format rather than a schema (unparseable body, media type not accepted): a mock answers these
   * with its own generic rejection, not a documented one, so against a mock only the class of the answer is judged.
   */
  wire?: boolean;
  /** What is broken, so that the provenance of its refusal can be told (`src/generate/phases/refusal.ts`). */
  breaks?: Broken;
}

/**
 * What a mutation breaks: a requirement (`missing`), a declared constraint (`invalid`, `extra-property`), or the
 * wire format (`malformed`, `media-type`); of a parameter, a top-level body property, or the body as a whole.
 */
export interface Broken {
  kind: 'missing' | 'invalid' | 'extra-property' | 'malformed' | 'media-type';
  parameter?: ParameterSpec;
  /** A top-level body property, with the pointer of the body schema it belongs to. */
  property?: { name: string; bodySchemaPointer?: string };
  /** Set when the break is in the body (as a whole, or one of its properties). */
  body?: true;
}

type Schema = Record<string, unknown>;
const deref = (schema: JsonSchema | undefined, document: Record<string, unknown>): Schema | undefined => derefObject(document, schema);

/** Values that break one keyword of a schema each, for a value sent as text (parameters) or as JSON (bodies). */
export function brokenValues(schema: Schema, asText: boolean): { rule: string; value: unknown }[] {
  const out: { rule: string; value: unknown }[] = [];
  const type = typeof schema.type === 'string' ? schema.type : undefined;
  const nullable = schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null'));
  if (type === 'integer' || type === 'number') out.push({ rule: `wrong type (text for ${type})`, value: 'not-a-number' });
  if (type === 'integer') out.push({ rule: 'wrong type (fraction for integer)', value: 1.5 });
  if (type === 'boolean') out.push({ rule: 'wrong type (text for boolean)', value: 'not-a-boolean' });
  if (!asText) {
    if (type === 'string') out.push({ rule: 'wrong type (number for string)', value: 12345 });
    if (type === 'object') out.push({ rule: 'wrong type (text for object)', value: 'not-an-object' });
    if (type === 'array') out.push({ rule: 'wrong type (text for array)', value: 'not-an-array' });
    if (type && !nullable) out.push({ rule: 'null where not nullable', value: null });
  }
  const bounds = numericBounds(schema);
  if (bounds.min !== undefined)
    out.push({
      rule: `below minimum ${bounds.min}`,
      value: bounds.minExclusive ? bounds.min : type === 'integer' ? Math.floor(bounds.min) - 1 : bounds.min - 1,
    });
  if (bounds.max !== undefined)
    out.push({
      rule: `above maximum ${bounds.max}`,
      value: bounds.maxExclusive ? bounds.max : type === 'integer' ? Math.ceil(bounds.max) + 1 : bounds.max + 1,
    });
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0)
    out.push({ rule: `not a multiple of ${schema.multipleOf}`, value: schema.multipleOf * 1.5 + (bounds.min ?? 0) });
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string'))
    out.push({ rule: 'not in enum', value: 'not-in-enum-zz' });
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'number'))
    out.push({ rule: 'not in enum', value: Math.max(...(schema.enum as number[])) + 1 });
  if (type === 'string' || (type === undefined && (schema.minLength !== undefined || schema.maxLength !== undefined || schema.pattern))) {
    if (typeof schema.minLength === 'number' && schema.minLength > 0)
      out.push({ rule: `shorter than minLength ${schema.minLength}`, value: 'a'.repeat(schema.minLength - 1) });
    if (typeof schema.maxLength === 'number' && schema.maxLength < 10_000)
      out.push({ rule: `longer than maxLength ${schema.maxLength}`, value: 'a'.repeat(schema.maxLength + 1) });
    if (typeof schema.pattern === 'string') {
      let regex: RegExp | undefined;
      try {
        regex = new RegExp(schema.pattern, 'u');
      } catch {
        regex = undefined;
      }
      const candidate = regex && ['zz~not~matching~zz', '~', '!', '0', 'a', ' '].find((c) => !regex!.test(c));
      if (candidate !== undefined) out.push({ rule: `does not match pattern ${schema.pattern}`, value: candidate });
    }
    const formats: Record<string, string> = {
      'date-time': 'not-a-date-time',
      date: '2021-13-45',
      email: 'not-an-email',
      uuid: 'not-a-uuid',
      ipv4: '999.1.1.1',
    };
    if (typeof schema.format === 'string' && formats[schema.format])
      out.push({ rule: `not a ${schema.format}`, value: formats[schema.format] });
  }
  if (type === 'array') {
    if (typeof schema.minItems === 'number' && schema.minItems > 0) out.push({ rule: `fewer than minItems ${schema.minItems}`, value: [] });
  }
  return out;
}

/**
 * Every single-rule break the operation's contract allows us to state: each parameter's keywords, each required
 * parameter left out, each top-level body property's keywords, each required body property left out, an extra
 * property where `additionalProperties` is false, a body that does not parse, and a media type not accepted.
 * The caller still checks each broken request with the validator: only requests the contract rejects are sent.
 */
export function mutationsFor(contract: Contract, operation: Operation): Mutation[] {
  const document = contract.document;
  const mutations: Mutation[] = [];
  // A parameter the credential fills is sent with the credential whatever was drawn for it: breaking it breaks nothing.
  for (const parameter of operation.parameters.filter((p) => !isIgnoredHeader(p) && !isCredentialParameter(operation, p))) {
    const schema = deref(parameter.schema, document);
    const replace =
      (value: unknown) =>
      (valid: GeneratedRequest): GeneratedRequest => ({
        params: [
          ...valid.params.filter((p) => !(p.location === parameter.in && p.name === parameter.name)),
          { location: parameter.in, name: parameter.name, value },
        ],
        ...(valid.body ? { body: valid.body } : {}),
      });
    if (schema) {
      for (const broken of brokenValues(schema, true)) {
        // Headers carry visible ASCII only; a path segment cannot be empty.
        if (parameter.in === 'path' && (broken.value === '' || broken.value === null)) continue;
        mutations.push({
          rule: `${parameter.in} parameter "${parameter.name}": ${broken.rule}`,
          apply: replace(broken.value),
          breaks: { kind: 'invalid', parameter },
        });
      }
    }
    if (parameter.required && parameter.in !== 'path') {
      mutations.push({
        rule: `${parameter.in} parameter "${parameter.name}": missing though required`,
        breaks: { kind: 'missing', parameter },
        apply: (valid) => ({
          params: valid.params.filter((p) => !(p.location === parameter.in && p.name === parameter.name)),
          ...(valid.body ? { body: valid.body } : {}),
        }),
      });
    }
  }
  const media = operation.requestBody ? bodyMedia(operation.requestBody.content) : undefined;
  if (media && operation.requestBody) {
    // A body schema marked readOnly as a whole states nothing a request must hold to (OpenAPI: read-only values
    // are not sent in requests) and Prism does not validate it: its keywords are not broken on purpose.
    const declared = deref(media.schema, document);
    const schema = declared?.readOnly === true ? undefined : declared;
    const json = isJsonMediaType(media.mediaType);
    const withBody = (valid: GeneratedRequest, value: unknown): GeneratedRequest => ({
      params: valid.params,
      body: { mediaType: media.mediaType, value },
    });
    if (schema && json) {
      for (const broken of brokenValues(schema, false)) {
        // A JSON `null` as the whole body of an optional body reads as no body to servers and to Prism's validator.
        if (broken.value === null && !operation.requestBody.required) continue;
        mutations.push({
          rule: `body: ${broken.rule}`,
          apply: (valid) => withBody(valid, broken.value),
          breaks: { kind: 'invalid', body: true },
        });
      }
    }
    const properties = schema && isObject(schema.properties) ? schema.properties : {};
    const required = schema && Array.isArray(schema.required) ? (schema.required as string[]) : [];
    for (const [name, sub] of Object.entries(properties)) {
      const property = deref(sub as JsonSchema, document);
      if (!property || property.readOnly === true) continue;
      const setField = (value: unknown) => (valid: GeneratedRequest) =>
        isObject(valid.body?.value) ? withBody(valid, { ...valid.body.value, [name]: value }) : undefined;
      const breaks = (kind: Broken['kind']): Broken => ({ kind, body: true, property: { name, bodySchemaPointer: media.schemaPointer } });
      for (const broken of brokenValues(property, !json))
        mutations.push({ rule: `body property "${name}": ${broken.rule}`, apply: setField(broken.value), breaks: breaks('invalid') });
      if (required.includes(name)) {
        mutations.push({
          rule: `body property "${name}": missing though required`,
          breaks: breaks('missing'),
          apply: (valid) => {
            if (!isObject(valid.body?.value)) return undefined;
            const { [name]: _dropped, ...rest } = valid.body.value;
            return withBody(valid, rest);
          },
        });
      }
    }
    if (schema && schema.additionalProperties === false) {
      mutations.push({
        rule: 'body: extra property where additionalProperties is false',
        breaks: { kind: 'extra-property', body: true },
        apply: (valid) => (isObject(valid.body?.value) ? withBody(valid, { ...valid.body.value, unexpected_property_zz: 1 }) : undefined),
      });
    }
    if (operation.requestBody.required) {
      mutations.push({
        rule: 'body: missing though required',
        apply: (valid) => ({ params: valid.params }),
        breaks: { kind: 'missing', body: true },
      });
    }
    if (json) {
      mutations.push({
        rule: 'body: malformed JSON',
        wire: true,
        breaks: { kind: 'malformed', body: true },
        apply: (valid) => ({ params: valid.params, body: { mediaType: media.mediaType, value: undefined, raw: '{"unterminated": ' } }),
      });
    }
    const accepted = operation.requestBody.content.map((m) => essence(m.mediaType));
    if (!accepted.includes('text/plain') && !accepted.includes('*/*') && !accepted.some((t) => t.startsWith('text/'))) {
      mutations.push({
        rule: 'body: media type not accepted (text/plain)',
        wire: true,
        breaks: { kind: 'media-type', body: true },
        contentType: 'text/plain',
        apply: (valid) => (valid.body ? { ...valid, body: { ...valid.body, mediaType: 'text/plain' } } : undefined),
      });
    }
  }
  return mutations;
}
