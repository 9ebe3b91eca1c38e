import type { Contract, Operation } from '../contract/types.ts';
import type { ConformanceCase } from '../generate/cases.ts';

/**
 * The API coverage matrix: documented operations × documented response statuses, each cell saying whether a
 * test exercised it and how that went. Pure functions only; the Playwright reporter
 * (`coverage-reporter.ts`) feeds them the finished tests and writes the results.
 */

/** Annotation type on a generated test: its description names one documented cell, `GET /pets/{pet_id} 200`. */
export const COVERAGE_ANNOTATION = 'coverage';

/** One documented operation × status pair. `status` is as the contract writes it: `200`, `4XX` or `default`. */
export interface DocumentedPair {
  operation: string;
  method: string;
  path: string;
  status: string;
}

export type TestOutcome = 'passed' | 'failed' | 'skipped';
export type CellState = TestOutcome | 'not exercised';

/** One finished test that names a cell. */
export interface CoverageObservation {
  method: string;
  path: string;
  status: string;
  outcome: TestOutcome;
  /** Project the test ran in: `sikka`, `sikka@reference`. */
  project: string;
  /** What the project ran against: `mock`, `sandbox` or `reference sandbox`. */
  target: string;
  title: string;
  /** Why a skipped test was skipped. */
  reason?: string;
}

export interface CoverageCell extends DocumentedPair {
  state: CellState;
  /** Every test that named the cell, in every project (mock and reference runs alike). */
  tests: Omit<CoverageObservation, 'method' | 'path' | 'status'>[];
  /** The skip reasons, once each, when the cell is skipped. */
  skipReasons?: string[];
}

export interface CoverageSummary {
  operations: number;
  documented: number;
  /** Cells with at least one test that ran (passed or failed). */
  exercised: number;
  passed: number;
  failed: number;
  skipped: number;
  notExercised: number;
  /** exercised / documented, in per cent, one decimal; 100 when nothing is documented. */
  percentExercised: number;
}

export interface VendorCoverage {
  vendor: string;
  contract?: string;
  contractVersion?: string;
  /** Set when the contract could not be loaded: then nothing is documented and no gate applies. */
  error?: string;
  /** Projects of this vendor in the run, and what each ran against. */
  targets: Record<string, string>;
  summary: CoverageSummary;
  cells: CoverageCell[];
  /** Annotated tests that name no documented cell (a contract edited under a stale stub, say). */
  unmatched: CoverageObservation[];
}

export const formatCoverageAnnotation = (method: string, path: string, status: string): string =>
  `${method.toUpperCase()} ${path} ${status}`;

/** `GET /pets/{pet_id} 200` back into its parts; undefined when it is not of that shape. */
export function parseCoverageAnnotation(description: string | undefined): { method: string; path: string; status: string } | undefined {
  const match = /^([A-Za-z]+) (\S.*) (\d{3}|[1-5]XX|default)$/.exec(description?.trim() ?? '');
  return match ? { method: match[1].toUpperCase(), path: match[2], status: match[3] } : undefined;
}

/** The documented pairs of a contract, in contract order. Webhooks are not called by the suite and are left out. */
export function documentedPairs(contract: Pick<Contract, 'operations'>): DocumentedPair[] {
  return contract.operations.flatMap((op) =>
    op.responses.map((r) => ({ operation: op.key, method: op.method, path: op.path, status: r.status })),
  );
}

/** The documented status a concrete one falls under: exactly, else by its `4XX` range; `default` is never assumed. */
export function documentedStatusFor(operation: Pick<Operation, 'responses'>, status: number | undefined): string | undefined {
  if (status === undefined) return undefined;
  const statuses = operation.responses.map((r) => r.status);
  if (statuses.includes(String(status))) return String(status);
  const range = `${String(status)[0]}XX`;
  return statuses.includes(range) ? range : undefined;
}

/**
 * The documented statuses one generated case exercises, as coverage annotations. A documented-response case
 * names its status; a rejection case names the status it expects when that status is documented; a skip
 * names what it leaves out (a skipped operation: all its statuses; the live run's "other documented
 * responses": those no other case of the operation asks for), so the matrix can say why a cell was not run.
 */
export function coverageAnnotations(
  operation: Operation,
  testCase: ConformanceCase,
  cases: readonly ConformanceCase[],
): { type: string; description: string }[] {
  const statuses = coveredStatuses(operation, testCase, cases);
  return [...new Set(statuses)].map((status) => ({
    type: COVERAGE_ANNOTATION,
    description: formatCoverageAnnotation(operation.method, operation.path, status),
  }));
}

function coveredStatuses(operation: Operation, testCase: ConformanceCase, cases: readonly ConformanceCase[]): string[] {
  const all = operation.responses.map((r) => r.status);
  if (testCase.kind !== 'documented-response') {
    const status = documentedStatusFor(operation, testCase.expected.status);
    return status ? [status] : [];
  }
  if (testCase.preferStatus !== undefined) {
    const status = documentedStatusFor(operation, testCase.preferStatus);
    return status ? [status] : [];
  }
  if (operation.skipReason) return all;
  // A status with no code to request (`default`) gets a case titled after it.
  const own = all.find((status) => testCase.title === `${status} response`);
  if (own) return [own];
  const asked = new Set(
    cases.flatMap((c) => (c.kind === 'documented-response' && c !== testCase ? coveredStatuses(operation, c, []) : [])),
  );
  return all.filter((status) => !asked.has(status));
}

/**
 * One vendor's matrix from its documented pairs and the finished tests that named a cell. A cell is failed when
 * any test of it failed, else passed when one passed, else skipped when one was skipped, else not exercised.
 */
export function buildCoverageMatrix(
  vendor: string,
  pairs: readonly DocumentedPair[],
  observations: readonly CoverageObservation[],
  extra: Pick<VendorCoverage, 'contract' | 'contractVersion' | 'error' | 'targets'> = { targets: {} },
): VendorCoverage {
  const key = (method: string, path: string, status: string) => `${method.toUpperCase()} ${path} ${status}`;
  const cells = new Map<string, CoverageCell>();
  for (const pair of pairs) cells.set(key(pair.method, pair.path, pair.status), { ...pair, state: 'not exercised', tests: [] });
  const unmatched: CoverageObservation[] = [];
  for (const observation of observations) {
    const cell = cells.get(key(observation.method, observation.path, observation.status));
    if (!cell) {
      unmatched.push(observation);
      continue;
    }
    const { method: _m, path: _p, status: _s, ...test } = observation;
    cell.tests.push(test);
  }
  for (const cell of cells.values()) {
    const outcomes = new Set(cell.tests.map((t) => t.outcome));
    cell.state = outcomes.has('failed')
      ? 'failed'
      : outcomes.has('passed')
        ? 'passed'
        : outcomes.has('skipped')
          ? 'skipped'
          : 'not exercised';
    if (cell.state === 'skipped') cell.skipReasons = [...new Set(cell.tests.map((t) => t.reason ?? 'skipped without a reason'))];
  }
  const list = [...cells.values()];
  const count = (state: CellState) => list.filter((c) => c.state === state).length;
  const passed = count('passed');
  const failed = count('failed');
  const exercised = passed + failed;
  const summary: CoverageSummary = {
    operations: new Set(pairs.map((p) => p.operation)).size,
    documented: list.length,
    exercised,
    passed,
    failed,
    skipped: count('skipped'),
    notExercised: count('not exercised'),
    percentExercised: list.length === 0 ? 100 : Math.round((exercised / list.length) * 1000) / 10,
  };
  return { vendor, ...extra, summary, cells: list, unmatched };
}

/** The vendors below `min` per cent exercised, one message each; a vendor whose contract did not load is not judged. */
export function coverageGate(matrices: readonly VendorCoverage[], min: number | undefined): string[] {
  if (min === undefined || Number.isNaN(min)) return [];
  return matrices
    .filter((m) => !m.error && m.summary.percentExercised < min)
    .map(
      (m) =>
        `COVERAGE_BELOW_MIN: ${m.vendor} exercised ${m.summary.percentExercised}% of ${m.summary.documented} documented operation×status pairs, ${Math.round((min - m.summary.percentExercised) * 10) / 10} points below COVERAGE_MIN=${min}`,
    );
}

/** `COVERAGE_MIN` as a number; undefined when unset or empty. Misuse (not a number) throws. */
export function coverageMinFrom(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.COVERAGE_MIN?.trim();
  if (!raw) return undefined;
  const min = Number(raw.replace(/%$/, ''));
  if (!Number.isFinite(min)) throw new Error(`COVERAGE_MIN must be a number of per cent, e.g. COVERAGE_MIN=80; got "${raw}"`);
  return min;
}

/** A vendor that documents no operation × status pair has nothing to exercise: its share is "n/a", not 100 %. */
export const formatPercent = (s: Pick<VendorCoverage['summary'], 'documented' | 'percentExercised'>): string =>
  s.documented === 0 ? 'n/a' : `${s.percentExercised.toFixed(1)}%`;

const HEADERS = ['vendor', 'operations', 'documented pairs', 'exercised', 'passed', 'failed', 'skipped', '% exercised'];

function rows(matrices: readonly VendorCoverage[]): string[][] {
  return matrices.map((m) => {
    const s = m.summary;
    return [
      m.vendor,
      String(s.operations),
      String(s.documented),
      String(s.exercised),
      String(s.passed),
      String(s.failed),
      String(s.skipped),
      m.error ? 'contract not loaded' : formatPercent(s),
    ];
  });
}

/** The short table printed at the end of a run. */
export function formatCoverageTable(matrices: readonly VendorCoverage[]): string {
  const body = rows(matrices);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return ['API coverage (documented operation × status pairs)', line(HEADERS), ...body.map(line)].join('\n');
}

const STATE_MARK: Record<CellState, string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  skipped: '⏭ skipped',
  'not exercised': '· not exercised',
};

/** One vendor's matrix as Markdown: the summary row, then one row per cell with its targets and skip reasons. */
export function formatCoverageMarkdown(matrix: VendorCoverage): string {
  const [summary] = rows([matrix]);
  const lines = [
    `# API coverage: ${matrix.vendor}`,
    '',
    matrix.error ? `Contract not loaded: ${matrix.error}\n` : '',
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map(() => '---').join('|')}|`,
    `| ${summary.join(' | ')} |`,
    '',
    '| operation | status | result | targets | note |',
    '|---|---|---|---|---|',
    ...matrix.cells.map((c) => {
      const targets = [...new Set(c.tests.map((t) => `${t.project} (${t.target}): ${t.outcome}`))].join('<br>');
      const note = (c.skipReasons ?? []).join('<br>');
      return `| \`${c.operation}\` | ${c.status} | ${STATE_MARK[c.state]} | ${targets} | ${note.replace(/\|/g, '\\|')} |`;
    }),
  ];
  return lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n') + '\n';
}
