import { followsConventions } from '../contract/conventions.ts';
import type { Contract, MediaSpec, Operation } from '../contract/types.ts';
import { isJsonMediaType } from './media.ts';
import type { SchemaValidators } from './schema-validators.ts';
import type { Violation } from '../core/violation.ts';

/**
 * Every example in the contract (parameters, request bodies, responses, webhooks) validates against its schema.
 * Spectral's example rule skips circular schemas; this one compiles against the whole document, so it does not.
 * In a contract written for this suite a bad example is a bug to fix; in a drop-in vendor document it is the
 * document contradicting itself, a `document-defect` finding.
 */
export function exampleSchemaConformance(contract: Contract, validators: SchemaValidators): Violation[] {
  const violations: Violation[] = [];
  const finding = followsConventions(contract.document) ? undefined : ('document-defect' as const);
  const visit = (
    operation: Operation,
    where: string,
    media: MediaSpec | { schemaPointer?: string; examples: MediaSpec['examples']; mediaType?: string },
  ) => {
    if (!media.schemaPointer || (media.mediaType && !isJsonMediaType(media.mediaType))) return;
    for (const example of media.examples) {
      for (const error of validators.validate(media.schemaPointer, example.value)) {
        violations.push({
          check: 'exampleSchemaConformance',
          operation: operation.key,
          rule: `example-${error.keyword}`,
          message: `${where} example ${example.name ? `"${example.name}" ` : ''}${error.path} ${error.message}`,
          path: `${example.pointer}${error.path === '/' ? '' : error.path}`,
          received: example.value,
          documented: error.params,
          docSource: operation.docSource,
          severity: 'error',
          ...(finding ? { finding } : {}),
        });
      }
    }
  };
  for (const operation of [...contract.operations, ...contract.webhooks]) {
    for (const p of operation.parameters) {
      visit(operation, `parameter ${p.name}`, {
        schemaPointer: p.schema === undefined ? undefined : `${p.pointer}/schema`,
        examples: p.examples,
      });
    }
    for (const media of operation.requestBody?.content ?? []) visit(operation, `request body ${media.mediaType}`, media);
    for (const response of operation.responses)
      for (const media of response.content) visit(operation, `response ${response.status} ${media.mediaType}`, media);
  }
  return violations;
}
