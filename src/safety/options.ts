/**
 * The safety settings of a live project, read once from the run's variables, and the lines that tell a user at the
 * start of a run what a run with writes will touch.
 */
import type { Contract } from '../contract/types.ts';
import { envPrefix } from '../targets/env.ts';
import { runState } from '../targets/run-state.ts';
import { sandboxProfile } from '../targets/sandbox.ts';
import { sandboxEnv } from '../targets/target.ts';
import { writeClassOf, type WriteKind } from './classify.ts';
import type { SafetyOptions } from './guard.ts';
import { runLedger } from './ledger.ts';

export const writesAllowed = (env: NodeJS.ProcessEnv = process.env): boolean => env.SANDBOX_WRITES === '1';
export const destructiveAllowed = (env: NodeJS.ProcessEnv = process.env): boolean => env.SANDBOX_DESTRUCTIVE === '1';

export function safetyOptionsFor(vendor: string, project: string, env: NodeJS.ProcessEnv = process.env): SafetyOptions {
  const profile = sandboxProfile(vendor);
  return {
    writes: writesAllowed(env),
    destructive: destructiveAllowed(env),
    ledger: runLedger(env),
    env: sandboxEnv(project, env),
    variables: [...profile.required, ...(profile.optional ?? [])],
    prefix: `${envPrefix(vendor)}_`,
    disposables: runState.disposables(project).read(env)?.values ?? {},
    disposableHint: profile.disposable?.map((d) => d.hint).join('; '),
  };
}

/**
 * What a run with these settings may do to the project's sandbox, one line per kind of operation, for the start of
 * the run: a team reads there, before anything is sent, what its nightly run will touch.
 */
export function describeWritePolicy(project: string, contract: Contract, env: NodeJS.ProcessEnv = process.env): string[] {
  const writes = writesAllowed(env);
  const destructive = destructiveAllowed(env);
  const byKind = new Map<WriteKind, string[]>();
  for (const operation of contract.operations) {
    if (operation.skipReason || operation.kind === 'webhook') continue;
    const kind = writeClassOf(contract, operation).kind;
    byKind.set(kind, [...(byKind.get(kind) ?? []), operation.key]);
  }
  const list = (kind: WriteKind) => {
    const keys = byKind.get(kind) ?? [];
    return keys.length > 3 ? `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more` : keys.join(', ');
  };
  const lines: string[] = [];
  const say = (kind: WriteKind, text: string) => {
    if (byKind.has(kind)) lines.push(`  ${text}: ${list(kind)}`);
  };
  if (!writes) {
    lines.push(`${project}: writes off (SANDBOX_WRITES=1 allows them): only reads and token requests are sent`);
    say('credential-mint', 'token requests');
    return lines;
  }
  lines.push(
    `${project}: writes on${destructive ? ' and SANDBOX_DESTRUCTIVE=1: existing records and singletons may be changed too' : ': the run writes only to what it creates, and deletes it at the end'}`,
  );
  say('create', 'creates (each record deleted at the end of the run)');
  say('item-write', destructive ? 'updates and deletes any record' : 'updates and deletes only records this run created');
  say('singleton-write', 'writes singletons only after reading their state, and writes that state back at the end');
  say('credential-effect', 'never sends its own credentials to');
  say('credential-mint', 'token requests (a rotated credential is held from then on)');
  return lines;
}
