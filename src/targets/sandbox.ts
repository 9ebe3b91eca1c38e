/** The sandbox profile of a vendor: its descriptor's, or the generic one for a vendor without quirks. */
import { genericProfile, type SandboxProfile } from './bootstrap.ts';
import { envPrefix } from './env.ts';

export { BootstrapError, genericProfile, getJson, postBody, type SandboxContext, type SandboxProfile } from './bootstrap.ts';

type ProfileFactory = (prefix: string) => SandboxProfile;

let profileOf: ((vendor: string) => ProfileFactory | undefined) | undefined;

/** Where the vendors' own sandbox profiles come from: the vendor registry provides them when it loads the vendors. */
export function provideSandboxProfiles(lookup: (vendor: string) => ProfileFactory | undefined): void {
  profileOf = lookup;
}

export function sandboxProfile(vendor: string): SandboxProfile {
  // Without the vendors every vendor would look generic and ask for the wrong variables.
  if (!profileOf) throw new Error("VENDORS_NOT_LOADED: the vendors' sandbox profiles are unknown; import src/vendors/registry.ts first");
  const prefix = `${envPrefix(vendor)}_`;
  return (profileOf(vendor) ?? genericProfile)(prefix);
}

export const missingVariables = (profile: SandboxProfile, env: NodeJS.ProcessEnv): string[] =>
  profile.required.filter((name) => !env[name]);
