import { FINDING_TITLES } from '../checks/findings.ts';
import type { FindingKind } from '../core/violation.ts';
import { rerunCommand } from '../generate/rerun.ts';
import type { CoverageSummary } from './coverage.ts';

/**
 * The run's summary for CI (`reports/summary.md`, appended to `GITHUB_STEP_SUMMARY`): a verdict line, then, when
 * the run failed, what failed grouped by whose fault it is (the Allure categories) with the line that replays
 * each failure; then the findings that do not fail the gate, coverage per vendor, and the breaking changes
 * `contracts:diff` found. Pure: the reporter (`summary-reporter.ts`) gathers the inputs from the finished run and
 * from the files the findings and coverage reporters and `contracts:diff` leave in `reports/`.
 */

/** Where `contracts:diff` leaves its result for the summary, in the reports folder. */
export const DIFF_RESULT_FILE = 'contracts-diff.json';

export interface SummaryFailure {
  project: string;
  /** `GET /pets/{pet_id} › 200`: the test's titles below its project. */
  title: string;
  /** The Allure category: `contract violation`, `engine error`, ... */
  category: string;
  /** The first lines of the error: what failed and why. */
  excerpt: string[];
  /** The command that runs this test again (a generative failure's own `replay:` line where it printed one). */
  replay: string;
}

export interface FindingsFile {
  strict?: boolean;
  findings?: Partial<Record<FindingKind, string[]>>;
  warnings?: string[];
  /** What a run with writes could not undo in a vendor's sandbox (src/safety/cleanup.ts). */
  leftInSandbox?: { project: string; what: string; operation: string; id?: string; reason: string }[];
}

export interface CoverageFile {
  status?: string;
  coverageMin?: number | null;
  failures?: string[];
  vendors?: Record<string, CoverageSummary>;
}

export interface DiffFile {
  ref?: string;
  commit?: string;
  exitCode?: number;
  summary?: { breaking: number; acknowledged: number; nonBreaking: number };
  findings?: { contract?: string; kind?: string; rule?: string; location?: string; message?: string; acknowledged?: unknown }[];
}

export interface SummaryInput {
  status: 'passed' | 'failed' | 'timedout' | 'interrupted';
  counts: { passed: number; failed: number; flaky: number; skipped: number };
  durationMs: number;
  failures: SummaryFailure[];
  /** Errors outside any test (global setup, a worker that crashed). */
  errors: string[];
  findings?: FindingsFile;
  coverage?: CoverageFile;
  diff?: DiffFile;
  /** `shard 1/4`, when the run holds part of the tests. */
  shard?: string;
}

const FAILURES_SHOWN = 30;
const TOP_FINDINGS = 3;
const BREAKING_SHOWN = 10;

export function formatSummary(input: SummaryInput): string {
  const failed = input.status !== 'passed' || (input.coverage?.failures?.length ?? 0) > 0 || breaking(input.diff) > 0;
  const lines: string[] = [`# API conformance: ${failed ? '❌ FAIL' : '✅ PASS'}`, '', verdictLine(input), ''];
  if (failed) lines.push(...whatFailed(input));
  lines.push(
    ...leftSection(input.findings),
    ...findingsSection(input.findings),
    ...coverageSection(input.coverage, failed),
    ...diffSection(input.diff),
  );
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function verdictLine(input: SummaryInput): string {
  const { passed, failed, flaky, skipped } = input.counts;
  const parts = [`${passed} passed`, `${failed} failed`, ...(flaky ? [`${flaky} flaky`] : []), `${skipped} skipped`];
  const status = input.status === 'passed' ? '' : input.status === 'failed' ? '' : ` (run ${input.status})`;
  return `${parts.join(', ')} in ${duration(input.durationMs)}${status}${input.shard ? `; ${input.shard} of the tests` : ''}.`;
}

function whatFailed(input: SummaryInput): string[] {
  const lines: string[] = ['## What failed', ''];
  for (const error of input.errors) lines.push(`- **run error**: ${oneLine(error)}`);
  for (const failure of input.coverage?.failures ?? []) lines.push(`- **coverage gate**: ${oneLine(failure)}`);
  const unacknowledged = breaking(input.diff);
  if (unacknowledged > 0) lines.push(`- **breaking contract changes**: ${unacknowledged} unacknowledged (below)`);
  if (lines.length > 2) lines.push('');
  const byCategory = new Map<string, SummaryFailure[]>();
  for (const failure of input.failures) byCategory.set(failure.category, [...(byCategory.get(failure.category) ?? []), failure]);
  let shown = 0;
  for (const [category, failures] of [...byCategory].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    lines.push(`### ${category}: ${failures.length}`, '');
    for (const failure of failures) {
      if (shown++ >= FAILURES_SHOWN) break;
      lines.push(`- **${failure.project}** › ${failure.title}`);
      if (failure.excerpt.length > 0) lines.push('  ```', ...failure.excerpt.map((l) => `  ${l}`), '  ```');
      lines.push(`  replay: \`${failure.replay}\``);
    }
    lines.push('');
  }
  if (input.failures.length > FAILURES_SHOWN)
    lines.push(`… and ${input.failures.length - FAILURES_SHOWN} more failures: reports/junit.xml and the Allure report list them all.`, '');
  return lines;
}

/** Records, singletons or credentials the run made in a vendor's sandbox and could not undo: someone must look. */
function leftSection(file: FindingsFile | undefined): string[] {
  const left = file?.leftInSandbox ?? [];
  if (left.length === 0) return [];
  return [
    '## Left in the sandbox',
    '',
    'The run could not undo these; remove them by hand or see why in the run log.',
    '',
    ...left.map((l) => `- ${l.project}: ${l.what}${l.id ? ` \`${l.id}\`` : ''} (${l.operation}): ${l.reason}`),
    '',
  ];
}

function findingsSection(file: FindingsFile | undefined): string[] {
  const kinds = Object.entries(file?.findings ?? {}).filter(([, list]) => (list?.length ?? 0) > 0) as [FindingKind, string[]][];
  const warnings = file?.warnings ?? [];
  if (kinds.length === 0 && warnings.length === 0) return [];
  const strict = file?.strict === true;
  const lines = ['## Findings that are not vendor violations', ''];
  if (!strict) lines.push('Not failing: `STRICT=1` fails all of them but the inconclusive ones.', '');
  for (const [kind, list] of kinds.sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`- **${FINDING_TITLES[kind] ?? kind}**: ${list.length}`);
    for (const detail of list.slice(0, TOP_FINDINGS)) lines.push(`  - ${detail}`);
    if (list.length > TOP_FINDINGS) lines.push(`  - … ${list.length - TOP_FINDINGS} more in reports/findings.json`);
  }
  for (const warning of warnings) lines.push(`- warning: ${warning}`);
  return [...lines, ''];
}

function coverageSection(file: CoverageFile | undefined, detailed: boolean): string[] {
  const vendors = Object.entries(file?.vendors ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (vendors.length === 0) return [];
  const min = typeof file?.coverageMin === 'number' ? ` (COVERAGE_MIN=${file.coverageMin}%)` : '';
  if (!detailed) {
    const cells = vendors.map(([vendor, s]) => `${vendor} ${s.exercised}/${s.documented} (${s.percentExercised}%)`);
    return [`Coverage, documented operation × status pairs exercised${min}: ${cells.join(', ')}.`, ''];
  }
  const lines = [
    `## Coverage per vendor${min}`,
    '',
    '| vendor | operations | pairs exercised | passed | failed | skipped | not exercised |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const [vendor, s] of vendors)
    lines.push(
      `| ${vendor} | ${s.operations} | ${s.exercised}/${s.documented} (${s.percentExercised}%) | ${s.passed} | ${s.failed} | ${s.skipped} | ${s.notExercised} |`,
    );
  return [...lines, ''];
}

const breaking = (diff: DiffFile | undefined): number => diff?.summary?.breaking ?? 0;

function diffSection(diff: DiffFile | undefined): string[] {
  if (!diff?.summary) return [];
  const { breaking: count, acknowledged, nonBreaking } = diff.summary;
  const against = `against ${diff.ref ?? '?'}${diff.commit ? ` (${diff.commit.slice(0, 12)})` : ''}`;
  const lines = [`## Contract changes ${against}`, '', `${count} breaking, ${acknowledged} acknowledged, ${nonBreaking} non-breaking.`, ''];
  const shown = (diff.findings ?? []).filter((f) => f.kind === 'breaking' && !f.acknowledged);
  for (const f of shown.slice(0, BREAKING_SHOWN))
    lines.push(`- ${f.contract ?? ''} \`${f.rule ?? ''}\` ${f.location ?? ''}: ${oneLine(f.message ?? '')}`);
  if (shown.length > BREAKING_SHOWN)
    lines.push(`- … ${shown.length - BREAKING_SHOWN} more: \`npm run contracts:diff -- ${diff.ref ?? '<ref>'}\``);
  return [...lines, ''];
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 300);

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** A message without the terminal's colour codes (Playwright colours its failure messages). */
export const withoutColour = (message: string): string => message.replace(/\u001b\[[0-9;]*m/g, '');

/** The first lines of a failure message that say what and why, without colour codes or the stack. */
export function excerptOf(message: string, maxLines = 8): string[] {
  const lines = withoutColour(message)
    .split('\n')
    .map((l) => l.trimEnd());
  const end = lines.findIndex((l) => /^\s+at /.test(l) || /^\s*\d+ \|/.test(l) || /^\s*> \d+ \|/.test(l));
  return (end === -1 ? lines : lines.slice(0, end))
    .filter((l) => l.trim() !== '' && !/^replay: /.test(l.trim()))
    .slice(0, maxLines)
    .map((l) => l.replace(/```/g, "'''"));
}

/** The command that runs one test again: its own `replay:` line when it printed one (generative phases). */
export function replayLine(message: string, project: string, titles: string[]): string {
  const own = /^(?:Error: )?replay: (.+)$/m.exec(withoutColour(message));
  if (own) return own[1].trim();
  return rerunCommand(project, titles.join(' '));
}
