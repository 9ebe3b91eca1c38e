import { BootstrapError, postBody, type SandboxProfile } from '../../targets/bootstrap.ts';
import { accessTokenExpiresAt } from './tokens.ts';

/**
 * drchrono: the refresh token is exchanged for an access token once per run (`POST /o/token/`, form-encoded),
 * unless `DRCHRONO_ACCESS_TOKEN` is given; the access token is the Bearer credential.
 */
export function drchronoProfile(prefix: string): SandboxProfile {
  return {
    required: ['BASE_URL', 'CLIENT_ID', 'CLIENT_SECRET', 'REFRESH_TOKEN'].map((n) => `${prefix}${n}`),
    optional: ['ACCESS_TOKEN', 'AUTH_CODE', 'REDIRECT_URI'].map((n) => `${prefix}${n}`),
    async bootstrap(ctx) {
      const env = ctx.env;
      const values: Record<string, string> = {
        client_id: env[`${prefix}CLIENT_ID`]!,
        client_secret: env[`${prefix}CLIENT_SECRET`]!,
        refresh_token: env[`${prefix}REFRESH_TOKEN`]!,
      };
      const given = env[`${prefix}ACCESS_TOKEN`];
      if (given) return { values, schemes: { bearer: given } };
      const issuedAt = Date.now();
      const answer = await postBody(ctx, '/o/token/', { ...values, grant_type: 'refresh_token' }, true);
      const token = (answer.body as Record<string, unknown> | undefined)?.access_token;
      if (answer.status !== 200 || typeof token !== 'string') {
        throw new BootstrapError(ctx.vendor, 'POST /o/token/ (refresh_token grant)', answer.status, 'no access_token in the answer');
      }
      const grant = answer.body as Record<string, unknown>;
      // A refresh grant may hand back a new refresh token (RFC 6749 §6); the run holds the newest from then on.
      if (typeof grant.refresh_token === 'string' && grant.refresh_token !== '') values.refresh_token = grant.refresh_token;
      return { values, schemes: { bearer: token }, expiresAtMs: accessTokenExpiresAt(issuedAt, grant.expires_in) };
    },
  };
}
