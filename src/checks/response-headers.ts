import { responseFor } from '../contract/operations.ts';
import { underProvenance } from './findings.ts';
import type { Check } from './types.ts';
import type { Finding } from '../core/violation.ts';

/**
 * Headers the contract marks required are present, and documented headers match their schemas. A mock invents a
 * header without an example from its schema (a `format` it does not know comes back as the text "string"): what
 * the schema finds in such a value describes the mock's generator, so it is a warning.
 */
export const responseHeadersConformance: Check<'missing-header' | `header-${string}`> = (
  { operation, validators, target },
  { response },
) => {
  const spec = responseFor(operation, response.status);
  if (!spec) return [];
  const violations: Finding<'missing-header' | `header-${string}`>[] = [];
  for (const header of spec.headers) {
    const name = header.name.toLowerCase();
    if (name === 'content-type') continue;
    const base = {
      operation: operation.key,
      status: response.status,
      path: `header:${header.name}`,
      docSource: spec.docSource ?? operation.docSource,
      severity: 'error' as const,
    };
    const value = response.headers[name];
    const found: Finding<'missing-header' | `header-${string}`>[] = [];
    if (value === undefined) {
      if (header.required) {
        found.push({
          ...base,
          rule: 'missing-header',
          message: `Received: no ${header.name} header\nDocumented: required`,
          received: '(absent)',
          documented: 'required',
        });
      }
    } else if (header.schemaPointer) {
      for (const error of validators.validate(header.schemaPointer, coerce(value, header.schema))) {
        found.push({
          ...base,
          rule: `header-${error.keyword}`,
          message: `header ${header.name} ${error.message}`,
          received: value,
          documented: error.params,
        });
      }
    }
    const invented = target === 'mock' && !header.hasExample && value !== undefined;
    violations.push(
      ...(invented
        ? found.map((v) => ({
            ...v,
            severity: 'warning' as const,
            message: `${v.message}\n(mock-generated header: the contract has no example for it)`,
          }))
        : underProvenance(found, header.provenance)),
    );
  }
  return violations;
};

/** Header values are text on the wire; a schema typed as number/integer/boolean is checked against the parsed value. */
function coerce(value: string, schema: unknown): unknown {
  const type = schema && typeof schema === 'object' ? (schema as { type?: unknown }).type : undefined;
  const types = Array.isArray(type) ? type : [type];
  if ((types.includes('integer') || types.includes('number')) && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}
