import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import type { FindingKind } from '../core/violation.ts';
import { strictMode } from '../checks/findings.ts';
import { REPORTS_DIR } from '../targets/paths.ts';
import { runState } from '../targets/run-state.ts';
import {
  ANSWER_ANNOTATION,
  answerWarnings,
  FINDING_ANNOTATION,
  formatFindingsSummary,
  parseAnswerNote,
  parseFindingNote,
  type AnswerNote,
} from './findings.ts';

interface Left {
  project: string;
  what: string;
  operation: string;
  id?: string;
  reason: string;
}

/** What the run-level sandbox clean-up could not undo (global teardown hands it over in the run's state). */
function leftInSandbox(): Left[] {
  const reports = runState.cleanupReport.read() ?? [];
  return reports.flatMap((report) =>
    report && typeof report === 'object' && Array.isArray((report as { left?: unknown }).left) ? (report as { left: Left[] }).left : [],
  );
}

/**
 * Prints, at the end of a run, the findings that did not fail the gate (contract assumptions contradicted, document
 * gaps and defects, inconclusive answers) and run-level warnings, and writes them to `reports/findings.json`.
 * A green run with findings is still green; this is where a reader sees that the contract needs a look.
 */
export default class FindingsReporter implements Reporter {
  private readonly findings = new Map<FindingKind, string[]>();
  private readonly answers = new Map<string, AnswerNote[]>();
  private readonly outputFile: string;

  constructor(options: { outputFile?: string } = {}) {
    this.outputFile = options.outputFile ?? join(REPORTS_DIR, 'findings.json');
  }

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const project = test.parent.project()?.name ?? '';
    for (const annotation of result.annotations) {
      if (annotation.type === FINDING_ANNOTATION) {
        const note = parseFindingNote(annotation.description);
        if (!note) continue;
        const list = this.findings.get(note.kind) ?? [];
        list.push(`${project}: ${note.detail}`);
        this.findings.set(note.kind, list);
      } else if (annotation.type === ANSWER_ANNOTATION) {
        const note = parseAnswerNote(annotation.description);
        if (!note) continue;
        const list = this.answers.get(project) ?? [];
        list.push(note);
        this.answers.set(project, list);
      }
    }
  }

  onEnd(_result: FullResult): void {
    if (process.argv.includes('--list')) return;
    const left = leftInSandbox();
    if (left.length > 0)
      console.log(
        `\nLeft in the sandbox (the run could not undo these; see reports/findings.json):\n${left.map((l) => `  ${l.project}: ${l.what} ${l.id ?? ''} (${l.operation}): ${l.reason}`).join('\n')}`,
      );
    const warnings = answerWarnings([...this.answers].map(([project, answers]) => ({ project, answers })));
    let strict = false;
    try {
      strict = strictMode();
    } catch {
      // A bad STRICT value stops the run before any test (fixtures/global-setup.ts); nothing to add here.
    }
    const summary = formatFindingsSummary(this.findings, warnings, strict);
    if (summary) console.log(summary);
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(
      this.outputFile,
      `${JSON.stringify({ strict, findings: Object.fromEntries(this.findings), warnings, leftInSandbox: left }, null, 2)}\n`,
    );
  }
}
