import { BootstrapError, getJson, postBody, type SandboxContext, type SandboxProfile } from '../../targets/bootstrap.ts';
import type { Session } from '../../core/session.ts';
import { requestKeyExpiresAt } from './request-key.ts';

const first = (body: unknown): Record<string, unknown> | undefined => {
  const value = Array.isArray(body) ? body[0] : body;
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
};

/** The collection envelope's items (`[{..., items: [...]}]`), or a bare list. */
const items = (body: unknown): Record<string, unknown>[] => {
  const envelope = first(body);
  const list = Array.isArray(envelope?.items) ? envelope.items : Array.isArray(body) ? body : [];
  return list.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object');
};

/**
 * Sikka, by the Quickstart: `authorized_practices` shows the office is authorised, `/v2/start` issues the
 * request_key (24 h), and one patient id is looked up for the record operation. A request answered with
 * `API1025` (key expired) renews the key through `/v2/start`.
 */
export function sikkaProfile(prefix: string): SandboxProfile {
  const v = (env: NodeJS.ProcessEnv, name: string) => env[`${prefix}${name}`] ?? '';
  const start = async (ctx: SandboxContext, session: Session): Promise<Session> => {
    const issuedAt = Date.now();
    const credentials = {
      app_id: v(ctx.env, 'APP_ID'),
      app_key: v(ctx.env, 'APP_KEY'),
      office_id: v(ctx.env, 'OFFICE_ID'),
      secret_key: v(ctx.env, 'SECRET_KEY'),
    };
    const answer = await getJson(ctx, '/v2/start', credentials);
    const grant = first(answer.body);
    if (answer.status !== 200 || typeof grant?.request_key !== 'string') {
      throw new BootstrapError(ctx.vendor, 'GET /v2/start', answer.status, 'no request_key in the answer');
    }
    return {
      ...session,
      values: { ...session.values, request_key: grant.request_key },
      expiresAtMs: requestKeyExpiresAt(issuedAt, grant.expires_in),
    };
  };
  return {
    required: ['BASE_URL', 'APP_ID', 'APP_KEY', 'OFFICE_ID', 'SECRET_KEY'].map((n) => `${prefix}${n}`),
    optional: ['REQUEST_KEY', 'REFRESH_TOKEN', 'EXPIRED_REQUEST_KEY', 'AUTH_CODE', 'REDIRECT_URI'].map((n) => `${prefix}${n}`),
    async bootstrap(ctx) {
      const { env } = ctx;
      let session: Session = {
        values: {
          app_id: v(env, 'APP_ID'),
          app_key: v(env, 'APP_KEY'),
          office_id: v(env, 'OFFICE_ID'),
          secret_key: v(env, 'SECRET_KEY'),
          // Step 3 of the document: the OAuth client id and secret are the application id and key.
          client_id: v(env, 'APP_ID'),
          client_secret: v(env, 'APP_KEY'),
          ...(env[`${prefix}REFRESH_TOKEN`] ? { refresh_token: v(env, 'REFRESH_TOKEN') } : {}),
        },
        schemes: {},
      };
      const practices = await getJson(ctx, '/auth/v2/authorized_practices', { app_id: v(env, 'APP_ID'), app_key: v(env, 'APP_KEY') });
      if (practices.status !== 200)
        throw new BootstrapError(ctx.vendor, 'GET /auth/v2/authorized_practices', practices.status, 'the application is not authorised');
      if (env[`${prefix}REQUEST_KEY`]) {
        session.values.request_key = v(env, 'REQUEST_KEY');
      } else {
        session = await start(ctx, session);
      }
      const patients = await getJson(ctx, '/v2/patients', { request_key: session.values.request_key, limit: '1' });
      const patientId = items(patients.body)[0]?.patient_id;
      if (patientId !== undefined) session.values.patient_id = String(patientId);
      return session;
    },
    renew: {
      when: (response) => response.status === 400 && /"API1025"/.test(response.text),
      run: start,
    },
    // The revocation of a refresh token (`DELETE /v2/refresh_token/{refresh_token}`) is exercised on one the run
    // gets for itself, from an authorization code (Step 3 of the document), never on SIKKA_REFRESH_TOKEN.
    disposable: [
      {
        name: 'refresh_token',
        hint: 'set SIKKA_AUTH_CODE (and SIKKA_REDIRECT_URI if the code was issued for one): the run exchanges it for a refresh token of its own and revokes that one',
        async obtain(ctx, session) {
          const code = ctx.env[`${prefix}AUTH_CODE`];
          if (!code) return undefined;
          const redirect = ctx.env[`${prefix}REDIRECT_URI`];
          const answer = await postBody(
            ctx,
            '/v2/token',
            {
              grant_type: 'authorization_code',
              code,
              ...(redirect ? { redirect_uri: redirect } : {}),
              client_id: v(ctx.env, 'APP_ID'),
              client_secret: v(ctx.env, 'APP_KEY'),
            },
            false,
          );
          const token = first(answer.body)?.refresh_token;
          if (answer.status !== 200 || typeof token !== 'string' || token === session.values.refresh_token) return undefined;
          return token;
        },
      },
    ],
  };
}
