import { responseFor } from '../contract/operations.ts';
import { DOCUMENTED, isGuess, schemaProvenance, type Provenance } from '../contract/provenance.ts';
import { asAssumption } from './findings.ts';
import { mediaFor } from './media.ts';
import { capability } from './mock-capabilities.ts';
import type { Check } from './types.ts';
import type { Finding } from '../core/violation.ts';

/** The header a Prism validation proxy (`PROXY=prism`) puts its findings in. */
export const PRISM_VIOLATIONS_HEADER = 'sl-violations';
/** Prism cuts the header near 8 KB and prefixes what is left with this. */
const TRUNCATED_PREFIX = 'Too many violations! ';

export interface PrismViolation {
  location?: (string | number)[];
  severity?: string;
  code?: string | number;
  message?: string;
}

/**
 * Findings of the Prism validation proxy the traffic went through, as violations. Only the response side
 * counts: the suite sends requests that break the contract on purpose (a required parameter left out).
 * A truncated header still yields every finding it holds whole, plus a mock-limitation finding saying more were cut.
 */
export const prismProxyViolations: Check<`prism-${string}`> = ({ operation, contract }, { response }) => {
  const header = response.headers[PRISM_VIOLATIONS_HEADER];
  if (!header) return [];
  const truncated = header.startsWith(TRUNCATED_PREFIX);
  const findings = parseFindings(truncated ? header.slice(TRUNCATED_PREFIX.length) : header);
  const spec = responseFor(operation, response.status);
  const docSource = spec?.docSource ?? operation.docSource;
  const schemaPointer = spec && mediaFor(spec.content, response.headers['content-type'])?.schemaPointer;
  // Judged like the engine's own findings: a rule the contract inferred or assumed makes it an assumption finding.
  const provenanceOf = (path: string): Provenance => {
    if (!spec || isGuess(spec.provenance)) return spec?.provenance ?? DOCUMENTED;
    if (path.startsWith('header:'))
      return spec.headers.find((h) => `header:${h.name.toLowerCase()}` === path.toLowerCase())?.provenance ?? spec.provenance;
    return schemaPointer ? schemaProvenance(contract.document, schemaPointer, path) : spec.provenance;
  };
  const violations: Finding<`prism-${string}`>[] = findings
    .filter((f) => f.location?.[0] === 'response' && (f.severity ?? 'Error') === 'Error')
    .map((f) => {
      const path = pointerFrom(f.location ?? []);
      const finding: Finding<`prism-${string}`> = {
        operation: operation.key,
        rule: `prism-${f.code ?? 'violation'}`,
        message: `Prism proxy: ${f.message ?? 'response violates the contract'}`,
        status: response.status,
        path,
        docSource,
        severity: 'error' as const,
      };
      const provenance = provenanceOf(path);
      return isGuess(provenance) ? asAssumption(finding, provenance) : finding;
    });
  if (truncated) {
    violations.push({
      operation: operation.key,
      rule: 'prism-violations-truncated',
      status: response.status,
      message: `Prism proxy reported more violations than its ${PRISM_VIOLATIONS_HEADER} header holds (cut near 8 KB); ${findings.length} read whole\nMock limitation (violations-header-truncated): the mock (Prism) ${capability('violations-header-truncated').behaviour}`,
      docSource,
      // Prism's own limit, not the vendor's: the findings it still holds whole are the verdict.
      severity: 'warning',
      finding: 'mock-limitation',
    });
  }
  return violations;
};

/** A JSON array of findings, or as many whole objects as a cut-off array still holds. */
export function parseFindings(text: string): PrismViolation[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as PrismViolation[]) : [];
  } catch {
    const whole: PrismViolation[] = [];
    let depth = 0;
    let start = -1;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{') {
        if (depth === 0) start = i;
        depth++;
      } else if (c === '}') {
        depth--;
        if (depth === 0 && start >= 0) {
          try {
            whole.push(JSON.parse(text.slice(start, i + 1)) as PrismViolation);
          } catch {
            // a fragment that is not an object on its own
          }
        }
      }
    }
    return whole;
  }
}

/** Prism's location (`['response', 'body', 0, 'id']`) as a JSON pointer into the body, or a header path. */
function pointerFrom(location: (string | number)[]): string {
  const [, part, ...rest] = location;
  if (part === 'headers') return `header:${rest.join('.')}`;
  return `/${rest.map(String).join('/')}`;
}
