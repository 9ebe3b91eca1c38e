import { responseFor } from '../contract/operations.ts';
import { isGuess, schemaProvenance } from '../contract/provenance.ts';
import { getAt, instanceTokens } from '../core/pointer.ts';
import { asAssumption, underProvenance } from './findings.ts';
import { isJsonMediaType, mediaFor, parseJsonBody } from './media.ts';
import type { Check, CheckContext } from './types.ts';
import type { Finding } from '../core/violation.ts';

type SchemaRule = 'malformed-json' | 'missing-body' | `schema-${string}`;

/** Statuses that carry no content (RFC 9110 §15.3.5, §15.3.6, §15.4.5). */
export const NO_CONTENT_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/**
 * An answer HTTP gives no content: one of those statuses, or any answer to HEAD, which may also leave out the
 * content's own header fields, Content-Type among them (RFC 9110 §9.3.2).
 */
export const bodilessAnswer = (method: string, status: number): boolean => NO_CONTENT_STATUSES.has(status) || method === 'HEAD';

/**
 * A JSON body validates against the documented schema (draft 2020-12, formats, every error reported). Each error is
 * judged by the provenance of the schema rule it breaks: a property or shape the contract inferred or assumed makes
 * it an assumption finding. Against a mock, who wrote the body decides too (see `CheckContext.bodyOrigin`).
 */
export const responseSchemaConformance: Check<SchemaRule> = (ctx, { response }) => {
  const { operation, validators, contract } = ctx;
  const spec = responseFor(operation, response.status);
  const media = spec && mediaFor(spec.content, response.headers['content-type']);
  if (!spec || !media?.schemaPointer || !isJsonMediaType(media.mediaType)) return [];
  const base = {
    operation: operation.key,
    status: response.status,
    docSource: spec.docSource ?? operation.docSource,
    severity: 'error' as const,
  };
  const body = parseJsonBody(response.text);
  if (body instanceof Error) {
    return underProvenance(
      [
        {
          ...base,
          rule: 'malformed-json',
          message: `body is not JSON: ${body.message}`,
          received: response.text.slice(0, 200),
          documented: media.mediaType,
          path: '/',
        },
      ],
      spec.provenance,
    );
  }
  if (body === undefined) {
    if (spec.bodyOptional) return [];
    if (bodilessAnswer(operation.method, response.status)) {
      // HTTP gives these statuses, and every answer to HEAD, no content (RFC 9110 §15.3.5, §15.3.6, §15.4.5,
      // §9.3.2): a body documented for one is the document's mistake, and no vendor can send it.
      return [
        {
          ...base,
          severity: 'warning',
          finding: 'document-defect',
          rule: 'missing-body',
          message: `Received: empty body\nDocumented: ${media.mediaType} body, which HTTP does not allow ${operation.method === 'HEAD' ? 'in an answer to HEAD' : `with status ${response.status}`}`,
          received: '',
          documented: media.mediaType,
          path: '/',
        },
      ];
    }
    return underProvenance(
      [
        {
          ...base,
          rule: 'missing-body',
          message: `Received: empty body\nDocumented: ${media.mediaType} body`,
          received: '',
          documented: media.mediaType,
          path: '/',
        },
      ],
      spec.provenance,
    );
  }
  const schemaPointer = media.schemaPointer;
  const found = validators.validate(schemaPointer, body).map((error): Finding<SchemaRule> => {
    const violation: Finding<SchemaRule> = {
      ...base,
      rule: `schema-${error.keyword}`,
      message: `response body ${error.path} ${error.message}`,
      path: error.path,
      received: valueAt(body, error.path),
      documented: { keyword: error.keyword, ...error.params, schema: schemaPointer },
    };
    // A schema that cannot be compiled or evaluated judges nothing: the document's defect, never the vendor's.
    if (error.keyword === 'compile') return { ...violation, severity: 'warning', finding: 'document-defect' };
    const named = [error.params.missingProperty, error.params.propertyName].filter((p): p is string => typeof p === 'string');
    const provenance = isGuess(spec.provenance) ? spec.provenance : schemaProvenance(contract.document, schemaPointer, error.path, named);
    return isGuess(provenance) ? asAssumption(violation, provenance) : violation;
  });
  return byBodyOrigin(ctx, found);
};

function byBodyOrigin({ bodyOrigin, suiteContract }: CheckContext, found: Finding<SchemaRule>[]): Finding<SchemaRule>[] {
  if (bodyOrigin === 'mock-generated') {
    return found.map((v) => ({
      ...v,
      severity: 'warning',
      message: `${v.message}\n(mock-generated body: the contract has no example for this response)`,
    }));
  }
  if (bodyOrigin === 'document-example' && suiteContract === false) {
    return found.map((v) => ({
      ...v,
      finding: 'document-defect',
      message: `${v.message}\n(the document's own example breaks its own schema)`,
    }));
  }
  return found;
}

const valueAt = (value: unknown, path: string): unknown => getAt(value, instanceTokens(path));
