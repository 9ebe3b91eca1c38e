/**
 * How the fault self-test judges one fault on one document, and the matrix it prints: per fault (a rule class), its
 * firings on documented rules (must be caught) and on guesses (must stay quiet). No `expect` here.
 */
import type { Operation } from '../../../src/contract/types.ts';
import { couldFireOn, isDocumentedFault } from '../../../fixtures/faults/documented.ts';
import type { Answered, FaultClass, Firing } from '../../../fixtures/faults/injector.ts';
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

/**
 * A fault that fired, or never did. Where it never fired, the silence must be explained: by `neverFires` (the
 * self-test's table of where a fault cannot fire, and why), or, for a documented fault, by the run itself: no request
 * of the phases reached the operations it is planted on (each phase's own skip reason says why), or the target never
 * gave them an answer the fault changes at all (`couldFireOn`: a 2xx JSON answer, say). A fault that had its chance
 * and stayed silent is a problem (an injector or generator regression must not turn into a quiet cell), and so is
 * one that fired where `neverFires` says it cannot (the table is out of date).
 */
export function judgeSilence(input: {
  fault: FaultClass;
  /** The operations a documented fault is planted on; undefined for a general fault (any operation). */
  planted: Operation[] | undefined;
  firings: Firing[];
  answered: Answered[];
  skips: Map<string, string[]>;
  neverFires?: string;
}): { skipped?: string; problem?: string } {
  const { fault, planted, firings, answered, skips, neverFires } = input;
  if (firings.length > 0)
    return neverFires === undefined ? {} : { problem: `fired, where NEVER_FIRES says it cannot (${neverFires}): update the table` };
  if (neverFires !== undefined) return { skipped: neverFires };
  const byKey = new Map(planted?.map((o) => [o.key, o]));
  const answers = answered.filter((a) => !planted || byKey.has(a.operation));
  const seen = new Map<string, number>();
  for (const a of answers) {
    const shape = `${a.status} ${a.contentType.split(';')[0] || '(no type)'}`;
    seen.set(shape, (seen.get(shape) ?? 0) + 1);
  }
  const shapes =
    [...seen]
      .map(([shape, n]) => `${n}× ${shape}`)
      .slice(0, 6)
      .join(', ') || 'none';
  const unexplained = (why: string) => ({ problem: `never fired, and NEVER_FIRES does not say why it cannot (${why})` });
  if (!planted || !isDocumentedFault(fault)) return unexplained(`answers it saw: ${shapes}`);
  if (answers.length === 0) {
    const reasons = [...new Set([...byKey.keys()].flatMap((key) => (skips.get(key) ?? []).map((r) => `${key} ${r}`)))];
    return reasons.length > 0
      ? { skipped: `no request reached what it is planted on: ${reasons.slice(0, 3).join('; ').slice(0, 400)}` }
      : unexplained(`planted on ${[...byKey.keys()].join(', ')}, which the phases neither called nor skipped`);
  }
  const chances = answers.filter((a) => couldFireOn(fault, a, byKey.get(a.operation)!));
  return chances.length === 0
    ? { skipped: `no answer of what it is planted on is one it changes (it saw ${shapes})` }
    : unexplained(`${chances.length} answers it could have changed; answers it saw: ${shapes}`);
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
