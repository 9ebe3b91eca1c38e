import { isIgnoredHeader } from '../contract/operations.ts';
import { isObject } from '../core/pointer.ts';
import type { Operation } from '../contract/types.ts';
import { isHeaderSafe } from './serialise.ts';

/**
 * Values for the Accept, Content-Type and Authorization headers an operation also declares as parameters. OpenAPI
 * says to ignore such parameters, but some servers (Prism among them) still validate them: an `Accept` parameter with
 * an enum refuses the client's default `*\/*`, a required one refuses a request without it, a required `Content-Type` parameter refuses a request without a body
 * that has none, a required `Authorization` one (with no security scheme to set it) a request without it. A value the
 * parameter's own schema names satisfies both readings.
 */
export function reservedHeaderValues(operation: Operation, hasBody: boolean): Record<string, string> {
  const values: Record<string, string> = {};
  for (const parameter of operation.parameters) {
    if (!isIgnoredHeader(parameter)) continue;
    const name = parameter.name.toLowerCase();
    if (name === 'accept') {
      // Required with nothing to name (no example, no enum, no documented success body): any media type will do.
      const value = declaredText(parameter) ?? firstSuccessMediaType(operation) ?? (parameter.required ? '*/*' : undefined);
      if (value) values.accept = value;
    } else if (name === 'content-type' && !hasBody && parameter.required) {
      values['content-type'] = declaredText(parameter) ?? 'application/json';
    } else if (name === 'authorization' && parameter.required && !secured(operation)) {
      // No security scheme sets it, yet the parameter is required: a reader that does not ignore it (Prism) refuses a
      // request without one. Sending the header satisfies both readings; it names no real credential.
      values.authorization = declaredText(parameter) ?? 'Bearer conformance-placeholder';
    }
  }
  return values;
}

const secured = (operation: Operation): boolean => operation.security.some((alternative) => alternative.length > 0);

function declaredText(parameter: Operation['parameters'][number]): string | undefined {
  const schema = isObject(parameter.schema) ? parameter.schema : {};
  const candidates = [
    ...parameter.examples.map((e) => e.value),
    ...(Array.isArray(schema.enum) ? schema.enum : []),
    schema.const,
    schema.default,
  ];
  return candidates.find((value): value is string => typeof value === 'string' && value !== '' && isHeaderSafe(value));
}

function firstSuccessMediaType(operation: Operation): string | undefined {
  const success = operation.responses.filter((r) => /^2/.test(r.status));
  return success.flatMap((r) => r.content.map((m) => m.mediaType)).find((type) => !type.includes('*'));
}

/**
 * The Accept header a case may send to pick one documented media type: the one it wants, unless the operation also
 * declares an Accept parameter whose enum (or const) leaves that type out; then the parameter's own value stands, and
 * the answer is whatever the server makes of it (a mock says so when it cannot).
 */
export function acceptFor(operation: Operation, wanted: string | undefined): string | undefined {
  if (wanted === undefined) return undefined;
  const parameter = operation.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === 'accept');
  const schema = parameter && isObject(parameter.schema) ? parameter.schema : undefined;
  const allowed = schema ? [...(Array.isArray(schema.enum) ? schema.enum : []), ...('const' in schema ? [schema.const] : [])] : [];
  return allowed.length === 0 || allowed.includes(wanted) ? wanted : undefined;
}
