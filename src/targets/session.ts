import type { SecuritySchemeSpec } from '../contract/types.ts';

/**
 * What a live target needs on every request: values for parameters and body fields by name (ids, keys),
 * and credentials by security scheme (its name, `bearer`, `apiKey`, or `*` for any).
 */
export interface Session {
  values: Record<string, string>;
  schemes: Record<string, string>;
  /** When the session's token stops being usable (ms since epoch), where it has a lifetime. */
  expiresAtMs?: number;
}

export const emptySession = (): Session => ({ values: {}, schemes: {} });

/** The credential a session holds for a scheme: by scheme name, then by kind, then the catch-all. */
export function credentialFor(session: Session, scheme: SecuritySchemeSpec): string | undefined {
  const kind = scheme.type === 'apiKey' ? 'apiKey' : scheme.type === 'http' && scheme.scheme === 'basic' ? 'basic' : 'bearer';
  return session.schemes[scheme.name] ?? session.schemes[kind] ?? session.schemes['*'];
}

const SESSION_PREFIX = 'CONFORMANCE_SESSION_';

/** Sessions travel from global setup to workers in the environment (workers inherit it). */
export const sessionVariable = (envPrefix: string): string => `${SESSION_PREFIX}${envPrefix}`;

/** A session a worker replaced by a renewed one; kept so that redaction still knows its credentials. */
export const retiredSessionVariable = (envPrefix: string, generation: number): string =>
  `${SESSION_PREFIX}${envPrefix}__RETIRED_${generation}`;

/** Where the run's session coordinator listens (src/targets/renewal.ts), set by global setup. */
export const SESSION_COORDINATOR_VARIABLE = 'CONFORMANCE_SESSION_COORDINATOR_URL';

/** Every credential value held in the run's sessions, so redaction can scrub them. */
export function sessionSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([k]) => k.startsWith(SESSION_PREFIX))
    .flatMap(([, v]) => {
      try {
        const session = JSON.parse(v ?? '{}') as Session;
        return [
          ...Object.values(session.schemes ?? {}),
          ...Object.entries(session.values ?? {})
            .filter(([k]) => /key|token|secret|code|password/i.test(k))
            .map(([, x]) => x),
        ];
      } catch {
        return [];
      }
    });
}
