import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContract } from './load.ts';
import type { Contract } from './types.ts';

const loaded = new Map<string, Promise<Contract>>();

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE_DIR = join(HERE, '..', '..', 'node_modules', '.cache', 'conformance');

let loaderHash: string | undefined;
/** The loader's own sources are part of the key, so that changing how contracts are read invalidates the cache. */
function loaderVersion(): string {
  if (!loaderHash) {
    const hash = createHash('sha256');
    for (const name of readdirSync(HERE).sort()) if (name.endsWith('.ts')) hash.update(name).update(readFileSync(join(HERE, name)));
    loaderHash = hash.digest('hex');
  }
  return loaderHash;
}

/**
 * One load per contract file per process: the spec file, fixtures and checks share it. Across processes (the
 * runner's global setup and every worker load the same contracts) a loaded contract is kept on disk under the
 * SHA-256 of its text, its shown path and the loader's sources, so validation and bundling run once per change
 * rather than once per process: for sikka.yaml about 0.8 s becomes 20–30 ms. Contracts that fail to load are not cached; `CONTRACT_CACHE=0` turns
 * the disk cache off (the benchmark measures with and without it).
 */
export function contractFor(file: string): Promise<Contract> {
  let contract = loaded.get(file);
  if (!contract) {
    contract = process.env.CONTRACT_CACHE === '0' ? loadContract(file) : cachedLoad(file);
    loaded.set(file, contract);
  }
  return contract;
}

/** A multi-file contract is stale when any file it references changed, not only its main file. */
interface CacheEntry {
  sources: Record<string, string | undefined>;
  contract: Contract;
}

function hashOf(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

async function cachedLoad(file: string): Promise<Contract> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return loadContract(file); // reports the unreadable file with its stable code
  }
  const shown = relative(process.cwd(), file) || file;
  const key = createHash('sha256').update(loaderVersion()).update('\0').update(shown).update('\0').update(text).digest('hex');
  const path = join(CACHE_DIR, `${key}.json`);
  try {
    const entry = JSON.parse(readFileSync(path, 'utf8')) as CacheEntry;
    if (Object.entries(entry.sources).every(([source, hash]) => hashOf(source) === hash)) {
      touch(path);
      return entry.contract;
    }
  } catch {
    // not cached yet (or unreadable): load it
  }
  const externalFiles = new Set<string>();
  const contract = await loadContract(file, externalFiles);
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    // Workers load at the same time: write atomically so that no reader sees half a file.
    const temp = `${path}.${process.pid}.tmp`;
    const entry: CacheEntry = { sources: Object.fromEntries([...externalFiles].map((source) => [source, hashOf(source)])), contract };
    writeFileSync(temp, JSON.stringify(entry));
    renameSync(temp, path);
    pruneCache(CACHE_DIR);
  } catch {
    // a read-only checkout: run without the disk cache
  }
  return contract;
}

/** Marks an entry as used, so that pruning removes the entries used longest ago. */
function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // read-only: the entry may be pruned sooner, nothing else
  }
}

/** The disk cache's bounds: every edit of a contract, and every folder a contract is loaded from, adds an entry. */
export const CACHE_LIMITS = { entries: 300, bytes: 256 * 1024 * 1024 };

/**
 * Keeps the cache folder within `limits` by removing the entries used longest ago (an entry is touched when read).
 * Called after each new entry is written; a removed entry is only computed again when next needed.
 */
export function pruneCache(dir: string, limits: { entries: number; bytes: number } = CACHE_LIMITS): void {
  let files: { path: string; size: number; used: number }[];
  try {
    files = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => {
        try {
          const stat = statSync(join(dir, name));
          return [{ path: join(dir, name), size: stat.size, used: stat.mtimeMs }];
        } catch {
          return [];
        }
      });
  } catch {
    return;
  }
  files.sort((a, b) => b.used - a.used);
  let bytes = 0;
  files.forEach((file, i) => {
    bytes += file.size;
    if (i >= limits.entries || bytes > limits.bytes) rmSync(file.path, { force: true });
  });
}

let packagesHash: string | undefined;
/** The installed packages, by the lockfile: a new Spectral or ruleset version invalidates what was kept. */
function packagesVersion(): string {
  if (packagesHash === undefined) packagesHash = hashOf(join(HERE, '..', '..', 'package-lock.json')) ?? 'no lockfile';
  return packagesHash;
}

/**
 * What a pure function of one contract's text computes (Spectral's findings), kept on disk like loaded contracts:
 * under the SHA-256 of `kind`, the text, the loader's sources and the lockfile, wherever the file lies. A text
 * that references other files is computed every time, since their changes would not show in the key.
 */
export async function cachedByText<T>(kind: string, text: string, compute: () => Promise<T>): Promise<T> {
  if (process.env.CONTRACT_CACHE === '0' || /\$ref["']?\s*:(?![\s"']*#)/.test(text)) return compute();
  const key = createHash('sha256')
    .update(kind)
    .update('\0')
    .update(loaderVersion())
    .update('\0')
    .update(packagesVersion())
    .update('\0')
    .update(text)
    .digest('hex');
  const path = join(CACHE_DIR, `${kind}-${key}.json`);
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as T;
    touch(path);
    return value;
  } catch {
    // not kept yet
  }
  const value = await compute();
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, path);
    pruneCache(CACHE_DIR);
  } catch {
    // a read-only checkout: nothing kept
  }
  return value;
}
