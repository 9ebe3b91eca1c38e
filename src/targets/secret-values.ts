/**
 * The credential values of this run: every variable that holds one, the reference sandboxes' fake ones, and every
 * session held in the run's state (current and retired), so that redaction can scrub them wherever they appear.
 */
import { isSecretVariable } from '../core/secrets.ts';
import { heldSessions, referenceSandboxVariables } from './run-state.ts';

/** Every credential value held in the run's sessions. */
export function sessionSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  return heldSessions(env).flatMap((session) => [
    ...Object.values(session.schemes ?? {}),
    ...Object.entries(session.values ?? {})
      .filter(([k]) => /key|token|secret|code|password/i.test(k))
      .map(([, x]) => x),
  ]);
}

/** Credential values from the environment and the run's sessions, longest first so that a value containing another is scrubbed whole. */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromVariables = Object.entries({ ...env, ...referenceSandboxVariables(env) })
    .filter(([name, value]) => isSecretVariable(name) && typeof value === 'string')
    .map(([, value]) => value as string);
  return [...new Set([...fromVariables, ...sessionSecrets(env)])].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length);
}
