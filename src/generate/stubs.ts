import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ContractEntry } from '../contract/discover.ts';
import { contractFor } from '../contract/cache.ts';

/**
 * Operations per generated spec file. A Playwright worker binds the whole file (copies and hashes every test in it)
 * for each task it runs, so a file's size multiplies into every task: past this many operations a contract is
 * spread over several files and a run stays linear in the contract's size.
 */
export const OPERATIONS_PER_FILE = 25;

/** How many spec files a contract of `operations` operations is spread over. */
export const partsFor = (operations: number | undefined): number => Math.max(1, Math.ceil((operations ?? 0) / OPERATIONS_PER_FILE));

/** The operations of spec file `part` (from 1) of `parts`: contiguous slices of nearly equal size. */
export function operationsOfPart<T>(operations: readonly T[], part: number, parts: number): T[] {
  const size = Math.ceil(operations.length / Math.max(1, parts));
  return operations.slice((part - 1) * size, part * size);
}

/** The spec file of one part: `sikka.contract.spec.ts`, then `sikka.contract-2.spec.ts` and on. */
export const stubName = (vendor: string, kind: 'contract' | 'reference', part = 1): string =>
  `${vendor}.${kind}${part > 1 ? `-${part}` : ''}.spec.ts`;

/** Matches every part of a vendor's generated spec in `dir` (for a project's `testMatch`). */
export function stubPattern(dir: string, vendor: string, kind: 'contract' | 'reference'): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`^${escape(dir)}[\\\\/]${escape(vendor)}\\.${kind}(-\\d+)?\\.spec\\.ts$`);
}

/** The contract's path as a stub names it: relative to the working folder, which is also how it is shown. */
const stubPath = (file: string): string => relative(process.cwd(), file).split('\\').join('/');

/**
 * Operations per vendor; a contract that does not load counts as one file's worth. Read by the path the stubs use,
 * so that the spec files find the contract already loaded in this process.
 */
export async function operationCounts(entries: ContractEntry[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await Promise.all(
    entries.map(async ({ vendor, file }) => {
      try {
        counts[vendor] = (await contractFor(stubPath(file))).operations.length;
      } catch {
        // the first spec file reports the load error as a failing test
      }
    }),
  );
  return counts;
}

/**
 * Writes the spec files of each contract under `dir`. Playwright loads a test file once for all projects, so each
 * vendor needs files of its own for its generated tests to differ; a stub only names the contract and its part.
 */
export function writeSuiteStubs(
  dir: string,
  entries: ContractEntry[],
  suiteModule: string,
  referenceVendors: readonly string[] = [],
  counts: Record<string, number> = {},
): void {
  mkdirSync(dir, { recursive: true });
  const wanted = new Set<string>();
  const withParts = (entry: ContractEntry, kind: 'contract' | 'reference', options: string[]) => {
    const parts = partsFor(counts[entry.vendor]);
    return Array.from({ length: parts }, (_, i) => ({
      entry,
      name: stubName(entry.vendor, kind, i + 1),
      options: [...options, ...(parts > 1 ? [`part: ${i + 1}`, `parts: ${parts}`] : [])],
    }));
  };
  const stubs = [
    ...entries.flatMap((entry) => withParts(entry, 'contract', [])),
    ...entries
      .filter((e) => referenceVendors.includes(e.vendor))
      .flatMap((entry) => withParts(entry, 'reference', ["target: 'sandbox'", 'reference: true'])),
  ];
  for (const { entry, name, options } of stubs) {
    wanted.add(name);
    const contents = [
      `// Generated from ${relative(process.cwd(), entry.file)} at run time; edit the contract, not this file.`,
      `import { defineContractSuite } from '${relative(dir, suiteModule).split('\\').join('/')}';`,
      '',
      `await defineContractSuite(${JSON.stringify(stubPath(entry.file))}${options.length > 0 ? `, { ${options.join(', ')} }` : ''});`,
      '',
    ].join('\n');
    const path = join(dir, name);
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== contents) {
      // Written by the runner while an earlier run's workers may still read: atomically, so no reader sees half a file.
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, contents);
      renameSync(temp, path);
    }
  }
  for (const name of readdirSync(dir)) if (name.endsWith('.spec.ts') && !wanted.has(name)) rmSync(join(dir, name), { force: true });
}
