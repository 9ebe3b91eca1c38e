/**
 * What the readings self-test prints for one document: per class (all at once, then each alone), how often it
 * rewrote an answer, the failures (there must be none) and the findings by the rule they name. No `expect` here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingOf } from '../../../src/checks/findings.ts';
import { REPORTS_DIR } from '../../../src/targets/paths.ts';
import type { Violation } from '../../../src/core/violation.ts';
import type { PhaseFailure } from './support.ts';

export interface ReadingsRun {
  label: string;
  classes: string;
  ran: number;
  sent: number;
  failures: PhaseFailure[];
  findings: Violation[];
  firedBy: Partial<Record<string, number>>;
  /** Wall time of the run, target start included. */
  ms?: number;
}

/** Whose guess a finding names: an engine rule by its id, else the contract's decision (shortened). */
export function namedRule(finding: Violation): string {
  const engine = /^engine rule "([^"]+)"/.exec(finding.decision ?? '')?.[1];
  if (engine) return `engine:${engine}`;
  if (findingOf(finding) !== 'assumption') return findingOf(finding);
  return `contract:${finding.check}›${finding.rule}`;
}

export function describeRuns(runs: ReadingsRun[]): string {
  const lines = [`readings injector: ${runs[0]?.label ?? ''}`];
  for (const run of runs) {
    const fired = Object.entries(run.firedBy)
      .filter(([, n]) => (n ?? 0) > 0)
      .map(([k, n]) => `${k}×${n}`)
      .join(', ');
    const named = new Map<string, number>();
    for (const f of run.findings) named.set(namedRule(f), (named.get(namedRule(f)) ?? 0) + 1);
    const findings = [...named].map(([k, n]) => `${k}×${n}`).join(', ');
    lines.push(
      `  ${run.classes.padEnd(28)} ${String(run.sent).padStart(5)} requests ${((run.ms ?? 0) / 1000).toFixed(1).padStart(5)} s  ${run.failures.length === 0 ? 'green' : `RED (${run.failures.length})`}` +
        `  fired: ${fired || 'none'}${findings ? `  findings: ${findings}` : ''}`,
    );
    for (const failure of run.failures.slice(0, 5))
      lines.push(`      ${failure.operation} ${failure.phase}: ${failure.violations.slice(0, 2).join(' | ').slice(0, 400)}`);
  }
  return lines.join('\n');
}

/**
 * `reports/readings/<kind>--<label>.json`: one document's rows of the readings or fault matrix, so that a whole run's
 * matrix can be read together (docs/readings.md shows one).
 */
export function recordMatrix(kind: 'readings' | 'faults', label: string, rows: unknown): void {
  const dir = join(REPORTS_DIR, 'readings');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${kind}--${label.replace(/[^A-Za-z0-9@.-]+/g, '_')}.json`), JSON.stringify(rows, null, 1));
}
