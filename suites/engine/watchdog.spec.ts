import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testPatience } from './support/patience.ts';

/**
 * The watchdog stops a worker whose test blocks its event loop past its time-out, and a worker whose runner is gone:
 * no document can hang a gate, and no process of a killed run outlives it. The stand-in worker spins for ever; only
 * the watchdog can end it (each wait below is bounded, and ends as soon as the process is gone).
 */
test.describe.configure({ mode: 'parallel', timeout: testPatience(1) });

const script = fileURLToPath(new URL('./support/blocked-worker.ts', import.meta.url));
const node = (mode: string) => spawn(process.execPath, ['--import', 'tsx', script, mode], { stdio: ['ignore', 'pipe', 'pipe'] });

/** Whether a process is alive and not a zombie. */
function alive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

test('a test that blocks its worker past its time-out is stopped, with the reason on stderr', async () => {
  const child = node('block');
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  expect(ended.signal).toBe('SIGKILL');
  expect(stderr).toMatch(/ENGINE_HANG: "a test that never yields" blocked its worker for \d+ s past its time-out/);
  // The message names the code that never yields: the inspector's view of the blocked loop.
  expect(stderr).toMatch(/^\s+at spin \(/m);
});

test('a blocked worker whose runner is killed stops instead of outliving it', async () => {
  const runner = node('orphan');
  const pid = await new Promise<number>((resolve) =>
    runner.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  expect(alive(pid)).toBe(true);
  runner.kill('SIGKILL');
  try {
    await expect.poll(() => alive(pid), { timeout: testPatience(1) / 2, intervals: [250] }).toBe(false);
  } finally {
    // Without the watchdog nothing would end it: the test cleans up what it started either way.
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
});
