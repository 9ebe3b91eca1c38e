import { loadavg } from 'node:os';
import type { GateRun } from './gate.ts';
import { noCounts, readReport, type ReportCounts } from './report.ts';
import { stratumOf } from './sample.ts';
import type { DocumentFacts } from './source.ts';

/** One document's line in the sweep's results: what it is, how its gate went, what it cost. */
export interface DocumentOutcome extends ReportCounts {
  id: string;
  format: DocumentFacts['format'];
  bytes: number;
  operations: number;
  security: string;
  stratum: string;
  verdict: 'green' | 'green with findings' | 'red' | 'cannot be a gate' | 'hang' | 'crash';
  /** One line: why it cannot be a gate, what made it red, or what the hang/crash left. */
  reason?: string;
  orphans: number;
  wallMs: number;
  /** CPU time its processes burned (absent in results of sweeps before it was recorded). */
  cpuMs?: number;
  /** The machine's 1-minute load average when the gate ended: how shared the 2 cores were. */
  load1?: number;
  /** The code that ran the gate (git commit, `+` when the tree had changes). */
  commit?: string;
  peakRssMb: number;
}

export function outcomeOf(facts: DocumentFacts, run: GateRun, commit?: string): DocumentOutcome {
  const base = {
    id: facts.id,
    format: facts.format,
    bytes: facts.bytes,
    operations: facts.operations,
    security: facts.security,
    stratum: stratumOf(facts),
    orphans: run.orphans,
    wallMs: Math.round(run.wallMs),
    cpuMs: Math.round(run.cpuMs),
    load1: Math.round(loadavg()[0] * 100) / 100,
    commit,
    peakRssMb: Math.round(run.peakRssMb),
  };
  const empty = noCounts();
  if (run.timedOut) {
    const last = [...run.tail.matchAll(/^\[\d+\/\d+\] (.*)$/gm)].pop()?.[1];
    return {
      ...base,
      ...empty,
      verdict: 'hang',
      reason: `stopped by the sweep's bound (CPU or wall time) after ${Math.round(run.wallMs / 1000)} s${last ? `; last test started: ${last.slice(0, 200)}` : ''}`,
    };
  }
  if (!run.report) {
    const usage = /^[A-Z][A-Z_]+: .*$/m.exec(run.tail)?.[0];
    // The runner refused the document before any test (a usage error names it with a stable code).
    if (usage) return { ...base, ...empty, verdict: 'cannot be a gate', reason: usage.slice(0, 240) };
    return {
      ...base,
      ...empty,
      verdict: 'crash',
      reason: `no report (exit ${run.exitCode}): ${run.tail.trim().split('\n').pop()?.slice(0, 200) ?? ''}`,
    };
  }
  const read = readReport(run.report);
  const counts = { ...read, runErrors: undefined };
  delete counts.runErrors;
  delete counts.loadError;
  const outcome = { ...base, ...counts };
  if (read.loadError)
    return { ...outcome, verdict: 'cannot be a gate', reason: `does not load: ${read.loadError}`, failed: read.failed - 1 };
  if (read.runErrors.length > 0 && read.tests === 0)
    return { ...outcome, verdict: 'crash', reason: `the run failed outside any test: ${read.runErrors[0]}` };
  if (read.failed > 0) {
    const top = Object.entries(read.classes).sort((a, b) => b[1] - a[1])[0];
    return { ...outcome, verdict: 'red', reason: top ? `${top[1]}× ${top[0]}` : undefined };
  }
  if (read.passed === 0) {
    const reason = read.skipReasons[0]?.[0] ?? 'no test ran';
    return { ...outcome, verdict: 'cannot be a gate', reason: `nothing could be sent: ${reason}` };
  }
  if (run.orphans > 0) return { ...outcome, verdict: 'crash', reason: `${run.orphans} process(es) of the run outlived it` };
  const findings = Object.values(read.findings).reduce((a, b) => a + b, 0);
  return { ...outcome, verdict: findings > 0 ? 'green with findings' : 'green' };
}
