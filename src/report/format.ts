import type { DocSource } from '../core/violation.ts';
import type { Violation } from '../core/violation.ts';
import { scrubText } from './redact.ts';

export const formatDocSource = (source: DocSource | undefined): string =>
  source ? [source.document, source.section].filter(Boolean).join(' › ') + (source.url ? ` <${source.url}>` : '') : '(no x-doc-source)';

/** One block per violation: operation, status, rule and JSON path first, then received vs documented, then the source. */
export function formatViolations(violations: Violation[]): string {
  return violations
    .map((v, i) => {
      const where = [v.operation, v.status !== undefined ? `status ${v.status}` : undefined, v.path ? `at ${v.path}` : undefined]
        .filter(Boolean)
        .join(', ');
      return scrubText(
        [
          `${i + 1}. [${v.check} › ${v.rule}] ${where}`,
          ...v.message.split('\n').map((line) => `   ${line}`),
          `   Source: ${formatDocSource(v.docSource)}`,
        ].join('\n'),
      );
    })
    .join('\n');
}
