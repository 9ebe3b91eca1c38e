import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { generatedDirFor, ROOT } from '../../src/targets/paths.ts';
import { runState } from '../../src/targets/run-state.ts';
import { childEnv, procStats, treeRssByPid } from '../bench/run.ts';
import type { PwReport } from './report.ts';

/** One document's drop-in gate run: how it ended, what it cost, and Playwright's JSON report when it wrote one. */
export interface GateRun {
  project: string;
  exitCode: number | null;
  /** Stopped by the sweep's time bound: a hang, unless the document is simply too large for the bound. */
  timedOut: boolean;
  /** Processes of the run still alive after it ended (killed by the sweep): each one a defect of the engine. */
  orphans: number;
  wallMs: number;
  /** CPU time (user + system) its processes burned: what the gate cost, whatever else the machine was doing. */
  cpuMs: number;
  peakRssMb: number;
  report?: PwReport;
  /** The run's last lines of output, for a crash the report cannot explain. */
  tail: string;
}

/** The Playwright project a document becomes: its id with path separators and odd characters made plain. */
export const projectNameOf = (id: string): string =>
  id
    .replace(/\.(ya?ml|json)$/i, '')
    .replace(/[\\/]+/g, '--')
    .replace(/[^A-Za-z0-9._-]+/g, '_');

/**
 * What one document's gate may spend. CPU time, summed over the run's processes, is what a loop that never ends
 * burns and what a busy machine does not inflate: a minute plus 1.5 s per operation (at least 2 minutes), plus room
 * for a worker's watchdog to stop a test that blocks its loop. Wall time is bounded too (a run waiting on nothing),
 * at four times that, for a machine shared with other work; both at most as long as the caps.
 */
export const cpuBoundMs = (operations: number): number =>
  Math.min(25 * 60_000, Math.max(2 * 60_000, 60_000 + operations * 1_500) + 150_000);
export const wallBoundMs = (operations: number): number => Math.min(60 * 60_000, cpuBoundMs(operations) * 4);

const TICKS_PER_MS = 100 / 1000;

/** CPU time (user + system, ms) of each process in a process group. */
function groupCpuMs(group: number): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const [pid, fields] of procStats())
    if (Number(fields[2]) === group) cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS);
  return cpu;
}

/** Pids of the processes in a process group (the run and everything it started, unless one left the group). */
function groupMembers(group: number): number[] {
  return [...procStats()].filter(([, fields]) => Number(fields[2]) === group).map(([pid]) => pid);
}

const killGroup = (group: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-group, signal);
  } catch {
    // already gone
  }
};

/**
 * Runs one document as a user's drop-in gate: the document alone in a fresh `CONTRACTS_DIR`, its Prism mock, no
 * reference sandboxes, one worker, the generative phases on (their `GEN_BUDGET_S` bounds them). The run gets its own
 * process group, so that the time bound and the orphan check see every process it started.
 */
export function runGate(
  file: string,
  id: string,
  options: { cpuBoundMs: number; wallBoundMs: number; env?: Record<string, string> },
): Promise<GateRun> {
  const work = mkdtempSync(join(tmpdir(), 'corpus-gate-'));
  const contractsDir = join(work, 'contracts');
  mkdirSync(contractsDir);
  const project = projectNameOf(id);
  copyFileSync(file, join(contractsDir, `${project}${extname(file).toLowerCase()}`));
  const reportFile = join(work, 'report.json');
  const env = childEnv({
    CONTRACTS_DIR: contractsDir,
    REPORTS_DIR: join(work, 'reports'),
    NO_REFERENCE_SANDBOXES: '1',
    PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
    CI: '',
    [runState.nested.name]: '1',
    ...options.env,
  });
  const args = [
    join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'),
    'test',
    `--config=${join(ROOT, 'playwright.config.ts')}`,
    `--project=${project}`,
    '--workers=1',
    // JSON to the report file; the line reporter's progress on stdout says which test a stopped run was in.
    '--reporter=json,line',
  ];
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString().replace(/\r/g, '\n')).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let peak = 0;
    let timedOut = false;
    // The last CPU time seen of each process, so that those that have ended still count.
    const cpuSeen = new Map<number, number>();
    const stopRun = () => {
      if (timedOut) return;
      timedOut = true;
      killGroup(child.pid!, 'SIGTERM');
      setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 5_000).unref();
    };
    const sampler = setInterval(() => {
      if (!child.pid) return;
      let total = 0;
      for (const rss of treeRssByPid(child.pid).values()) total += rss;
      peak = Math.max(peak, total);
      for (const [pid, ms] of groupCpuMs(child.pid)) cpuSeen.set(pid, ms);
      const cpu = [...cpuSeen.values()].reduce((a, b) => a + b, 0);
      if (cpu > options.cpuBoundMs) stopRun();
    }, 500);
    const bound = setTimeout(stopRun, options.wallBoundMs);
    child.on('close', async (exitCode) => {
      clearInterval(sampler);
      clearTimeout(bound);
      const wallMs = performance.now() - started;
      // Whatever the run started and left behind (a worker whose event loop is blocked, say) is an orphan, unless
      // it ends by itself within a few seconds (a worker's watchdog stops it once it sees the runner gone).
      let survivors = child.pid ? groupMembers(child.pid) : [];
      for (let waited = 0; survivors.length > 0 && waited < 5_000; waited += 250) {
        await new Promise((r) => setTimeout(r, 250));
        survivors = groupMembers(child.pid!);
      }
      if (child.pid && survivors.length > 0) killGroup(child.pid, 'SIGKILL');
      let report: PwReport | undefined;
      try {
        if (existsSync(reportFile)) report = JSON.parse(readFileSync(reportFile, 'utf8')) as PwReport;
      } catch {
        report = undefined;
      }
      rmSync(generatedDirFor(contractsDir), { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
      resolve({
        project,
        exitCode,
        timedOut,
        orphans: survivors.length,
        wallMs,
        cpuMs: [...cpuSeen.values()].reduce((a, b) => a + b, 0),
        peakRssMb: peak / 2 ** 20,
        report,
        tail: output.split('\n').slice(-30).join('\n'),
      });
    });
  });
}
