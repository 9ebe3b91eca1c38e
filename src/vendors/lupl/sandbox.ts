import { type SandboxProfile } from '../../targets/bootstrap.ts';

/** Lupl: a Bearer token from Auth0 (obtained outside the suite) and the PMS and organisation ids it may configure. */
export function luplProfile(prefix: string): SandboxProfile {
  return {
    required: ['BASE_URL', 'ACCESS_TOKEN', 'PMS_ID', 'ORGANIZATION_ID'].map((n) => `${prefix}${n}`),
    async bootstrap({ env }) {
      return {
        values: { pmsId: env[`${prefix}PMS_ID`]!, organizationId: env[`${prefix}ORGANIZATION_ID`]! },
        schemes: { bearer: env[`${prefix}ACCESS_TOKEN`]! },
      };
    },
  };
}
