import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../../src/contract/load.ts';
import { diffContracts, type ContractDiff, type ContractChange } from '../../../src/diff/index.ts';
import { ROOT } from '../../../src/targets/paths.ts';

export const DIFF_FIXTURES = join(ROOT, 'suites', 'engine', 'fixtures', 'diff');

export const diffFixture = (name: string): string => readFileSync(join(DIFF_FIXTURES, name), 'utf8');

const scratch = mkdtempSync(join(tmpdir(), 'diff-spec-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
let written = 0;

/** Loads contract text through the real `loadContract`, from a scratch file named `<contract>.yaml`. */
export async function contractFrom(text: string, contract = 'patients') {
  const dir = mkdtempSync(join(scratch, `${written++}-`));
  const file = join(dir, `${contract}.yaml`);
  writeFileSync(file, text);
  return loadContract(file);
}

/** Diffs two versions given as text (fixture contents, possibly edited by the test). */
export async function diffTexts(before: string, after: string): Promise<ContractDiff> {
  return diffContracts(await contractFrom(before), await contractFrom(after));
}

/** Diffs `before.yaml` with one of the `after-*.yaml` fixtures. */
export const diffWith = (after: string): Promise<ContractDiff> => diffTexts(diffFixture('before.yaml'), diffFixture(after));

export const breaking = (diff: ContractDiff): ContractChange[] => diff.findings.filter((f) => f.kind === 'breaking' && !f.acknowledged);

/** The findings of one rule. */
export const byRule = (diff: ContractDiff, rule: string): ContractChange[] => diff.findings.filter((f) => f.rule === rule);
