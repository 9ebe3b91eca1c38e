import { readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { CONTRACT_EXTENSIONS, vendorOf } from './load.ts';

export interface ContractEntry {
  vendor: string;
  /** Absolute path. */
  file: string;
}

/** Every contract file in `dir`, one per vendor project, sorted by name. Cheap: reads names, not contents. */
export function discoverContracts(dir: string): ContractEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const entries = names
    .filter((name) => !name.startsWith('.') && CONTRACT_EXTENSIONS.includes(extname(name).toLowerCase()))
    .sort()
    .map((name) => ({ vendor: vendorOf(name), file: resolve(join(dir, name)) }));
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const twin = seen.get(entry.vendor);
    if (twin) throw new Error(`two contracts would make the same project "${entry.vendor}": ${twin} and ${entry.file}; rename one`);
    seen.set(entry.vendor, entry.file);
  }
  return entries;
}
