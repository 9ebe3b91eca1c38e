import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../../src/targets/paths.ts';
import { diffFixture } from './support.ts';
import { PATIENCE_MS, testPatience } from '../support/patience.ts';

const SCRIPT = join(ROOT, 'scripts', 'contracts-diff.ts');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** The child's git must see only the temporary repository, whatever the runner's environment says. */
const childEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_')));

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync(
    'git',
    ['-c', 'user.name=diff-spec', '-c', 'user.email=diff-spec@example.test', '-c', 'commit.gpgsign=false', ...args],
    { cwd, env: childEnv(), encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

const runScript = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [TSX, SCRIPT, ...args], {
    cwd,
    env: { ...childEnv(), FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: PATIENCE_MS,
  });

test('contracts:diff in a temporary git repo: exit 1 with a readable report for a breaking edit, exit 2 for an unknown ref', async () => {
  test.setTimeout(testPatience());
  const repo = mkdtempSync(join(tmpdir(), 'contracts-diff-repo-'));
  try {
    mkdirSync(join(repo, 'contracts'));
    writeFileSync(join(repo, 'contracts', 'patients.yaml'), diffFixture('before.yaml'));
    git(repo, 'init', '--quiet');
    git(repo, 'add', 'contracts');
    git(repo, 'commit', '--quiet', '-m', 'patients contract');
    writeFileSync(join(repo, 'contracts', 'patients.yaml'), diffFixture('after-breaking.yaml'));

    await test.step('a breaking edit against HEAD', () => {
      const run = runScript(repo, 'HEAD');
      expect(run.stderr).toBe('');
      expect(run.status, run.stdout).toBe(1);
      expect(run.stdout).toContain('contracts:diff: 1 contract(s) compared with HEAD');
      expect(run.stdout).toMatch(/^patients: 25 breaking, 0 acknowledged, 2 non-breaking$/m);
      expect(run.stdout).toContain('    operation-removed  DELETE /patients/{patient_id}  deletePatient → (none)');
      expect(run.stdout).toContain('    vendor-rule-changed  #/x-vendor-rules/pagination/limit/maximum  100 → 50');
      expect(run.stdout).toMatch(/^FAIL: 25 unacknowledged breaking change\(s\)/m);
    });

    await test.step('an unknown ref is a one-line usage error', () => {
      const run = runScript(repo, 'no-such-branch');
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^contracts:diff: DIFF_UNKNOWN_REF: unknown git ref "no-such-branch"[^\n]*\n$/);
    });
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
