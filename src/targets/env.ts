/** `hubspot-webhooks` → `HUBSPOT_WEBHOOKS`: the prefix of a vendor's environment variables. */
export const envPrefix = (vendor: string): string => vendor.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/** Where the run's mock for a vendor listens; set by global setup, read by workers. */
export const mockUrlVariable = (vendor: string): string => `CONFORMANCE_MOCK_URL_${envPrefix(vendor)}`;

const REFERENCE_ENV_PREFIX = 'CONFORMANCE_REFERENCE_ENV_';

/** Where global setup hands a project the URL and fake credentials of its reference sandbox, as JSON. */
export const referenceEnvVariable = (project: string): string => `${REFERENCE_ENV_PREFIX}${envPrefix(project)}`;

/** The variables every reference sandbox of the run handed over, merged; a malformed entry carries none. */
export function referenceSandboxVariables(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(REFERENCE_ENV_PREFIX) || !value) continue;
    try {
      Object.assign(merged, JSON.parse(value) as Record<string, string>);
    } catch {
      // nothing to use from it
    }
  }
  return merged;
}

export type TargetMode = 'mock' | 'sandbox';

/** `TARGET=mock` (default) or `TARGET=sandbox`; anything else is a usage error. */
export function targetMode(env: NodeJS.ProcessEnv = process.env): TargetMode {
  const value = (env.TARGET ?? 'mock').toLowerCase();
  if (value === 'mock' || value === 'sandbox') return value;
  throw new Error(`TARGET must be "mock" or "sandbox", not "${env.TARGET}"`);
}
