import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';

/** The project root, wherever the runner was started from. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** `CONTRACTS_DIR` points a run at another folder of contracts (the engine's self-tests use it). */
export const CONTRACTS_DIR = resolve(process.env.CONTRACTS_DIR ?? join(ROOT, 'contracts'));
export const REPORTS_DIR = resolve(process.env.REPORTS_DIR ?? join(ROOT, 'reports'));

/**
 * Where the per-contract spec stubs go: one folder per contracts folder, so that a run over another folder
 * never rewrites the stubs a concurrent run is using.
 */
export const generatedDirFor = (contractsDir: string): string =>
  join(
    ROOT,
    'suites',
    'generated',
    resolve(contractsDir) === resolve(ROOT, 'contracts')
      ? 'contracts'
      : `dir-${createHash('sha256').update(resolve(contractsDir)).digest('hex').slice(0, 10)}`,
  );

export const GENERATED_DIR = generatedDirFor(CONTRACTS_DIR);
