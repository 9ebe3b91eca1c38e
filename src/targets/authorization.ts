import type { SecurityRequirement, SecuritySchemeSpec } from '../contract/types.ts';

/**
 * The `Authorization` header of an OpenAPI `http` security scheme, in the scheme the document names (RFC 9110
 * §11.6.2: `<auth-scheme> <credentials>`; OpenAPI: `scheme` is an IANA-registered name, case-insensitive).
 *
 * Basic and Bearer credentials are formed from a held value. A challenge-response scheme (Digest, SCRAM, HOBA,
 * Mutual, Negotiate, NTLM) has no credential until the server has sent its challenge (a nonce, a realm), which a
 * test request never asks for: only a held value that already is the scheme's parameters (`username="…", …,
 * response="…"` for Digest) can be sent; anything else is a skip with the reason, never a request the target must
 * refuse. Any other scheme sends the held value as its credentials (`Token abc`, `HMAC abc`).
 */
export type HttpAuthorization = { header: string } | { unformable: string };

const CHALLENGE_SCHEMES = new Set(['digest', 'scram-sha-1', 'scram-sha-256', 'hoba', 'mutual', 'negotiate', 'ntlm']);
const REGISTERED_SPELLING: Record<string, string> = { basic: 'Basic', bearer: 'Bearer', digest: 'Digest' };

/** The scheme's name as sent: the registered spelling where there is one, else the document's own. */
export const authSchemeName = (scheme: Pick<SecuritySchemeSpec, 'scheme'>): string => {
  const written = (scheme.scheme ?? 'bearer').trim() || 'bearer';
  return REGISTERED_SPELLING[written.toLowerCase()] ?? written;
};

export const isChallengeScheme = (scheme: Pick<SecuritySchemeSpec, 'type' | 'scheme'>): boolean =>
  scheme.type === 'http' && CHALLENGE_SCHEMES.has((scheme.scheme ?? '').trim().toLowerCase());

/** `name=value, name="value"`: a scheme's parameters (RFC 9110 auth-param list), as a challenge's answer carries them. */
const AUTH_PARAMS =
  /^\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*=\s*("[^"]*"|[^\s,]+)(\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*=\s*("[^"]*"|[^\s,]+))*\s*$/;

/** True when a held value is a challenge's complete answer: its parameters, and for Digest its `response`. */
function answersChallenge(scheme: string, value: string): boolean {
  if (!AUTH_PARAMS.test(value)) return false;
  return scheme.toLowerCase() !== 'digest' || /(^|,)\s*response\s*=/i.test(value);
}

/**
 * A stand-in answer to a challenge for a mock, which checks a Digest header's parameter names and that each value is
 * quoted lower-case letters and digits (Prism 5.14), and checks no other challenge scheme at all.
 */
export const MOCK_CHALLENGE_ANSWER = 'username="mock", realm="mock", nonce="mock", uri="mock", response="mock"';

/** A mock's credential for a scheme: a placeholder, or for a challenge-response scheme a stand-in answer. */
export const mockCredential = (scheme: Pick<SecuritySchemeSpec, 'name' | 'type' | 'scheme'>): string =>
  isChallengeScheme(scheme) ? MOCK_CHALLENGE_ANSWER : `mock-${scheme.name}`;

export function httpAuthorization(scheme: Pick<SecuritySchemeSpec, 'name' | 'type' | 'scheme'>, value: string): HttpAuthorization {
  const name = authSchemeName(scheme);
  const lower = name.toLowerCase();
  if (lower === 'basic') return { header: `Basic ${basicCredentials(value)}` };
  if (isChallengeScheme(scheme) && !answersChallenge(lower, value))
    return {
      unformable: `security scheme "${scheme.name}" is HTTP ${name}, a challenge-response scheme: a credential is formed from the server's challenge (RFC 9110 §11.6.1), which the suite does not run; hold the scheme's complete parameters to send one`,
    };
  return { header: `${name} ${value}` };
}

/**
 * RFC 7617: Basic credentials are base64 of `user-id:password`. A value already in that form is sent as is, a
 * `user:password` pair is encoded, and an opaque value (a mock's placeholder) becomes the user-id with no password.
 */
export function basicCredentials(value: string): string {
  if (/^[A-Za-z0-9+/]+=*$/.test(value) && Buffer.from(value, 'base64').toString('utf8').includes(':')) return value;
  return Buffer.from(value.includes(':') ? value : `${value}:`, 'utf8').toString('base64');
}

/**
 * Why no security alternative of an operation can be sent with these credentials (each needs a value and every http
 * scheme in it a credential that can be formed), or undefined. An operation with an alternative that needs nothing
 * is always sendable.
 */
export function unformableCredentials(
  security: SecurityRequirement[],
  credentials: (scheme: SecuritySchemeSpec) => string | undefined,
): string | undefined {
  if (security.length === 0 || security.some((alternative) => alternative.length === 0)) return undefined;
  let reason: string | undefined;
  for (const alternative of security) {
    let formable = true;
    for (const scheme of alternative) {
      const value = credentials(scheme);
      if (value === undefined) {
        formable = false;
        break;
      }
      if (scheme.type !== 'http') continue;
      const formed = httpAuthorization(scheme, value);
      if ('unformable' in formed) {
        reason ??= formed.unformable;
        formable = false;
        break;
      }
    }
    if (formable) return undefined;
  }
  return reason;
}
