import { rerunCommand } from '../rerun.ts';
import type { PhaseOutcome } from './types.ts';

/** The one-line command that replays a phase: seed, counterexample path, project and title. */
export function replayLine(outcome: Pick<PhaseOutcome, 'seed' | 'path'>, project: string, title: string): string {
  const vars = [`FC_SEED=${outcome.seed}`, ...(outcome.path ? [`FC_PATH=${outcome.path}`] : [])].join(' ');
  return `${vars} ${rerunCommand(project, title)}`;
}
