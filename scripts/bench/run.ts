import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { isRunStateVariable } from '../../src/targets/run-state.ts';

export interface Measured {
  /** Wall time from spawn to exit (or to the `READY` line when `untilReady`). */
  ms: number;
  status: number | null;
  /** Peak of the summed resident set of the child and all its descendants, sampled every 100 ms. */
  peakRssMb: number;
  /** The highest peak resident set of any one Playwright worker process among the descendants (0 when none ran). */
  workerPeakRssMb: number;
  stdout: string;
  stderr: string;
  /** The JSON after `READY ` on stdout, when the child printed one. */
  ready?: unknown;
}

const PAGE = 4096;

/**
 * pid → the `/proc/<pid>/stat` fields from the state on, for every process visible in /proc: `[0]` state, `[1]` parent
 * pid, `[2]` process group, `[11]` and `[12]` user and system ticks.
 */
export function procStats(): Map<number, string[]> {
  const stats = new Map<number, string[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the fields start after its last `)`.
      stats.set(Number(name), stat.slice(stat.lastIndexOf(')') + 2).split(' '));
    } catch {
      // the process ended between readdir and read
    }
  }
  return stats;
}

/** pid → parent pid for every process visible in /proc. */
const parents = (): Map<number, number> => new Map([...procStats()].map(([pid, fields]) => [pid, Number(fields[1])]));

/** Resident set in bytes of each process in the tree of `root`. */
export function treeRssByPid(root: number): Map<number, number> {
  const map = parents();
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of map)
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
  }
  const rss = new Map<number, number>();
  for (const pid of tree) {
    try {
      rss.set(pid, Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE);
    } catch {
      // ended
    }
  }
  return rss;
}

const isWorker = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('workerProcessEntry');
  } catch {
    return false;
  }
};

/** Summed RSS in bytes of `root` and its descendants. */
export function treeRss(root: number): number {
  let total = 0;
  for (const rss of treeRssByPid(root).values()) total += rss;
  return total;
}

/** Environment for a child run: the bench's own, without what a parent Playwright run would leak in. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(TEST_|PW_|PLAYWRIGHT_|FORCE_COLOR|FC_)/.test(key) && !isRunStateVariable(key)) env[key] = value;
  }
  return { ...env, FORCE_COLOR: '0', ...extra };
}

/**
 * Runs a command and measures wall time and peak RSS of its process tree. With `untilReady`, the clock stops at the
 * child's `READY {json}` line (a cold-start probe); the child is then left to exit on its own or killed.
 */
export function measure(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; untilReady?: boolean; timeoutMs?: number },
): Promise<Measured> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    let workerPeak = 0;
    const workers = new Map<number, boolean>();
    let readyMs: number | undefined;
    let ready: unknown;
    const sample = () => {
      if (!child.pid) return;
      const byPid = treeRssByPid(child.pid);
      let total = 0;
      for (const [pid, rss] of byPid) {
        total += rss;
        if (!workers.has(pid)) workers.set(pid, isWorker(pid));
        if (workers.get(pid)) workerPeak = Math.max(workerPeak, rss);
      }
      peak = Math.max(peak, total);
    };
    const sampler = setInterval(sample, 100);
    const limit = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 900_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (readyMs === undefined) {
        const match = stdout.match(/^READY (.*)$/m);
        if (match) {
          readyMs = performance.now() - started;
          ready = JSON.parse(match[1]);
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => {
      clearInterval(sampler);
      clearTimeout(limit);
      const ms = options.untilReady && readyMs !== undefined ? readyMs : performance.now() - started;
      resolve({ ms, status, peakRssMb: peak / 2 ** 20, workerPeakRssMb: workerPeak / 2 ** 20, stdout, stderr, ready });
    });
  });
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
