import type { SecuritySchemeSpec } from '../contract/types.ts';
import type { Session } from '../core/session.ts';
import { heldSessions } from './run-state.ts';

/** The credential a session holds for a scheme: by scheme name, then by kind, then the catch-all. */
export function credentialFor(session: Session, scheme: SecuritySchemeSpec): string | undefined {
  const kind = scheme.type === 'apiKey' ? 'apiKey' : scheme.type === 'http' && scheme.scheme === 'basic' ? 'basic' : 'bearer';
  return session.schemes[scheme.name] ?? session.schemes[kind] ?? session.schemes['*'];
}

/** Every credential value held in the run's sessions, so redaction can scrub them. */
export function sessionSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  return heldSessions(env).flatMap((session) => [
    ...Object.values(session.schemes ?? {}),
    ...Object.entries(session.values ?? {})
      .filter(([k]) => /key|token|secret|code|password/i.test(k))
      .map(([, x]) => x),
  ]);
}
