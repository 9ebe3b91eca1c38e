import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ContractEntry } from '../contract/discover.ts';

/**
 * Writes one spec file per contract under `dir`. Playwright loads a test file once for all projects, so each
 * vendor needs a file of its own for its generated tests to differ; the stub only names the contract.
 */
export function writeSuiteStubs(
  dir: string,
  entries: ContractEntry[],
  suiteModule: string,
  referenceVendors: readonly string[] = [],
): void {
  mkdirSync(dir, { recursive: true });
  const wanted = new Set<string>();
  const stubs = [
    ...entries.map((entry) => ({ entry, name: `${entry.vendor}.contract.spec.ts`, options: '' })),
    ...entries
      .filter((e) => referenceVendors.includes(e.vendor))
      .map((entry) => ({ entry, name: `${entry.vendor}.reference.spec.ts`, options: ", { target: 'sandbox', reference: true }" })),
  ];
  for (const { entry, name, options } of stubs) {
    wanted.add(name);
    const contents = [
      `// Generated from ${relative(process.cwd(), entry.file)} at run time; edit the contract, not this file.`,
      `import { defineContractSuite } from '${relative(dir, suiteModule).split('\\').join('/')}';`,
      '',
      `await defineContractSuite(${JSON.stringify(relative(process.cwd(), entry.file).split('\\').join('/'))}${options});`,
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
      // Config is loaded by the runner and by every worker: write atomically so no reader sees half a file.
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, contents);
      renameSync(temp, path);
    }
  }
  for (const name of readdirSync(dir)) if (name.endsWith('.spec.ts') && !wanted.has(name)) rmSync(join(dir, name), { force: true });
}
