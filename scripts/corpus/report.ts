/** Reading one gate run's Playwright JSON report into the sweep's terms: outcomes, failures by cause, findings. */

// Playwright's own types of its JSON report, as the bench reads it too.
import type { JSONReport as PwReport, JSONReportSuite as PwSuite, JSONReportTest as PwTest } from '@playwright/test/reporter';
import { withoutColour } from '../../src/report/summary.ts';
import { specs } from '../bench/pw-json.ts';

export type { PwReport };

/** Why a failed test failed, as one of the sweep's causes. */
export type Cause = 'engine error' | 'engine rule taken as documented' | 'mock limitation' | 'document defect' | 'gap' | 'assumption';

export interface ReadReport {
  tests: number;
  passed: number;
  skipped: number;
  failed: number;
  /** Failed tests by cause, and by class within a cause (`check › rule`, or the error's first line). */
  causes: Partial<Record<Cause, number>>;
  classes: Record<string, number>;
  /** One failing test per class: its title and the start of its message, to find the class's cause from the table. */
  samples: Record<string, string>;
  /** Findings that did not fail (assumption, document-gap, document-defect, inconclusive, mock-limitation) by kind. */
  findings: Record<string, number>;
  /** The document could not be loaded: the `contract loads` test's message. */
  loadError?: string;
  /** Skip reasons, most common first (a few). */
  skipReasons: [string, number][];
  /** Errors outside any test (global setup, a worker that died). */
  runErrors: string[];
}

/** A report's counts, without what only explains a crash or a load error: what a sweep keeps of each gate. */
export type ReportCounts = Omit<ReadReport, 'loadError' | 'runErrors'>;

/** The counts before any test is read: where a read starts, and all a gate that left no report has. */
export const noCounts = (): ReportCounts => ({
  tests: 0,
  passed: 0,
  skipped: 0,
  failed: 0,
  causes: {},
  classes: {},
  samples: {},
  findings: {},
  skipReasons: [],
});

function* allTests(suites: PwSuite[]): Generator<{ title: string; test: PwTest }> {
  for (const { spec, path } of specs(suites)) for (const test of spec.tests) yield { title: [...path, spec.title].join(' › '), test };
}

const firstLine = (text: string): string => withoutColour(text).trim().split('\n')[0].slice(0, 200);

/** Replaces the parts of a message that differ between instances of one class (numbers, quoted values, paths). */
export function normaliseClass(text: string): string {
  return firstLine(text)
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\b\d+(\.\d+)?\b/g, 'N')
    .replace(/\/[\w./{}-]+/g, '/…');
}

/** The `[check › rule]` items of a `toConform` failure message. */
const violationItems = (message: string): string[] => [...withoutColour(message).matchAll(/^\s*\d+\. \[([^\]]+)\]/gm)].map((m) => m[1]);

/** The cause of one failing violation, by its check and rule. */
export function causeOf(item: string): Cause {
  const [check, rule] = item.split(' › ');
  if (rule === 'engine-error' || rule === 'server-error') return 'engine error';
  // The negative phase's own rule (a broken request is refused) and the credentials rule, taken as documented.
  if (check === 'generative-negative' || (check === 'expectedStatus' && rule === 'not-rejected')) return 'engine rule taken as documented';
  return 'engine error';
}

export function readReport(report: PwReport): ReadReport {
  const read: ReadReport = { ...noCounts(), runErrors: (report.errors ?? []).map((e) => firstLine(e.message ?? '')) };
  const skips = new Map<string, number>();
  for (const { title, test } of allTests(report.suites)) {
    read.tests += 1;
    const result = test.results[test.results.length - 1];
    const status = result?.status ?? 'skipped';
    const annotations = [...(test.annotations ?? []), ...(result?.annotations ?? [])];
    for (const note of annotations) {
      if (note.type !== 'finding' || !note.description) continue;
      const kind = note.description.split(' › ')[0];
      read.findings[kind] = (read.findings[kind] ?? 0) + 1;
    }
    if (status === 'skipped') {
      read.skipped += 1;
      const reason = annotations.find((a) => a.type === 'skip')?.description;
      if (reason) skips.set(normaliseClass(reason), (skips.get(normaliseClass(reason)) ?? 0) + 1);
      continue;
    }
    if (status === 'passed') {
      read.passed += 1;
      continue;
    }
    read.failed += 1;
    const message = (result?.errors ?? [result?.error ?? {}]).map((e: { message?: string }) => e.message ?? '').join('\n');
    if (/› contract loads$/.test(title)) {
      read.loadError = firstLine(message);
      continue;
    }
    const items = violationItems(message);
    // A test that failed with something other than violations (a crash, a time-out) is the engine's.
    const classes = items.length > 0 ? [...new Set(items)] : [`crash: ${normaliseClass(message) || status}`];
    const causes = new Set(items.length > 0 ? classes.map(causeOf) : (['engine error'] as Cause[]));
    for (const cause of causes) read.causes[cause] = (read.causes[cause] ?? 0) + 1;
    for (const name of classes) {
      read.classes[name] = (read.classes[name] ?? 0) + 1;
      read.samples[name] ??= `${title}\n${withoutColour(message).slice(0, 1500)}`;
    }
  }
  read.skipReasons = [...skips].sort((a, b) => b[1] - a[1]).slice(0, 5);
  return read;
}
