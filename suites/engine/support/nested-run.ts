import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedDirFor, ROOT } from '../../../src/targets/paths.ts';

export interface NestedRun {
  status: number | null;
  output: string;
  reportsDir: string;
}

export const engineFixture = (name: string): string => readFileSync(join(ROOT, 'suites', 'engine', 'fixtures', name), 'utf8');

/**
 * Runs the real gate (`playwright test`) in a child process over a folder of contracts, with its own reports
 * folder, so an engine test sees what a user sees: the exit code and the printed messages.
 */
export function runGate(contracts: Record<string, string>, args: string[] = [], env: Record<string, string> = {}): NestedRun {
  const work = mkdtempSync(join(tmpdir(), 'gate-'));
  const contractsDir = join(work, 'contracts');
  mkdirSync(contractsDir);
  for (const [name, text] of Object.entries(contracts)) writeFileSync(join(contractsDir, name), text);
  const reportsDir = join(work, 'reports');
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(TEST_|PW_|PLAYWRIGHT_|CONFORMANCE_MOCK_URL_|FORCE_COLOR)/.test(key)) childEnv[key] = value;
  }
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--workers=1', '--reporter=line', ...args], {
    cwd: ROOT,
    env: { ...childEnv, CONTRACTS_DIR: contractsDir, REPORTS_DIR: reportsDir, CI: '', CONFORMANCE_NESTED: '1', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  rmSync(generatedDirFor(contractsDir), { recursive: true, force: true });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, reportsDir };
}
