import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testPatience } from './support/patience.ts';

const script = fileURLToPath(new URL('./support/mock-crash.ts', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: testPatience() });

test('an exception escaping the in-process mock costs that request, not the run: it is logged and the mock answers on', () => {
  test.setTimeout(testPatience());
  const survived = run('survive');
  expect(survived.status, survived.stderr).toBe(0);
  const outcome = JSON.parse(survived.stdout.trim().split('\n').pop()!) as { crashing: unknown; after: unknown; logged: string[] };
  expect(outcome.crashing, 'the request Prism failed on goes unanswered').toBe('TimeoutError');
  expect(outcome.after, 'the next request is answered').toBe(200);
  expect(outcome.logged).toEqual([
    expect.stringMatching(/^ENGINE_MOCK_CRASH: the mock \(Prism\) failed on a request and left it unanswered: /),
  ]);
  // Without the guard the same request ends the process, and every result of the run with it.
  const unguarded = run();
  expect(unguarded.status).not.toBe(0);
  expect(unguarded.stdout).not.toContain('"after"');
});
