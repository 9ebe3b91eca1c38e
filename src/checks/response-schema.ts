import { responseFor } from '../contract/operations.ts';
import { isJsonMediaType, mediaFor, parseJsonBody } from './media.ts';
import type { Check, Violation } from './types.ts';

/** A JSON body validates against the documented schema (draft 2020-12, formats, every error reported). */
export const responseSchemaConformance: Check = ({ operation, validators }, { response }) => {
  const spec = responseFor(operation, response.status);
  const media = spec && mediaFor(spec.content, response.headers['content-type']);
  if (!spec || !media?.schemaPointer || !isJsonMediaType(media.mediaType)) return [];
  const base = {
    check: 'responseSchemaConformance', operation: operation.key, status: response.status,
    docSource: spec.docSource ?? operation.docSource, severity: 'error' as const,
  };
  const body = parseJsonBody(response.text);
  if (body instanceof Error) {
    return [{ ...base, rule: 'malformed-json', message: `body is not JSON: ${body.message}`, received: response.text.slice(0, 200), documented: media.mediaType, path: '/' }];
  }
  if (body === undefined) {
    if (spec.bodyOptional) return [];
    return [{ ...base, rule: 'missing-body', message: `Received: empty body\nDocumented: ${media.mediaType} body`, received: '', documented: media.mediaType, path: '/' }];
  }
  return validators.validate(media.schemaPointer, body).map((error): Violation => ({
    ...base,
    rule: `schema-${error.keyword}`,
    message: `response body ${error.path} ${error.message}`,
    path: error.path,
    received: valueAt(body, error.path),
    documented: { keyword: error.keyword, ...error.params, schema: media.schemaPointer },
  }));
};

function valueAt(value: unknown, path: string): unknown {
  let node = value;
  for (const token of path.split('/').filter(Boolean)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}
