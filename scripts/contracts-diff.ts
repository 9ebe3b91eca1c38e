/**
 * `npm run contracts:diff -- <git-ref> [--json]`: the breaking-change gate.
 * Compares every contract in `contracts/` (run from the project root) with its version at `<git-ref>`.
 * Exit 0: no unacknowledged breaking change; 1: at least one; 2: cannot compare (usage, unknown ref,
 * not a git repository, unparsable contract), with a one-line message on stderr.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DiffError, DiffErrorCode, hasUnacknowledgedBreaking, USAGE } from '../src/diff/index.ts';
import { formatReport, toJson } from '../src/diff/report.ts';
import { diffAgainstRef } from '../src/diff/run.ts';
import { DIFF_RESULT_FILE } from '../src/report/summary.ts';

function parseArgs(argv: string[]): { ref: string; json: boolean } {
  // `tsx scripts/contracts-diff.ts -- HEAD` passes the separator on; `npm run contracts:diff -- HEAD` does not.
  argv = argv.filter((arg) => arg !== '--');
  const flags = argv.filter((arg) => arg.startsWith('--'));
  const positional = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = flags.filter((flag) => flag !== '--json');
  if (unknown.length) throw new DiffError(DiffErrorCode.usage, `unknown option ${unknown[0]}; ${USAGE}`);
  if (positional.length === 0) throw new DiffError(DiffErrorCode.usage, `missing git ref; ${USAGE}`);
  if (positional.length > 1) throw new DiffError(DiffErrorCode.usage, `one git ref expected, got ${positional.length}; ${USAGE}`);
  return { ref: positional[0], json: flags.includes('--json') };
}

async function main(argv: string[]): Promise<number> {
  const { ref, json } = parseArgs(argv);
  const run = await diffAgainstRef(process.cwd(), ref);
  const exitCode = hasUnacknowledgedBreaking(run.diffs) ? 1 : 0;
  process.stdout.write(`${json ? toJson(run, exitCode) : formatReport(run)}\n`);
  // Left for the next test run's reports/summary.md (src/report/summary-reporter.ts), which lists the breaking changes:
  // in the reports folder of the project the diff ran in (REPORTS_DIR when set).
  const reports = process.env.REPORTS_DIR ? resolve(process.env.REPORTS_DIR) : join(process.cwd(), 'reports');
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, DIFF_RESULT_FILE), `${toJson(run, exitCode)}\n`);
  return exitCode;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Usage and input errors are one line with a stable code; anything else is a bug, still reported in one line
  // (CONTRACTS_DIFF_DEBUG=1 prints the stack).
  const message =
    error instanceof DiffError ? error.message : `DIFF_INTERNAL: ${(error as Error).message?.split('\n')[0] ?? String(error)}`;
  process.stderr.write(`contracts:diff: ${message}\n`);
  if (process.env.CONTRACTS_DIFF_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 2;
}
