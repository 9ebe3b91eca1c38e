import { spawn } from 'node:child_process';
import { startWatchdog } from '../../../fixtures/watchdog.ts';

/**
 * Stands in for a Playwright worker whose test blocks the event loop. `block`: it watches a test with a 200 ms
 * time-out and then spins forever. `orphan`: it starts a grandchild that does the same under a long time-out and,
 * once the grandchild is watched, prints its pid; the caller kills this process (the "runner") and looks for it.
 */
const mode = process.argv[2];
const spin = (): never => {
  for (;;) Math.sqrt(Math.random());
};

if (mode === 'block') {
  const watchdog = await startWatchdog({ graceMs: 200, stallMs: 500 });
  watchdog.watch({ title: 'a test that never yields', timeout: 200 });
  setTimeout(spin, 50);
} else if (mode === 'child') {
  const watchdog = await startWatchdog();
  watchdog.watch({ title: 'a test with a long time-out', timeout: 600_000 });
  process.stdout.write('watching\n', () => setTimeout(spin, 50));
} else if (mode === 'orphan') {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], 'child'], { stdio: ['ignore', 'pipe', 'inherit'] });
  // The pid is told once the grandchild's watchdog runs: a runner killed before that is not what is tested.
  child.stdout.once('data', () => process.stdout.write(`${child.pid}\n`));
  setInterval(() => undefined, 1000);
}
