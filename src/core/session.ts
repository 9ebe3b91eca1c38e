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

/** A project's session as the run holds it: each renewal raises the generation by one. */
export interface HeldSession {
  generation: number;
  session: Session;
}
