import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { ContractError } from '../contract/errors.ts';
import { discoverContracts } from '../contract/discover.ts';
import { CONTRACT_EXTENSIONS, loadContract } from '../contract/load.ts';
import type { Contract } from '../contract/types.ts';
import { DiffError, DiffErrorCode } from './errors.ts';
import { listFilesAt, openRef, readFileAt, type GitAt } from './git.ts';
import { diffContracts } from './index.ts';
import type { ContractDiff } from './types.ts';

export interface GateRun {
  ref: string;
  commit: string;
  diffs: ContractDiff[];
}

/**
 * Compares every contract in `<cwd>/<dir>` with its version at `ref`, including contracts deleted or added
 * since. Throws DiffError (exit code 2) when the ref or a contract cannot be read.
 */
export async function diffAgainstRef(cwd: string, ref: string, dir = 'contracts'): Promise<GateRun> {
  const at = openRef(cwd, ref);
  const current = new Map(discoverContracts(join(cwd, dir)).map((entry) => [basename(entry.file), entry.file]));
  const earlier = listFilesAt(at, dir).filter((name) => !name.startsWith('.') && CONTRACT_EXTENSIONS.includes(extname(name).toLowerCase()));
  const names = [...new Set([...current.keys(), ...earlier])].sort();
  if (names.length === 0) {
    // Most likely started outside the project root; passing with nothing compared would hide that.
    throw new DiffError(DiffErrorCode.usage, `no contracts in ${join(cwd, dir)} nor at ${ref}: run the gate from the project root`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'contracts-diff-'));
  try {
    const diffs: ContractDiff[] = [];
    for (const name of names) {
      const shown = `${dir}/${name}`;
      const file = current.get(name);
      const [before, after] = await Promise.all([
        earlier.includes(name) ? loadAtRef(at, shown, scratch) : undefined,
        file ? load(file, shown) : undefined,
      ]);
      diffs.push(await diffContracts(before, after));
    }
    return { ref, commit: at.commit, diffs };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The earlier version goes through the same `loadContract` as the current one, from a scratch copy. */
async function loadAtRef(at: GitAt, shown: string, scratch: string): Promise<Contract> {
  const copy = join(mkdtempSync(join(scratch, 'v-')), basename(shown));
  writeFileSync(copy, readFileAt(at, shown));
  return load(copy, `${at.ref}:${shown}`, shown);
}

async function load(file: string, label: string, shown = label): Promise<Contract> {
  try {
    return { ...(await loadContract(file)), file: shown };
  } catch (error) {
    if (error instanceof ContractError) {
      throw new DiffError(
        DiffErrorCode.unparsableContract,
        `${label}${error.pointer === '#' ? '' : error.pointer}: ${error.code}: ${error.detail}`,
      );
    }
    throw error;
  }
}
