import { getJson, type SandboxProfile } from '../../targets/bootstrap.ts';

/**
 * Webcamconsult: one organisation token, sent as `Authorization: Token token=…` (or `authentication_token`);
 * record operations use the first user, client and appointment the lists return.
 */
export function webcamconsultProfile(prefix: string): SandboxProfile {
  return {
    required: ['BASE_URL', 'TOKEN'].map((n) => `${prefix}${n}`),
    async bootstrap(ctx) {
      const token = ctx.env[`${prefix}TOKEN`]!;
      const values: Record<string, string> = {};
      for (const [list, parameter] of [
        ['/users.json', 'user_id'],
        ['/clients.json', 'client_id'],
        ['/appointments.json', 'appointment_id'],
      ] as const) {
        const answer = await getJson(ctx, list, { authentication_token: token });
        const id = Array.isArray(answer.body) ? (answer.body[0] as Record<string, unknown> | undefined)?.id : undefined;
        if (id !== undefined) values[parameter] = String(id);
      }
      return { values, schemes: { apiKey: `Token token=${token}`, tokenHeader: `Token token=${token}`, tokenQuery: token } };
    },
  };
}
