import type { DocumentOutcome } from './outcome.ts';

/** The sweep's table (Markdown) and totals, from the outcomes so far. */

export interface SweepTotals {
  documents: number;
  verdicts: Record<string, number>;
  tests: number;
  passed: number;
  skipped: number;
  failed: number;
  causes: Record<string, number>;
  classes: Record<string, number>;
  findings: Record<string, number>;
  hangs: number;
  crashes: number;
  orphans: number;
  operations: number;
  /** Sum of the gates' wall times. */
  gateMs: number;
  /** Sum of the gates' CPU times (where recorded). */
  cpuMs: number;
  /** The median 1-minute load average when gates ended (where recorded). */
  medianLoad?: number;
  /** The commits whose code ran the gates, with how many gates each. */
  commits: Record<string, number>;
  /** The slowest gate per 100 operations (documents of 20 operations or more, where start-up does not dominate). */
  worstMsPer100Operations: number;
  /** Documents whose gate took longer than a minute per 100 operations (start-up of 1 min allowed). */
  overTimeTarget: string[];
  peakRssMb: number;
}

const add = (into: Record<string, number>, from: Partial<Record<string, number>>) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + (v ?? 0);
};

/** A gate meets the time target when it takes at most a minute per 100 operations, beyond a minute of start-up. */
export const meetsTimeTarget = (o: Pick<DocumentOutcome, 'wallMs' | 'operations'>): boolean => o.wallMs <= 60_000 + o.operations * 600;

export function totalsOf(outcomes: DocumentOutcome[]): SweepTotals {
  const totals: SweepTotals = {
    documents: outcomes.length,
    verdicts: {},
    tests: 0,
    passed: 0,
    skipped: 0,
    failed: 0,
    causes: {},
    classes: {},
    findings: {},
    hangs: 0,
    crashes: 0,
    orphans: 0,
    operations: 0,
    gateMs: 0,
    cpuMs: 0,
    commits: {},
    worstMsPer100Operations: 0,
    overTimeTarget: [],
    peakRssMb: 0,
  };
  for (const o of outcomes) {
    totals.verdicts[o.verdict] = (totals.verdicts[o.verdict] ?? 0) + 1;
    totals.tests += o.tests;
    totals.passed += o.passed;
    totals.skipped += o.skipped;
    totals.failed += o.failed;
    add(totals.causes, o.causes);
    add(totals.classes, o.classes);
    add(totals.findings, o.findings);
    if (o.verdict === 'hang') totals.hangs += 1;
    if (o.verdict === 'crash') totals.crashes += 1;
    totals.orphans += o.orphans;
    totals.operations += o.operations;
    totals.gateMs += o.wallMs;
    totals.cpuMs += o.cpuMs ?? 0;
    const commit = o.commit ?? 'unrecorded';
    totals.commits[commit] = (totals.commits[commit] ?? 0) + 1;
    if (o.operations >= 20) totals.worstMsPer100Operations = Math.max(totals.worstMsPer100Operations, (o.wallMs * 100) / o.operations);
    if (!meetsTimeTarget(o)) totals.overTimeTarget.push(o.id);
    totals.peakRssMb = Math.max(totals.peakRssMb, o.peakRssMb);
  }
  const loads = outcomes.flatMap((o) => (o.load1 === undefined ? [] : [o.load1])).sort((a, b) => a - b);
  if (loads.length > 0) totals.medianLoad = loads[Math.floor(loads.length / 2)];
  return totals;
}

const kb = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`);
const list = (counts: Partial<Record<string, number>>) =>
  Object.entries(counts)
    .filter(([, n]) => n)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || '–';
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderTable(outcomes: DocumentOutcome[], header: string[]): string {
  const totals = totalsOf(outcomes);
  const lines = [
    ...header,
    '',
    '| totals | |',
    '|---|---|',
    `| documents | ${totals.documents} (${list(totals.verdicts)}) |`,
    `| tests | ${totals.tests}: ${totals.passed} passed, ${totals.skipped} skipped, ${totals.failed} failed |`,
    `| failed tests by cause | ${list(totals.causes)} |`,
    `| findings (not failing) | ${list(totals.findings)} |`,
    `| hangs, crashes, orphan processes | ${totals.hangs}, ${totals.crashes}, ${totals.orphans} |`,
    `| operations | ${totals.operations} |`,
    `| gate time, summed | ${(totals.gateMs / 60_000).toFixed(1)} min wall, ${(totals.cpuMs / 60_000).toFixed(1)} min CPU (where recorded) |`,
    `| machine load (1-min load average when gates ended, median) | ${totals.medianLoad ?? '–'} on 2 cores |`,
    `| code that ran the gates (commit: gates) | ${list(totals.commits)} |`,
    `| slowest gate per 100 operations (20+ operations) | ${(totals.worstMsPer100Operations / 1000).toFixed(1)} s |`,
    `| over 1 min per 100 operations (+1 min start-up) | ${totals.overTimeTarget.length === 0 ? 'none' : totals.overTimeTarget.join(', ')} |`,
    `| peak memory of one gate | ${totals.peakRssMb} MB |`,
    '',
  ];
  if (Object.keys(totals.classes).length > 0) {
    lines.push('Failed tests by class:', '');
    for (const [name, n] of Object.entries(totals.classes).sort((a, b) => b[1] - a[1])) lines.push(`- ${n}× ${cell(name)}`);
    lines.push('');
  }
  lines.push(
    '| document | format | size | ops | tests | passed | skipped | failed | failures by cause | findings | verdict | wall | CPU | load | peak | commit |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const o of outcomes) {
    const verdict = o.reason ? `${o.verdict}: ${cell(o.reason)}` : o.verdict;
    lines.push(
      `| ${cell(o.id)} | ${o.format} | ${kb(o.bytes)} | ${o.operations} | ${o.tests} | ${o.passed} | ${o.skipped} | ${o.failed} | ${list(o.causes)} | ${list(o.findings)} | ${verdict} | ${(o.wallMs / 1000).toFixed(1)} s | ${o.cpuMs === undefined ? '–' : `${(o.cpuMs / 1000).toFixed(1)} s`} | ${o.load1 ?? '–'} | ${o.peakRssMb} MB | ${o.commit ?? '–'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
