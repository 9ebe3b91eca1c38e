/**
 * drchrono's token lifetimes and its single-use authorization code.
 * Source: drchrono API documentation, "Step 3: Token exchange" (a code is usable exactly once) and
 * "Refreshing an access token" (access tokens last 48 hours, given in seconds as `expires_in`).
 */
import { docSection } from '../common/doc-source.ts';
import { DRCHRONO_DOCUMENT } from './document.ts';
import { expiresAt, parseLifetime } from '../common/lifetime.ts';
import { SingleUseCodeStore, type SingleUseCodeStoreOptions } from '../common/single-use-code.ts';

/** The access token's documented lifetime. */
export const DRCHRONO_ACCESS_TOKEN = {
  name: 'access_token',
  lifetime: '48 hours',
  lifetimeSeconds: 172_800,
  lifetimeField: 'expires_in',
  docSource: docSection(DRCHRONO_DOCUMENT, 'Refreshing an access token'),
} as const;

/** The authorization code's documented rule: one exchange only. */
export const DRCHRONO_AUTHORIZATION_CODE = {
  name: 'code',
  singleUse: true,
  docSource: docSection(DRCHRONO_DOCUMENT, 'Step 3: Token exchange'),
} as const;

/** Reads a token response's `expires_in`; `problem` says how it departs from the documented 48 hours. */
export function readAccessTokenLifetime(expiresIn: unknown): { seconds: number; problem?: string } {
  const seconds = parseLifetime(expiresIn);
  if (seconds === undefined)
    return {
      seconds: DRCHRONO_ACCESS_TOKEN.lifetimeSeconds,
      problem: 'expires_in is missing or unreadable; assuming the documented 48 hours',
    };
  if (seconds !== DRCHRONO_ACCESS_TOKEN.lifetimeSeconds)
    return { seconds, problem: `expires_in is ${seconds} s; the document says 48 hours (172800 s)` };
  return { seconds };
}

/** When an access token issued at `issuedAtMs` expires, from the response's `expires_in` (or the documented 48 h). */
export function accessTokenExpiresAt(issuedAtMs: number, expiresIn?: unknown): number {
  return expiresAt(issuedAtMs, readAccessTokenLifetime(expiresIn).seconds);
}

/** A store of drchrono authorization codes: the first exchange succeeds, any later one is refused. */
export function authorizationCodeStore<T>(options?: SingleUseCodeStoreOptions): SingleUseCodeStore<T> {
  return new SingleUseCodeStore<T>(options);
}
