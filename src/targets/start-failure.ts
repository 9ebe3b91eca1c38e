/**
 * A live project whose target could not be prepared fails one test, its credential bootstrap's, and skips the rest.
 * When a selection (`--grep`) leaves that test out, the run must still not pass on skips alone: the test marks in
 * the run's folder that it reported the failure, and global teardown fails the run for any start failure no test
 * reported. Files, because the test runs in a worker and the teardown in the runner.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runState } from './run-state.ts';

const markerOf = (dir: string, project: string) => join(dir, `start-failure-reported-${encodeURIComponent(project)}`);

export function markStartFailureReported(project: string, dir = runState.runDir.read()): void {
  if (dir) writeFileSync(markerOf(dir, project), '');
}

/** Projects whose start failed and whose failure no test reported. */
export function unreportedStartFailures(projects: string[], dir = runState.runDir.read()): string[] {
  return projects.filter((project) => runState.sandboxError(project).read() && !(dir && existsSync(markerOf(dir, project))));
}
