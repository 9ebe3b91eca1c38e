/**
 * Sikka's request_key (access token) and refresh token lifetimes.
 * Source: Sikka APIs (Postman documentation), "Step 3 - Token( request_key ) Issuing" (`expires_in: "86400"`; request_keys
 * expire 24 hours after issue; refresh tokens do not expire until deleted) and "Step 5 :
 * Fetching and displaying data" (`/v2/start` answers `expires_in: "24 hours"`).
 */
import { docSection } from '../common/doc-source.ts';
import { SIKKA_DOCUMENT } from './document.ts';
import { expiresAt, parseLifetime } from '../common/lifetime.ts';
import { TokenHolder, type HeldToken, type TokenHolderOptions } from '../common/token-holder.ts';

/** The request_key's documented lifetime and how each issuer writes it. */
export const SIKKA_REQUEST_KEY = {
  name: 'request_key',
  lifetime: '24 hours',
  lifetimeSeconds: 86_400,
  lifetimeField: 'expires_in',
  writtenAs: { 'POST /v2/token': '86400', 'GET /v2/start': '24 hours' },
  issuedBy: ['GET /v2/start', 'POST /v2/token'],
  docSource: docSection(SIKKA_DOCUMENT, 'Step 3 - Token( request_key ) Issuing'),
} as const;

/** The refresh token: no lifetime, valid until deleted (`DELETE /v2/refresh_token/{refresh_token}`). */
export const SIKKA_REFRESH_TOKEN = {
  name: 'refresh_token',
  expires: 'never',
  lifetimeSeconds: Number.POSITIVE_INFINITY,
  docSource: docSection(SIKKA_DOCUMENT, 'Step 3 - Token( request_key ) Issuing'),
} as const;

/** Reads `expires_in` in either documented form; `problem` says how it departs from the documented 24 hours. */
export function readRequestKeyLifetime(expiresIn: unknown): { seconds: number; problem?: string } {
  const seconds = parseLifetime(expiresIn);
  if (seconds === undefined)
    return { seconds: SIKKA_REQUEST_KEY.lifetimeSeconds, problem: 'expires_in is missing or unreadable; assuming the documented 24 hours' };
  if (seconds !== SIKKA_REQUEST_KEY.lifetimeSeconds)
    return { seconds, problem: `expires_in is ${seconds} s; the document says 24 hours (86400 s)` };
  return { seconds };
}

/** When a request_key issued at `issuedAtMs` expires, from `expires_in` (or the documented 24 h). */
export function requestKeyExpiresAt(issuedAtMs: number, expiresIn?: unknown): number {
  return expiresAt(issuedAtMs, readRequestKeyLifetime(expiresIn).seconds);
}

/** When a refresh token expires: never (Infinity), whatever its issue time. */
export function refreshTokenExpiresAt(issuedAtMs: number): number {
  return expiresAt(issuedAtMs, SIKKA_REFRESH_TOKEN.lifetimeSeconds);
}

/** A `/v2/start` or `/v2/token` answer, as far as the holder needs it. */
export interface RequestKeyGrant {
  readonly request_key: string;
  readonly expires_in?: unknown;
}

/**
 * A TokenHolder for request_keys: `issue()` calls `/v2/start` or refreshes through `/v2/token`;
 * each grant expires by its own `expires_in`, counted from when the request was sent (the
 * conservative end) on the holder's clock.
 */
export function requestKeyHolder(issue: () => Promise<RequestKeyGrant>, options: Omit<TokenHolderOptions, 'refresh'> = {}): TokenHolder {
  const now = options.now ?? Date.now;
  const refresh = async (): Promise<HeldToken> => {
    const issuedAtMs = now();
    const grant = await issue();
    return { value: grant.request_key, expiresAtMs: requestKeyExpiresAt(issuedAtMs, grant.expires_in) };
  };
  return new TokenHolder({ ...options, now, refresh });
}
