/**
 * The vendors, by discovery: every folder under src/vendors/ with an `index.ts` whose default export is a
 * descriptor. Adding a vendor with quirks is one folder and one contract; no list anywhere names it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { provideErrorClassifiers } from '../checks/vendor-errors.ts';
import { provideSecretNames } from '../core/secret-names.ts';
import { provideSandboxProfiles } from '../targets/sandbox.ts';
import { provideVendorWebhookChecks } from '../webhooks/checks/index.ts';
import { provideWebhookVendors } from '../webhooks/target.ts';
import type { VendorDescriptor } from './descriptor.ts';

const descriptorError = (message: string) => new Error(`VENDOR_DESCRIPTOR: ${message}`);

/** The descriptors of the vendor folders under `root`, by folder name order; throws `VENDOR_DESCRIPTOR` on a bad one. */
export async function discoverVendors(root: string): Promise<VendorDescriptor[]> {
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
  const found: VendorDescriptor[] = [];
  for (const folder of folders) {
    const module = (await import(pathToFileURL(join(root, folder, 'index.ts')).href)) as { default?: VendorDescriptor };
    const descriptor = module.default;
    if (!descriptor || typeof descriptor.name !== 'string' || typeof descriptor.contract !== 'string') {
      throw descriptorError(`${folder}/index.ts must export default defineVendor({ name, contract, document, … })`);
    }
    found.push(descriptor);
  }
  return found;
}

const registry = new Map<string, VendorDescriptor>();
// Replaced, never mutated, so a reader can cache what it derives from it by identity.
let snapshot: readonly VendorDescriptor[] = [];
let secretNames: readonly string[] = [];

/**
 * Adds descriptors to this process's registry (a test adds vendors discovered elsewhere this way); a name registered
 * twice is a programming error. Returns what takes them out again: the registry is process-wide, and a worker runs
 * many tests one after another, so a vendor a test adds must not be seen (its secret names redacted, its rules run)
 * by the tests after it.
 */
export function registerVendors(descriptors: readonly VendorDescriptor[]): () => void {
  for (const descriptor of descriptors) {
    if (registry.has(descriptor.name)) throw descriptorError(`two descriptors name the vendor "${descriptor.name}"`);
  }
  for (const descriptor of descriptors) registry.set(descriptor.name, descriptor);
  takeSnapshot();
  return () => {
    for (const descriptor of descriptors) if (registry.get(descriptor.name) === descriptor) registry.delete(descriptor.name);
    takeSnapshot();
  };
}

function takeSnapshot(): void {
  snapshot = [...registry.values()];
  secretNames = snapshot.flatMap((vendor) => vendor.secretNames ?? []);
}

registerVendors(await discoverVendors(dirname(fileURLToPath(import.meta.url))));

/** Every registered vendor; the same array until a vendor is added. */
export const vendorDescriptors = (): readonly VendorDescriptor[] => snapshot;

/** The descriptor of a project's vendor, or undefined for a vendor without quirks (a drop-in document). */
export const vendorDescriptor = (name: string): VendorDescriptor | undefined => registry.get(name);

/** The vendors whose webhook traffic the suite can play. */
export const webhookVendors = (): string[] => vendorDescriptors().flatMap((d) => (d.webhooks ? [d.name] : []));

// The generic engine reaches vendor behaviour only through what the registry hands it here.
provideSecretNames(() => secretNames);
provideErrorClassifiers((vendor) => vendorDescriptor(vendor)?.errors);
provideSandboxProfiles((vendor) => vendorDescriptor(vendor)?.sandbox);
provideWebhookVendors({ support: (vendor) => vendorDescriptor(vendor)?.webhooks, names: () => webhookVendors() });
provideVendorWebhookChecks(Object.assign({}, ...snapshot.map((vendor) => vendor.webhooks?.checks ?? {})));
