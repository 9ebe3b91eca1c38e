import type { PhaseOutcome } from './types.ts';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The one-line command that replays a phase: seed, counterexample path, project and title. */
export function replayLine(outcome: Pick<PhaseOutcome, 'seed' | 'path'>, project: string, title: string): string {
  const vars = [`FC_SEED=${outcome.seed}`, ...(outcome.path ? [`FC_PATH=${outcome.path}`] : [])].join(' ');
  return `${vars} npm test -- --project=${project} -g '${escapeRegex(title).replace(/'/g, `'\\''`)}'`;
}
