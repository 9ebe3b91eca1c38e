import type { SecuritySchemeSpec } from '../contract/types.ts';
import type { Session } from '../core/session.ts';

/** The credential a session holds for a scheme: by scheme name, then by kind, then the catch-all. */
export function credentialFor(session: Session, scheme: SecuritySchemeSpec): string | undefined {
  const kind = scheme.type === 'apiKey' ? 'apiKey' : scheme.type === 'http' && scheme.scheme === 'basic' ? 'basic' : 'bearer';
  return session.schemes[scheme.name] ?? session.schemes[kind] ?? session.schemes['*'];
}
