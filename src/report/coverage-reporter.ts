import { writeStandaloneResults } from './allure-results.ts';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase } from '@playwright/test/reporter';
import { contractFor } from '../contract/cache.ts';
import { discoverContracts } from '../contract/discover.ts';
import { unconfiguredSandboxes } from '../targets/config.ts';
import { targetMode } from '../targets/env.ts';
import { isReferenceProject } from '../targets/selection.ts';
import { CONTRACTS_DIR, REPORTS_DIR } from '../targets/paths.ts';
import {
  buildCoverageMatrix,
  COVERAGE_ANNOTATION,
  coverageGate,
  coverageMinFrom,
  documentedPairs,
  formatCoverageMarkdown,
  formatPercent,
  formatCoverageTable,
  parseCoverageAnnotation,
  type CoverageObservation,
  type DocumentedPair,
  type TestOutcome,
  type VendorCoverage,
} from './coverage.ts';

export interface CoverageReporterOptions {
  /** Where `<vendor>.json` goes; default `reports/coverage` (under REPORTS_DIR). */
  outputDir?: string;
  /** When set, one extra Allure result per vendor carries the matrix (description and attachments). */
  allureResultsDir?: string;
  /** Folder of contracts; default CONTRACTS_DIR. */
  contractsDir?: string;
  /**
   * The run's verdict (`{ status, coverageMin, failures, vendors }`), default `reports/coverage-summary.json`.
   * `playwright merge-reports` exits 0 whatever its reporters say, so scripts/report-merge.ts reads it instead.
   */
  summaryFile?: string;
}

const REFERENCE_SUFFIX = '@reference';

/**
 * Playwright reporter for the API coverage matrix (`src/report/coverage.ts`): writes `coverage/<vendor>.json`,
 * prints a table, adds the matrix to Allure, and fails the run when a vendor is below `COVERAGE_MIN` per cent.
 * It reads only the finished test tree and the contracts, so it works the same in a run and in
 * `playwright merge-reports`. A shard sees part of the tests, so a shard neither writes nor judges coverage.
 */
export default class CoverageReporter implements Reporter {
  private readonly options: CoverageReporterOptions;
  private config?: FullConfig;
  private root?: Suite;
  private readonly min: number | undefined;

  constructor(options: CoverageReporterOptions = {}) {
    this.options = options;
    this.min = coverageMinFrom();
  }

  printsToStdio(): boolean {
    // The table is a footnote: the configured list/line/dot reporter stays the one that prints progress.
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.root = suite;
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    if (!this.root || !this.config || process.argv.includes('--list')) return undefined;
    const shard = this.config.shard;
    if (shard) {
      console.log(
        `\nAPI coverage: shard ${shard.current}/${shard.total} holds part of the tests; run \`npm run report:merge\` on all shards' blobs for the matrix and the COVERAGE_MIN gate.`,
      );
      return undefined;
    }
    this.printUnconfigured();
    const matrices = await this.matrices();
    const failures = coverageGate(matrices, this.min);
    const status = failures.length > 0 ? 'failed' : result.status;
    const summaryFile = this.options.summaryFile ?? join(REPORTS_DIR, 'coverage-summary.json');
    mkdirSync(dirname(summaryFile), { recursive: true });
    const vendors = Object.fromEntries(matrices.map((m) => [m.vendor, m.summary]));
    writeFileSync(summaryFile, `${JSON.stringify({ status, coverageMin: this.min ?? null, failures, vendors }, null, 2)}\n`);
    if (matrices.length === 0) return undefined;

    const outputDir = this.options.outputDir ?? join(REPORTS_DIR, 'coverage');
    // Only this run's vendors: a file left by an earlier run of other projects would disagree with this report.
    rmSync(outputDir, { recursive: true, force: true });
    mkdirSync(outputDir, { recursive: true });
    for (const matrix of matrices) writeFileSync(join(outputDir, `${matrix.vendor}.json`), `${JSON.stringify(matrix, null, 2)}\n`);
    if (this.options.allureResultsDir) writeAllureResults(this.options.allureResultsDir, matrices, failures);

    console.log(
      `\n${formatCoverageTable(matrices)}\n${this.min === undefined ? '' : `COVERAGE_MIN=${this.min}% per vendor. `}Cells: ${outputDir}/<vendor>.json`,
    );
    if (failures.length === 0) return undefined;
    for (const failure of failures) console.error(failure);
    return result.status === 'passed' ? { status: 'failed' } : undefined;
  }

  /** A sandbox run always says which vendors it skipped for want of variables, whatever the exit code. */
  private printUnconfigured(): void {
    const plan = this.config!.projects.map((p) => {
      const use = p.use as { vendor?: string; targetKind?: 'mock' | 'sandbox' };
      return { name: p.name, vendor: use.vendor, kind: use.targetKind, reference: isReferenceProject(p.name) };
    });
    const skipped = unconfiguredSandboxes(plan, process.argv);
    if (skipped.length > 0)
      console.log(`\nNot run (sandbox not configured): ${skipped.map((s) => `${s.project} (set ${s.missing.join(', ')})`).join('; ')}`);
  }

  private async matrices(): Promise<VendorCoverage[]> {
    const contracts = new Map(discoverContracts(this.options.contractsDir ?? CONTRACTS_DIR).map((c) => [c.vendor, c.file]));
    const byVendor = new Map<string, { targets: Record<string, string>; observations: CoverageObservation[] }>();
    for (const projectSuite of this.root!.suites) {
      const project = projectSuite.project()?.name ?? projectSuite.title;
      const vendor = vendorOfProject(project);
      if (!contracts.has(vendor)) continue;
      const entry = byVendor.get(vendor) ?? { targets: {}, observations: [] };
      byVendor.set(vendor, entry);
      const target = project.endsWith(REFERENCE_SUFFIX) || project.endsWith(`${REFERENCE_SUFFIX}-alt`) ? 'reference sandbox' : targetMode();
      entry.targets[project] = target;
      for (const test of projectSuite.allTests()) entry.observations.push(...observe(test, project, target));
    }
    const matrices: VendorCoverage[] = [];
    for (const [vendor, { targets, observations }] of [...byVendor].sort(([a], [b]) => a.localeCompare(b))) {
      const file = contracts.get(vendor)!;
      let pairs: DocumentedPair[] = [];
      let extra: Pick<VendorCoverage, 'contract' | 'contractVersion' | 'error'> = { contract: file };
      try {
        const contract = await contractFor(file);
        pairs = documentedPairs(contract);
        extra = { contract: file, contractVersion: contract.version };
      } catch (error) {
        extra = { contract: file, error: (error as Error).message.split('\n')[0] };
      }
      matrices.push(buildCoverageMatrix(vendor, pairs, observations, { ...extra, targets }));
    }
    return matrices;
  }
}

/** `sikka@reference` → `sikka`. */
export const vendorOfProject = (project: string): string => project.split('@')[0];

function observe(test: TestCase, project: string, target: string): CoverageObservation[] {
  const cells = test.annotations
    .filter((a) => a.type === COVERAGE_ANNOTATION)
    .map((a) => parseCoverageAnnotation(a.description))
    .filter((c) => c !== undefined);
  if (cells.length === 0) return [];
  const last = test.results.at(-1);
  let outcome: TestOutcome;
  let reason: string | undefined;
  if (!last) {
    outcome = 'skipped';
    reason = 'did not run';
  } else if (last.status === 'interrupted') {
    outcome = 'skipped';
    reason = 'interrupted';
  } else if (test.outcome() === 'skipped') {
    outcome = 'skipped';
    const skip = [...(last.annotations ?? []), ...test.annotations].find((a) => a.type === 'skip' || a.type === 'fixme');
    reason = skip?.description ?? 'skipped without a reason';
  } else {
    outcome = test.outcome() === 'unexpected' ? 'failed' : 'passed';
  }
  const title = test.titlePath().slice(3).join(' › ');
  return cells.map((cell) => ({ ...cell, outcome, project, target, title, ...(reason ? { reason } : {}) }));
}

/**
 * One Allure result per vendor, "API coverage", under the vendor's epic: the matrix as the description
 * (Markdown) and as attachments. It passes unless the vendor is below COVERAGE_MIN.
 */
function writeAllureResults(dir: string, matrices: readonly VendorCoverage[], failures: readonly string[]): void {
  writeStandaloneResults(
    dir,
    matrices.map((matrix) => {
      const markdown = formatCoverageMarkdown(matrix);
      const failure = failures.find((f) => f.includes(`: ${matrix.vendor} exercised`));
      const s = matrix.summary;
      return {
        name: `API coverage: ${matrix.vendor} (${s.exercised}/${s.documented} operation×status pairs exercised, ${formatPercent(s)})`,
        fullName: `coverage:${matrix.vendor}`,
        failed: failure !== undefined,
        statusDetails: failure ? { message: failure } : {},
        description: markdown,
        labels: [
          { name: 'epic', value: matrix.vendor },
          { name: 'feature', value: 'API coverage' },
          { name: 'vendor', value: matrix.vendor },
          { name: 'check', value: 'coverage' },
          { name: 'parentSuite', value: matrix.vendor },
          { name: 'suite', value: 'API coverage' },
        ],
        attachments: [
          { name: `coverage ${matrix.vendor}.md`, contentType: 'text/markdown', fileExtension: 'md', body: markdown },
          {
            name: `coverage ${matrix.vendor}.json`,
            contentType: 'application/json',
            fileExtension: 'json',
            body: JSON.stringify(matrix, null, 2),
          },
        ],
      };
    }),
  );
}
