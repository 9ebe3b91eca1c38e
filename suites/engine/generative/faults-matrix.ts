/**
 * How the fault self-test judges one fault on one document, and the matrix it prints: per fault (a rule class), its
 * firings on documented rules (must be caught) and on guesses (must stay quiet). No `expect` here.
 */
import type { Firing } from '../../../fixtures/faults/injector.ts';
import type { PhaseFailure } from './support.ts';

export interface FaultCell {
  fault: string;
  firings: Firing[];
  failures: PhaseFailure[];
  /** Findings the faithful run did not have (`operation phase check › rule (kind)`). */
  newFindings: string[];
  skipped?: string;
  caught?: boolean;
  quiet?: boolean;
  /** What is wrong, if anything: a documented rule not caught, a guess failing the run. */
  problems?: string[];
}

/**
 * A documented rule broken must be caught: a failing phase, or on a mock a finding the faithful run does not have
 * (a mock's bodies are the document's examples, so a schema finding on one is the document's or the mock's). A
 * guess broken must not fail the run: a failure on an operation where the fault only broke guesses is a false alarm.
 * Failures of the stateful phase are the resource's, whose firings were on the reads: judged by the run.
 */
export function judgeFault(input: {
  fault: string;
  target: 'mock' | 'sandbox';
  firings: Firing[];
  failures: PhaseFailure[];
  newFindings: string[];
}): FaultCell {
  const { fault, target, firings, failures, newFindings } = input;
  const documentedOps = new Set(firings.filter((f) => f.provenance === 'documented').map((f) => f.operation));
  const guessOps = new Set(firings.filter((f) => f.provenance === 'guess').map((f) => f.operation));
  const problems: string[] = [];
  const findingsOnDocumented = newFindings.filter(
    (w) => [...documentedOps].some((op) => w.startsWith(`${op} `)) && !w.endsWith('(assumption)'),
  );
  const caught = documentedOps.size === 0 ? undefined : failures.length > 0 || (target === 'mock' && findingsOnDocumented.length > 0);
  if (caught === false) problems.push(`broke a documented rule on ${[...documentedOps].join(', ')} and the run did not catch it`);
  const falseAlarms = failures.filter((f) => f.phase !== 'stateful' && !documentedOps.has(f.operation));
  const quiet = guessOps.size === 0 ? undefined : falseAlarms.filter((f) => guessOps.has(f.operation)).length === 0;
  if (documentedOps.size === 0 && failures.length > 0)
    problems.push(`failed the run where it broke no documented rule: ${describeFailures(failures)}`);
  else if (quiet === false) problems.push(`failed on operations where it only broke guesses: ${describeFailures(falseAlarms)}`);
  return { fault, firings, failures, newFindings, caught, quiet, problems };
}

export function describeMatrix(label: string, cells: FaultCell[]): string {
  const lines = [
    `fault injector: ${label}`,
    `  ${'fault (rule class)'.padEnd(26)} ${'documented'.padEnd(22)} ${'inferred/assumed'.padEnd(22)}`,
  ];
  for (const cell of cells) {
    if (cell.skipped) {
      lines.push(`  ${cell.fault.padEnd(26)} (${cell.skipped})`);
      continue;
    }
    const count = (kind: string) => cell.firings.filter((f) => f.provenance === kind).length;
    const documented = count('documented') === 0 ? 'never fired' : `${count('documented')}× ${cell.caught ? 'caught' : 'MISSED'}`;
    const guess = count('guess') === 0 ? 'never fired' : `${count('guess')}× ${cell.quiet === false ? 'FAILED' : 'quiet'}`;
    const valid = count('valid') > 0 ? `  (${count('valid')}× on answers no rule judges)` : '';
    lines.push(`  ${cell.fault.padEnd(26)} ${documented.padEnd(22)} ${guess.padEnd(22)}${valid}`);
    for (const problem of cell.problems ?? []) lines.push(`      ${problem}`);
  }
  return lines.join('\n');
}

const describeFailures = (failures: PhaseFailure[]): string =>
  failures
    .slice(0, 4)
    .map((f) => `${f.operation} ${f.phase} (${f.violations[0]?.slice(0, 300)})`)
    .join('; ') + (failures.length > 4 ? `; and ${failures.length - 4} more` : '');
