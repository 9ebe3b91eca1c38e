/** `hubspot-webhooks` → `HUBSPOT_WEBHOOKS`: the prefix of a vendor's environment variables. */
export const envPrefix = (vendor: string): string => vendor.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

export type TargetMode = 'mock' | 'sandbox';

/** `TARGET=mock` (default) or `TARGET=sandbox`; anything else is a usage error. */
export function targetMode(env: NodeJS.ProcessEnv = process.env): TargetMode {
  const value = (env.TARGET ?? 'mock').toLowerCase();
  if (value === 'mock' || value === 'sandbox') return value;
  throw new Error(`TARGET must be "mock" or "sandbox", not "${env.TARGET}"`);
}
