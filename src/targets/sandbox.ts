/** The sandbox profile of a vendor: its descriptor's, or the generic one for a vendor without quirks. */
import { vendorDescriptor } from '../vendors/registry.ts';
import { genericProfile, type SandboxProfile } from './bootstrap.ts';
import { envPrefix } from './env.ts';

export { BootstrapError, genericProfile, getJson, postBody, type SandboxContext, type SandboxProfile } from './bootstrap.ts';

export function sandboxProfile(vendor: string): SandboxProfile {
  const prefix = `${envPrefix(vendor)}_`;
  return (vendorDescriptor(vendor)?.sandbox ?? genericProfile)(prefix);
}

export const missingVariables = (profile: SandboxProfile, env: NodeJS.ProcessEnv): string[] =>
  profile.required.filter((name) => !env[name]);
