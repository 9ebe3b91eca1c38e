import { test, expect } from '../../../../fixtures/index.ts';
import { answerViolations, call, STATELESS } from '../../../../fixtures/live.ts';
import { sandboxEnv } from '../../../../src/targets/target.ts';
import { parseLifetime } from '../../../../src/vendors/common/lifetime.ts';
import { DRCHRONO_ACCESS_TOKEN } from '../../../../src/vendors/drchrono/tokens.ts';
import { markSpent, wasSpent } from '../../../../src/properties/spent-codes.ts';

const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

test.describe('drchrono tokens against the target @property', () => {
  test('the access-token lifetime /o/token/ reports parses and equals the documented 48 hours', async ({
    liveTarget,
    contract,
    validators,
  }) => {
    const env = liveTarget.kind === 'mock' ? {} : sandboxEnv(liveTarget.project);
    // The newest refresh token the run holds: where refreshes rotate it, the one configured was spent by the bootstrap.
    const held = liveTarget.kind === 'mock' ? undefined : (await liveTarget.session()).values.refresh_token;
    const answer = await call(
      liveTarget,
      'POST',
      '/o/token/',
      {},
      form({
        grant_type: 'refresh_token',
        refresh_token: held ?? env.DRCHRONO_REFRESH_TOKEN ?? 'mock',
        client_id: env.DRCHRONO_CLIENT_ID ?? 'mock',
        client_secret: env.DRCHRONO_CLIENT_SECRET ?? 'mock',
      }),
    );
    expect(answer.status).toBe(200);
    expect({ violations: answerViolations({ contract, validators, target: liveTarget }, 'POST /o/token/', answer) }).toConform();
    expect(parseLifetime((answer.body as Record<string, unknown>).expires_in)).toBe(DRCHRONO_ACCESS_TOKEN.lifetimeSeconds);
  });

  test('a refresh token the server never issued is refused with an RFC 6749 error body', async ({ liveTarget, contract, validators }) => {
    test.skip(liveTarget.kind === 'mock', STATELESS);
    const env = sandboxEnv(liveTarget.project);
    const answer = await call(
      liveTarget,
      'POST',
      '/o/token/',
      {},
      {
        ...form({
          grant_type: 'refresh_token',
          refresh_token: 'not-a-refresh-token-this-server-issued',
          client_id: env.DRCHRONO_CLIENT_ID!,
          client_secret: env.DRCHRONO_CLIENT_SECRET!,
        }),
        renew: false,
      },
    );
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect({ violations: answerViolations({ contract, validators, target: liveTarget }, 'POST /o/token/', answer) }).toConform();
    expect(answer.body).toMatchObject({ error: expect.any(String) });
  });

  test('an authorization code is exchanged once; a second exchange is refused', async ({ liveTarget }) => {
    test.skip(liveTarget.kind === 'mock', STATELESS);
    const env = sandboxEnv(liveTarget.project);
    test.skip(
      !env.DRCHRONO_AUTH_CODE || !env.DRCHRONO_REDIRECT_URI,
      'set DRCHRONO_AUTH_CODE and DRCHRONO_REDIRECT_URI (a fresh authorization code) to run this check',
    );
    const exchange = () =>
      call(
        liveTarget,
        'POST',
        '/o/token/',
        {},
        form({
          grant_type: 'authorization_code',
          code: env.DRCHRONO_AUTH_CODE!,
          redirect_uri: env.DRCHRONO_REDIRECT_URI!,
          client_id: env.DRCHRONO_CLIENT_ID!,
          client_secret: env.DRCHRONO_CLIENT_SECRET!,
        }),
      );
    // An authorization code is good for one exchange (RFC 6749 §4.1.2): a code this suite already sent to this target
    // (a retry, a second run with the same variable) is rightly refused, and the check cannot be judged without a
    // fresh one. A code it never sent is the fresh code the user declared: refusing it is the vendor's failure.
    const spentBefore = wasSpent(liveTarget.baseURL, env.DRCHRONO_AUTH_CODE!);
    markSpent(liveTarget.baseURL, env.DRCHRONO_AUTH_CODE!);
    const first = await exchange();
    const refusedAsSpent = first.status === 400 && (first.body as { error?: unknown } | undefined)?.error === 'invalid_grant';
    test.skip(
      refusedAsSpent && spentBefore,
      'DRCHRONO_AUTH_CODE was already exchanged by an earlier run of this suite: set a fresh authorization code to run this check',
    );
    expect(
      first.status,
      `the first exchange of DRCHRONO_AUTH_CODE, which this suite never sent before, must succeed (answered ${first.status} ${first.text.slice(0, 200)}); if the code was used elsewhere or outlived its lifetime, set a fresh one`,
    ).toBe(200);
    const second = await exchange();
    expect(second.status).toBeGreaterThanOrEqual(400);
    expect(second.status).toBeLessThan(500);
  });
});
