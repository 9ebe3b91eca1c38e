import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedDirFor, ROOT } from '../../../src/targets/paths.ts';
import { PATIENCE_MS } from './patience.ts';
import { isMockUrlVariable, runState } from '../../../src/targets/run-state.ts';

export interface NestedRun {
  status: number | null;
  output: string;
  reportsDir: string;
}

export const engineFixture = (name: string): string => readFileSync(join(ROOT, 'suites', 'engine', 'fixtures', name), 'utf8');

const NESTED_TIMEOUT_MS = PATIENCE_MS;

interface PreparedRun {
  command: string;
  args: string[];
  options: SpawnSyncOptions & { env: NodeJS.ProcessEnv };
  reportsDir: string;
  cleanup: () => void;
}

export interface RunOptions {
  /** Keep the configured reporters (list, Allure, JUnit) instead of the line reporter alone. */
  configReporters?: boolean;
  /**
   * Run in this folder (contracts in `<workDir>/contracts`) instead of a fresh temporary one, so that several runs
   * (the shards of one run, say) share one contracts folder and thus the same generated spec files.
   */
  workDir?: string;
  /** This run's reports folder (REPORTS_DIR) instead of `<work folder>/reports`. */
  reportsDir?: string;
  /**
   * Start the gate in the work folder, as a user starts it in the folder that holds `contracts/`: contracts show
   * as `contracts/<name>`, so a contract that an earlier run loaded with the same text comes from the contract
   * cache (a temporary folder's path in its name would make every run load it again, and keep one more cache
   * entry). Paths given in `args` are then read from the work folder.
   */
  fromWorkDir?: boolean;
}

function prepare(contracts: Record<string, string>, args: string[], env: Record<string, string>, options: RunOptions = {}): PreparedRun {
  const work = options.workDir ?? mkdtempSync(join(tmpdir(), 'gate-'));
  const contractsDir = join(work, 'contracts');
  mkdirSync(contractsDir, { recursive: true });
  for (const [name, text] of Object.entries(contracts)) writeFileSync(join(contractsDir, name), text);
  const reportsDir = options.reportsDir ?? join(work, 'reports');
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(TEST_|PW_|PLAYWRIGHT_|FORCE_COLOR)/.test(key) && !isMockUrlVariable(key)) childEnv[key] = value;
  }
  return {
    command: process.execPath,
    args: [
      join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'),
      'test',
      ...(options.fromWorkDir ? [`--config=${join(ROOT, 'playwright.config.ts')}`] : []),
      '--workers=1',
      ...(options.configReporters ? [] : ['--reporter=line']),
      ...args,
    ],
    // Nested gate runs test the example-based suite; the generative phases have self-tests of their own.
    options: {
      cwd: options.fromWorkDir ? work : ROOT,
      env: {
        ...childEnv,
        CONTRACTS_DIR: contractsDir,
        REPORTS_DIR: reportsDir,
        CI: '',
        [runState.nested.name]: '1',
        GEN_PHASES: 'off',
        ...env,
      },
    },
    reportsDir,
    cleanup: () => rmSync(generatedDirFor(contractsDir), { recursive: true, force: true }),
  };
}

/**
 * Runs the real gate (`playwright test`) in a child process over a folder of contracts, with its own reports
 * folder, so an engine test sees what a user sees: the exit code and the printed messages.
 */
export function runGate(contracts: Record<string, string>, args: string[] = [], env: Record<string, string> = {}): NestedRun {
  const run = prepare(contracts, args, env);
  const result = spawnSync(run.command, run.args, { ...run.options, encoding: 'utf8', timeout: NESTED_TIMEOUT_MS });
  run.cleanup();
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, reportsDir: run.reportsDir };
}

/**
 * As `runGate`, without blocking this process: needed when the gate talks to a server (a reference sandbox)
 * that lives in the calling test's own event loop.
 */
export function runGateAsync(
  contracts: Record<string, string>,
  args: string[] = [],
  env: Record<string, string> = {},
  options: RunOptions = {},
): Promise<NestedRun> {
  const run = prepare(contracts, args, env, options);
  return new Promise((resolve) => {
    const child = spawn(run.command, run.args, { cwd: run.options.cwd, env: run.options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\nnested gate stopped after ${NESTED_TIMEOUT_MS / 1000} s`;
      child.kill('SIGKILL');
    }, NESTED_TIMEOUT_MS);
    child.on('close', (status) => {
      clearTimeout(timer);
      run.cleanup();
      resolve({ status, output, reportsDir: run.reportsDir });
    });
  });
}
