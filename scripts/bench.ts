/**
 * `npm run bench`: wall-clock figures of the gate on this machine, each the median of several runs, printed as a
 * table against the README's targets and written to reports/bench.json. Timings live here only; no test asserts one.
 *
 * Environment:
 *   BENCH_RUNS=3             runs per quick figure (cold start, request rate, properties, scaling load and list)
 *   BENCH_HEAVY_RUNS=1       runs per Playwright run of a whole project (each vendor, the vendor gate, scaling runs)
 *   BENCH_FULL_RUNS=1        runs of the full `npm test`; BENCH_SKIP_FULL=1 skips it
 *   BENCH_SCALE_SIZES=100,500,2000,5000  synthetic sizes for load and list
 *   BENCH_SCALE_RUN_SIZES=100,500,5000   synthetic sizes that are also run against their mock (5000 takes minutes)
 *   BENCH_CANNON_SECONDS=5   autocannon duration
 *   BENCH_ONLY=cold,servers,rate,generative,floor,properties,scaling,large,vendors,gate,full (cache: opt-in A/B)
 *   BENCH_FLOOR_RUNS=3       A/B pairs of a vendor project and its floor (as many trivial Playwright tests)
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { discoverContracts } from '../src/contract/discover.ts';
import { syntheticContract } from '../src/generate/synthetic.ts';
import { generatedDirFor, REPORTS_DIR, ROOT } from '../src/targets/paths.ts';
import { childEnv, measure, median, type Measured } from './bench/run.ts';
import { mixCapacity, rawCapacity, type RecordedMixRequest } from './bench/cannon.ts';
import { failedTests, generativeRequests, propertyCases, requestTests, type PwReport } from './bench/pw-json.ts';
import { timeServer } from './bench/servers.ts';
import { markdownTable } from './bench/table.ts';
import { runState } from '../src/targets/run-state.ts';

const int = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);
const list = (name: string, fallback: string): number[] => (process.env[name] ?? fallback).split(',').filter(Boolean).map(Number);
const RUNS = int('BENCH_RUNS', 3);
const HEAVY_RUNS = int('BENCH_HEAVY_RUNS', 1);
const FULL_RUNS = process.env.BENCH_SKIP_FULL === '1' ? 0 : int('BENCH_FULL_RUNS', 1);
const SCALE_SIZES = list('BENCH_SCALE_SIZES', '100,500,2000,5000');
const SCALE_RUN_SIZES = list('BENCH_SCALE_RUN_SIZES', '100,500,5000');
const CANNON_SECONDS = int('BENCH_CANNON_SECONDS', 5);
const FLOOR_RUNS = int('BENCH_FLOOR_RUNS', 3);
// BENCH_FLOOR_ONLY=sikka (or synthetic): one project's pairs only, e.g. for more pairs of the quick one.
const FLOOR_ONLY = process.env.BENCH_FLOOR_ONLY ? new Set(process.env.BENCH_FLOOR_ONLY.split(',')) : undefined;
const floorWants = (project: string): boolean => !FLOOR_ONLY || FLOOR_ONLY.has(project);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const wants = (part: string): boolean => !ONLY || ONLY.has(part);
const WORKERS = 2;

const benchStarted = performance.now();
const work = mkdtempSync(join(tmpdir(), 'bench-'));
const vendors = discoverContracts(join(ROOT, 'contracts')).map((c) => c.vendor);
const CLI = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
const TSX = ['--import', 'tsx'];

const elapsed = () => `${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4)} s`;
const progress = (line: string) => process.stderr.write(`[bench ${elapsed()}] ${line}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface Figure {
  key: string;
  label: string;
  value: number;
  unit: string;
  runs: number[];
  samples: number;
  peakRssMb?: number;
  workerPeakRssMb?: number;
  note?: string;
  target?: { op: '<' | '>='; limit: number; text: string };
}
const figures: Figure[] = [];
const extra: Record<string, unknown> = {};

function record(key: string, label: string, runs: number[], unit: string, more: Partial<Figure> = {}): Figure {
  const figure: Figure = { key, label, value: median(runs), unit, runs, samples: runs.length, ...more };
  figures.push(figure);
  progress(
    `${label}: ${format(figure.value, unit)} (median of ${runs.length}${runs.length > 1 ? `: ${runs.map((r) => format(r, unit)).join(', ')}` : ''})`,
  );
  return figure;
}

function format(value: number, unit: string): string {
  if (Number.isNaN(value)) return 'n/a';
  if (unit === 'ms') return value >= 1000 ? secs(value) : `${value.toFixed(0)} ms`;
  if (unit === '%') return `${value.toFixed(0)} %`;
  if (unit === 'ms/op') return `${value.toFixed(1)} ms/op`;
  if (unit === '×') return `${value.toFixed(2)}×`;
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
}

let runCount = 0;
/** `playwright test …` in a child with its own reports folder (the bench never touches reports/ but bench.json). */
async function playwright(args: string[], env: Record<string, string> = {}): Promise<Measured & { report?: PwReport; failed: string[] }> {
  const dir = join(work, `run-${++runCount}`);
  mkdirSync(dir, { recursive: true });
  const jsonFile = join(dir, 'report.json');
  // A listing is timed as a user lists (the config's own reporter for `--list`); runs report to JSON for the figures.
  const reporter = args.includes('--list') ? [] : ['--reporter=dot,json'];
  const result = await measure(process.execPath, [CLI, 'test', ...reporter, ...args], {
    cwd: ROOT,
    env: childEnv({ REPORTS_DIR: join(dir, 'reports'), PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile, CI: '', ...env }),
  });
  let report: PwReport | undefined;
  try {
    report = JSON.parse(readFileSync(jsonFile, 'utf8')) as PwReport;
  } catch {
    report = undefined;
  }
  const failed = report ? failedTests(report) : [];
  if (result.status !== 0) {
    const tail = result.stdout
      .split('\n')
      .filter((l) => /passed|failed|flaky|skipped|Error|›/.test(l))
      .slice(-6)
      .join('\n    ');
    progress(`  exit ${result.status}: ${args.join(' ')}\n    ${tail}`);
    for (const title of failed) progress(`  failed: ${title}`);
  }
  return { ...result, report, failed };
}

function summary(m: Measured & { failed?: string[] }): string {
  const line = m.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^\d+ (passed|failed|skipped|flaky|did not run)/.test(l));
  // A red run keeps the names of what failed in the figure's note (and in reports/bench.json).
  const failed = m.failed?.length ? `; failed: ${m.failed.slice(0, 5).join('; ')}` : '';
  return line.join(', ') + failed;
}

/** What repeated runs of one Playwright command measured: wall times, peak RSS (whole tree, largest worker), the last outcome. */
interface RepeatedRuns {
  runs: number[];
  peakRssMb: number;
  workerPeakRssMb: number;
  note: string;
}

/** `playwright(args, env)` `times` times, one after another, reporting progress as `what (run i/n)`. */
async function playwrightRuns(times: number, what: string, args: string[], env: Record<string, string> = {}): Promise<RepeatedRuns> {
  const out: RepeatedRuns = { runs: [], peakRssMb: 0, workerPeakRssMb: 0, note: '' };
  for (let i = 0; i < times; i++) {
    progress(`${what} (run ${i + 1}/${times})`);
    const m = await playwright(args, env);
    out.runs.push(m.ms);
    out.peakRssMb = Math.max(out.peakRssMb, m.peakRssMb);
    out.workerPeakRssMb = Math.max(out.workerPeakRssMb, m.workerPeakRssMb);
    out.note = summary(m);
  }
  return out;
}

// ── cold start ───────────────────────────────────────────────────────────────────────────────────────────────
async function coldStart(): Promise<void> {
  for (const [key, label, names] of [
    ['coldOne', 'cold start → first 2xx, sikka mock', ['sikka']],
    ['coldAll', 'cold start → first 2xx, all mocks', []],
  ] as const) {
    const runs: number[] = [];
    let detail: unknown;
    for (let i = 0; i < RUNS; i++) {
      progress(`${label}: run ${i + 1}/${RUNS}`);
      const m = await measure(process.execPath, [...TSX, join(ROOT, 'scripts', 'bench', 'cold-start.ts'), ...names], {
        cwd: ROOT,
        env: childEnv({}),
        untilReady: true,
        timeoutMs: 120_000,
      });
      if (m.status !== 0 || !m.ready) throw new Error(`cold start failed: ${m.stderr.slice(-2000)}`);
      runs.push(m.ms);
      detail = m.ready;
    }
    record(key, label, runs, 'ms', {
      note: 'fresh `node --import tsx` process: load contract(s), start Prism in-process in parallel (src/targets/mock.ts), first request answered 2xx',
    });
    extra[`${key}Detail`] = detail;
  }
}

// ── npm run mock / sandbox: spawn → first answer, SIGINT → exit ───────────────────────────────────────────────
async function serverStarts(): Promise<void> {
  for (const [key, label, script, path] of [
    ['mockStart', 'npm run mock -- sikka: spawn → first answer', 'mock.ts', '/v2/patients?request_key=k'],
    ['sandboxStart', 'npm run sandbox -- sikka: spawn → first answer', 'sandbox.ts', '/v2/patients'],
  ] as const) {
    const starts: number[] = [];
    const stops: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      progress(`${label}: run ${i + 1}/${RUNS}`);
      const timing = await timeServer(script, ['sikka'], path, childEnv({}));
      if (timing.exitCode !== 0) throw new Error(`${script} exited ${timing.exitCode} on SIGINT`);
      starts.push(timing.answeredMs);
      stops.push(timing.stopMs);
    }
    record(key, label, starts, 'ms', {
      target: { op: '<', limit: 2000, text: '< 2 s' },
      note: 'a fresh tsx process: contract from the disk cache, server on 127.0.0.1 behind the recorder, first request answered',
    });
    record(`${key}Stop`, label.replace('spawn → first answer', 'SIGINT → exit'), stops, 'ms');
  }
}

// ── request rate: generated tests vs raw Prism ───────────────────────────────────────────────────────────────
async function requestRate(): Promise<void> {
  const raw: number[] = [];
  const generated: number[] = [];
  const ratios: number[] = [];
  let counted = 0;
  for (let i = 0; i < RUNS; i++) {
    progress(`request rate: autocannon on the sikka mock, ${CANNON_SECONDS} s at ${WORKERS} connections (run ${i + 1}/${RUNS})`);
    const cannon = await rawCapacity('sikka', WORKERS, CANNON_SECONDS);
    raw.push(cannon.requestsPerSecond);
    extra.cannonRequest = cannon.request;
    progress(`request rate: generated sikka contract tests, ${WORKERS} workers (run ${i + 1}/${RUNS})`);
    const run = await playwright([
      '--project=sikka',
      `--workers=${WORKERS}`,
      'generated/contracts/sikka.contract.spec.ts',
      '--grep-invert',
      'passes lint|every example validates|@generative',
    ]);
    if (!run.report) throw new Error('generated tests wrote no JSON report');
    const phase = requestTests(run.report);
    counted = phase.requests;
    const rate = phase.requests / (phase.spanMs / 1000);
    generated.push(rate);
    ratios.push((rate / cannon.requestsPerSecond) * 100);
  }
  record('rawPrism', 'raw Prism capacity, sikka mock (autocannon, 2 connections)', raw, 'req/s', { note: `${extra.cannonRequest}` });
  record('generatedRate', 'generated sikka contract tests (2 workers)', generated, 'req/s', {
    note: `${counted} requests: one per non-skipped generated test (exercise() sends exactly one request to a mock), over the span from the first such test's start to the last one's end (Playwright JSON report), worker fixture setup included; lint and example tests excluded`,
  });
  record('rateRatio', 'generated tests / raw Prism (same run)', ratios, '%', { target: { op: '>=', limit: 50, text: '≥ 50 %' } });
}

// ── the gate against Playwright's own floor ──────────────────────────────────────────────────────────────────
/**
 * A vendor project against as many trivial Playwright tests (one documented request each, with the `request`
 * fixture, to the same in-process Prism mock; scripts/bench/floor/): the ratio is what the engine's own per-test
 * work costs. Pairs alternate A/B so that a busy machine weighs on both sides alike.
 */
async function floorRatio(project: string, env: Record<string, string> = {}, label = project): Promise<void> {
  const listed = await playwright([`--project=${project}`, '--list'], env);
  const tests = Number(listed.stdout.match(/Total: (\d+) tests?/)?.[1] ?? 0);
  if (!tests) throw new Error(`floor: could not count the tests of ${project}`);
  const gate: number[] = [];
  const floor: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < FLOOR_RUNS; i++) {
    progress(`floor ${label}: gate run (${tests} tests, pair ${i + 1}/${FLOOR_RUNS})`);
    const a = await playwright([`--project=${project}`, `--workers=${WORKERS}`], env);
    progress(`floor ${label}: ${tests} trivial Playwright tests (pair ${i + 1}/${FLOOR_RUNS})`);
    const b = await measure(
      process.execPath,
      [CLI, 'test', '-c', join(ROOT, 'scripts', 'bench', 'floor', 'playwright.config.ts'), `--workers=${WORKERS}`],
      {
        cwd: ROOT,
        env: childEnv({
          FLOOR_TESTS: String(tests),
          FLOOR_VENDOR: project === 'synthetic' ? 'synthetic' : project,
          FLOOR_OUTPUT_DIR: join(work, 'floor-out'),
          CI: '',
          ...env,
        }),
      },
    );
    if (b.status !== 0) throw new Error(`floor run failed: ${b.stdout.slice(-1500)}${b.stderr.slice(-1500)}`);
    gate.push(a.ms);
    floor.push(b.ms);
    ratios.push(a.ms / b.ms);
  }
  record(`floorGate:${label}`, `${label}: gate (${tests} tests, ${WORKERS} workers)`, gate, 'ms');
  record(`floor:${label}`, `${label}: floor (${tests} trivial request tests)`, floor, 'ms');
  record(`floorRatio:${label}`, `${label}: gate / floor (same run, A/B pairs)`, ratios, '×', {
    target: { op: '<', limit: 1.3, text: '≤ 1.3×' },
  });
}

// ── request rate: generative phases vs raw Prism ─────────────────────────────────────────────────────────────
const GENERATIVE_ARGS = ['--project=sikka', `--workers=${WORKERS}`, 'generated/contracts/sikka.contract.spec.ts', '--grep', '@generative'];
// BENCH_GEN_EXAMPLES: requests per operation and phase, one measurement per value. 25 shows a short phase, where
// Playwright's fixed work per test and each worker's first, cold tests weigh most; 1000 the phases' steady state.
const GEN_EXAMPLES_SIZES = list('BENCH_GEN_EXAMPLES', '25,1000');
const generativeEnv = (examples: number) => ({ GEN_EXAMPLES: String(examples), GEN_BUDGET_S: '600' });

/** The requests the generative phases send, recorded in the workers of one untimed run (record-requests.mjs). */
async function recordGenerativeMix(examples: number): Promise<RecordedMixRequest[]> {
  const dir = join(work, `recorded-${examples}`);
  mkdirSync(dir, { recursive: true });
  const preload = pathToFileURL(join(ROOT, 'scripts', 'bench', 'record-requests.mjs')).href;
  const run = await playwright(GENERATIVE_ARGS, { ...generativeEnv(examples), BENCH_RECORD_DIR: dir, NODE_OPTIONS: `--import ${preload}` });
  if (run.status !== 0) throw new Error('the recording run of the generative phases failed');
  const mix = readdirSync(dir).flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RecordedMixRequest[]);
  if (mix.length === 0) throw new Error('the recording run sent no request');
  return mix;
}

async function generativeRate(examples: number): Promise<void> {
  const raw: number[] = [];
  const mixed: number[] = [];
  const generated: number[] = [];
  const ratios: number[] = [];
  const mixRatios: number[] = [];
  let counted = 0;
  const at = `GEN_EXAMPLES=${examples}`;
  progress(`generative rate (${at}): recording the requests of one run of the sikka generative phases`);
  const mix = await recordGenerativeMix(examples);
  for (let i = 0; i < RUNS; i++) {
    progress(
      `generative rate (${at}): autocannon on the sikka mock, one GET, ${CANNON_SECONDS} s at ${WORKERS} connections (run ${i + 1}/${RUNS})`,
    );
    const cannon = await rawCapacity('sikka', WORKERS, CANNON_SECONDS);
    raw.push(cannon.requestsPerSecond);
    progress(`generative rate (${at}): autocannon replaying the ${mix.length} recorded requests (run ${i + 1}/${RUNS})`);
    const replay = await mixCapacity('sikka', WORKERS, CANNON_SECONDS, mix);
    mixed.push(replay.requestsPerSecond);
    progress(`generative rate (${at}): sikka generative phases, ${WORKERS} workers (run ${i + 1}/${RUNS})`);
    const run = await playwright(GENERATIVE_ARGS, generativeEnv(examples));
    if (!run.report) throw new Error('generative tests wrote no JSON report');
    const phase = generativeRequests(run.report);
    counted = phase.requests;
    const rate = phase.requests / (phase.spanMs / 1000);
    generated.push(rate);
    ratios.push((rate / cannon.requestsPerSecond) * 100);
    mixRatios.push((rate / replay.requestsPerSecond) * 100);
  }
  const target = { target: { op: '>=' as const, limit: 50, text: '≥ 50 %' } };
  record(
    `rawPrismGenerative:${examples}`,
    `raw Prism capacity, sikka mock, one cheap GET (autocannon, 2 connections; ${at} run)`,
    raw,
    'req/s',
  );
  record(`rawPrismMix:${examples}`, `raw Prism capacity, sikka mock, the phases' own requests replayed (${at})`, mixed, 'req/s', {
    note: `${mix.length} requests recorded in the workers of one untimed run of the phases (positive, negative, the feedback list calls), replayed in order by each of 2 connections; every answer counts, 4xx included`,
  });
  record(`generativeRate:${examples}`, `generative phases, sikka (2 workers, ${at})`, generated, 'req/s', {
    note: `${counted} requests sent by the positive and negative phases (each test's \`generative\` annotation), over the span from the first generative test's start to the last one's end; generation, ajv validation of every request, every check and Playwright's per-test work included`,
  });
  record(`generativeRatio:${examples}`, `generative phases / raw Prism, one GET (${at}, same run)`, ratios, '%', target);
  record(`generativeMixRatio:${examples}`, `generative phases / raw Prism, same requests (${at}, same run)`, mixRatios, '%', target);
}

// ── wall time of projects, the gate and npm test ─────────────────────────────────────────────────────────────
async function projectRuns(): Promise<void> {
  for (const vendor of vendors) {
    const { runs, peakRssMb, note } = await playwrightRuns(HEAVY_RUNS, `npm test -- --project=${vendor}`, [`--project=${vendor}`]);
    record(`project:${vendor}`, `npm test -- --project=${vendor}`, runs, 'ms', {
      peakRssMb,
      note,
      ...(vendor === 'sikka' && { target: { op: '<', limit: 10_000, text: '< 10 s cold' } }),
    });
  }
}

/** Before/after of the content-hash contract cache (src/contract/cache.ts): the same project, interleaved. */
async function contractCacheAB(): Promise<void> {
  const off: number[] = [];
  const on: number[] = [];
  for (let i = 0; i < HEAVY_RUNS; i++) {
    progress(`contract cache A/B: --project=sikka with CONTRACT_CACHE=0 (run ${i + 1}/${HEAVY_RUNS})`);
    off.push((await playwright(['--project=sikka'], { CONTRACT_CACHE: '0' })).ms);
    progress(`contract cache A/B: --project=sikka with the warm disk cache (run ${i + 1}/${HEAVY_RUNS})`);
    on.push((await playwright(['--project=sikka'])).ms);
  }
  record('cacheOff', 'npm test -- --project=sikka, contract cache off (before)', off, 'ms');
  record('cacheOn', 'npm test -- --project=sikka, contract cache warm (after)', on, 'ms');
}

async function gateRun(): Promise<void> {
  const { runs, peakRssMb, note } = await playwrightRuns(
    HEAVY_RUNS,
    'vendor gate: every vendor project, NO_REFERENCE_SANDBOXES=1',
    vendors.map((v) => `--project=${v}`),
    { NO_REFERENCE_SANDBOXES: '1' },
  );
  record('gate', 'vendor gate (all vendor projects, no engine, no reference sandboxes)', runs, 'ms', {
    peakRssMb,
    note,
    target: { op: '<', limit: 60_000, text: '< 60 s' },
  });
}

async function fullRun(): Promise<void> {
  const { runs, peakRssMb, note } = await playwrightRuns(FULL_RUNS, 'full npm test, takes minutes; BENCH_SKIP_FULL=1 skips it', []);
  record('full', 'full npm test (self-tests included)', runs, 'ms', {
    peakRssMb,
    note,
    target: { op: '<', limit: 300_000, text: '< 5 min' },
  });
}

// ── pure fast-check properties ───────────────────────────────────────────────────────────────────────────────
async function properties(): Promise<void> {
  const files = vendors.flatMap((v) => {
    const dir = join(ROOT, 'suites', 'properties', v);
    try {
      return readdirSyncSafe(dir)
        .filter((f) => f.endsWith('.spec.ts'))
        .map((f) => `properties/${v}/${f}`);
    } catch {
      return [];
    }
  });
  const rates: number[] = [];
  let last = { cases: 0, ms: 0, tests: 0 };
  for (let i = 0; i < RUNS; i++) {
    progress(`pure fast-check properties: ${files.length} files, 1 worker (run ${i + 1}/${RUNS})`);
    const run = await playwright(
      [...vendors.map((v) => `--project=${v}`), '--workers=1', ...files.map((f) => `${f.replace(/\./g, '\\.')}$`)],
      { NO_REFERENCE_SANDBOXES: '1' },
    );
    if (!run.report) throw new Error('property run wrote no JSON report');
    last = propertyCases(run.report);
    rates.push(last.cases / (last.ms / 1000));
  }
  record('propertyRate', 'pure fast-check properties', rates, 'cases/s', {
    note: `${last.cases} cases in ${last.tests} property tests (numRuns read from each test's fc-seed annotation), over the summed durations of those tests`,
  });
}

function readdirSyncSafe(dir: string): string[] {
  return readdirSync(dir);
}

// ── a 1 MB-class document ────────────────────────────────────────────────────────────────────────────────
/**
 * `fixtures/documents/slack-web.json` (1.2 MB Swagger 2.0, 174 operations) dropped into a contracts folder of its
 * own: the listing cold (no disk cache) and its mock gate, as a user would run it, with the peak memory of a worker.
 */
async function largeDocument(): Promise<void> {
  const contracts = join(work, 'large', 'contracts');
  mkdirSync(contracts, { recursive: true });
  copyFileSync(join(ROOT, 'fixtures', 'documents', 'slack-web.json'), join(contracts, 'slack-web.json'));
  const env = { CONTRACTS_DIR: contracts, [runState.nested.name]: '1', NO_REFERENCE_SANDBOXES: '1' };
  const lists: number[] = [];
  let tests = 0;
  for (let i = 0; i < RUNS; i++) {
    progress(`1 MB document: playwright --list, contract cache off (run ${i + 1}/${RUNS})`);
    const listed = await playwright(['--list'], { ...env, CONTRACT_CACHE: '0' });
    lists.push(listed.ms);
    tests = Number(listed.stdout.match(/Total: (\d+) tests?/)?.[1] ?? 0);
  }
  record('large:list', `playwright --list, slack-web.json 1.2 MB (${tests} tests, cold)`, lists, 'ms', {
    target: { op: '<', limit: 5_000, text: '< 5 s' },
  });
  const {
    runs,
    peakRssMb,
    workerPeakRssMb,
    note: outcome,
  } = await playwrightRuns(HEAVY_RUNS, `1 MB document: mock gate, ${WORKERS} workers`, [`--workers=${WORKERS}`], env);
  record('large:run', 'mock gate, slack-web.json 1.2 MB (2 workers)', runs, 'ms', {
    peakRssMb,
    workerPeakRssMb,
    note: `${outcome}${/failed/.test(outcome) ? ' (a drop-in document: its defects are findings, failures only under STRICT=1)' : ''}`,
    target: { op: '<', limit: 120_000, text: '< 2 min' },
  });
  rmSync(generatedDirFor(contracts), { recursive: true, force: true });
}

// ── scaling ──────────────────────────────────────────────────────────────────────────────────────────────────
async function scaling(): Promise<void> {
  const rows: { size: number; loadMs: number; listMs: number; tests?: number; runMs?: number }[] = [];
  for (const size of SCALE_SIZES) {
    const dir = join(work, `synthetic-${size}`);
    const contracts = join(dir, 'contracts');
    mkdirSync(contracts, { recursive: true });
    const file = join(contracts, 'synthetic.json');
    writeFileSync(file, JSON.stringify(syntheticContract(size)));
    // Without the disk cache, so that every size is measured cold (the cache would make runs 2..N near-free).
    const env = { CONTRACTS_DIR: contracts, [runState.nested.name]: '1', CONTRACT_CACHE: '0' };
    const loads: number[] = [];
    const lists: number[] = [];
    let tests = 0;
    for (let i = 0; i < RUNS; i++) {
      progress(`scaling ${size} ops: load, list (run ${i + 1}/${RUNS})`);
      const load = await measure(process.execPath, [...TSX, join(ROOT, 'scripts', 'bench', 'load-contract.ts'), file], {
        cwd: ROOT,
        env: childEnv({ CONTRACT_CACHE: '0' }),
        untilReady: true,
      });
      loads.push((load.ready as { ms: number }).ms);
      const listed = await playwright(['--project=synthetic', '--list'], env);
      lists.push(listed.ms);
      tests = Number(listed.stdout.match(/Total: (\d+) tests?/)?.[1] ?? 0);
    }
    const row: (typeof rows)[number] = { size, loadMs: median(loads), listMs: median(lists), tests };
    record(`load:${size}`, `load synthetic ${size} ops (loadContract, fresh process)`, loads, 'ms');
    record(
      `list:${size}`,
      `playwright --list, synthetic ${size} ops (${tests} tests)`,
      lists,
      'ms',
      size === 2000 ? { target: { op: '<', limit: 5_000, text: '< 5 s' } } : {},
    );
    if (SCALE_RUN_SIZES.includes(size)) {
      const { runs, peakRssMb, workerPeakRssMb, note } = await playwrightRuns(
        HEAVY_RUNS,
        `scaling ${size} ops: run against the mock, ${WORKERS} workers`,
        ['--project=synthetic', `--workers=${WORKERS}`],
        env,
      );
      row.runMs = median(runs);
      record(`run:${size}`, `run synthetic ${size} ops against its mock`, runs, 'ms', { peakRssMb, workerPeakRssMb, note });
    }
    rows.push(row);
    rmSync(generatedDirFor(contracts), { recursive: true, force: true });
  }
  const fits: Record<string, unknown> = {};
  for (const metric of ['loadMs', 'listMs', 'runMs'] as const) {
    const points = rows.filter((r) => r[metric] !== undefined).map((r) => [r.size, r[metric]!] as const);
    if (points.length < 2) continue;
    const fit = linearFit(points);
    const marginal = points.slice(1).map(([size, ms], i) => (ms - points[i][1]) / (size - points[i][0]));
    fits[metric] = { ...fit, marginal, perOp: points.map(([size, ms]) => ({ size, msPerOp: ms / size })) };
  }
  extra.scaling = { rows, fits };
  for (const [metric, fit] of Object.entries(fits) as [string, ReturnType<typeof linearFit>][]) {
    progress(`scaling ${metric}: slope ${fit.slope.toFixed(2)} ms/op, intercept ${fit.intercept.toFixed(0)} ms, r² ${fit.r2.toFixed(3)}`);
  }
}

/** Least-squares line through (size, ms): slope in ms per operation, and r² (1 is a perfect line). */
function linearFit(points: readonly (readonly [number, number])[]): { slope: number; intercept: number; r2: number } {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const ssr = points.reduce((s, [x, y]) => s + (y - (intercept + slope * x)) ** 2, 0);
  const sst = points.reduce((s, [, y]) => s + (y - my) ** 2, 0);
  return { slope, intercept, r2: sst === 0 ? 1 : 1 - ssr / sst };
}

type Fit = { slope: number; r2: number; marginal: number[]; perOp: { size: number; msPerOp: number }[] };

/**
 * Linear (or better): the marginal cost per operation of the last step is at most 1.5× that of the first step.
 * `growth` compares the cost per operation at 500 and 5,000 operations when both were measured.
 */
function growthOf(fit: Fit): { linear: boolean; steps: string; growth?: string } {
  const m = fit.marginal;
  const at = (size: number) => fit.perOp.find((p) => p.size === size)?.msPerOp;
  const [small, large] = [at(500), at(5000)];
  return {
    linear: m.length < 2 || m[m.length - 1] <= 1.5 * m[0],
    steps: m.map((x) => x.toFixed(2)).join(' → '),
    growth: small && large ? `ms/op at 5000 ÷ at 500 = ${(large / small).toFixed(2)}` : undefined,
  };
}

/** The issue's targets, each measured against its limit, from the figures of this run. */
function targets(): string {
  const byKey = new Map(figures.map((f) => [f.key, f]));
  const scale = (extra.scaling as { fits: Record<string, Fit> } | undefined)?.fits ?? {};
  const row = (name: string, key: string, fallback: string): string[] => {
    const f = byKey.get(key);
    return f ? [name, format(f.value, f.unit), f.target?.text ?? '', verdict(f)] : [name, 'not measured', '', fallback];
  };
  const rows = [
    row('gate / floor, sikka', 'floorRatio:sikka', 'BENCH_ONLY=floor'),
    row('gate / floor, synthetic 500 operations', 'floorRatio:synthetic 500 ops', 'BENCH_ONLY=floor'),
    row('gate / floor, sikka, no generative phases', 'floorRatio:sikka, no generative phases', 'BENCH_ONLY=floor'),
    row('gate / floor, synthetic 500, no generative phases', 'floorRatio:synthetic 500 ops, no generative phases', 'BENCH_ONLY=floor'),
    row('1 MB document (slack-web.json): listing', 'large:list', 'BENCH_ONLY=large'),
    row('1 MB document (slack-web.json): mock gate, 2 workers', 'large:run', 'BENCH_ONLY=large'),
    ...(['loadMs', 'listMs', 'runMs'] as const).map((metric) => {
      const fit = scale[metric];
      const name = `scaling to 5,000 operations: ${metric.replace('Ms', '')}`;
      if (!fit) return [name, 'not measured', 'linear growth', 'BENCH_ONLY=scaling'];
      const { linear, steps, growth } = growthOf(fit);
      return [name, growth ?? `marginal ms/op ${steps}`, 'linear growth', `${linear ? 'PASS' : 'MISS'} (marginal ms/op ${steps})`];
    }),
    // The generative section owns this figure (generativeRate); the row reads it when that section ran.
    ...GEN_EXAMPLES_SIZES.flatMap((examples) => [
      row(
        `generative phases / raw Prism, same requests, GEN_EXAMPLES=${examples}`,
        `generativeMixRatio:${examples}`,
        'BENCH_ONLY=generative',
      ),
      row(`generative phases / raw Prism, one cheap GET, GEN_EXAMPLES=${examples}`, `generativeRatio:${examples}`, 'BENCH_ONLY=generative'),
    ]),
    row('full npm test', 'full', 'BENCH_ONLY=full'),
  ];
  return markdownTable(['target', 'measured', 'limit', 'result'], rows);
}

// ── table ────────────────────────────────────────────────────────────────────────────────────────────────────
function verdict(f: Figure): string {
  if (!f.target || Number.isNaN(f.value)) return '';
  const { op, limit } = f.target;
  const pass = op === '<' ? f.value < limit : f.value >= limit;
  if (f.unit === '%') return pass ? `PASS (+${(f.value - limit).toFixed(0)} pts)` : `MISS (${(f.value - limit).toFixed(0)} pts)`;
  const by = op === '<' ? f.value - limit : limit - f.value;
  const ratio = f.value / limit;
  return pass ? `PASS (${format(Math.abs(by), f.unit)} spare)` : `MISS by ${format(by, f.unit)} (${ratio.toFixed(1)}× the limit)`;
}

function table(): string {
  const head = ['figure', 'median', 'n', 'peak RSS (worker)', 'target', 'result'];
  const rows = figures.map((f) => [
    f.label,
    format(f.value, f.unit),
    String(f.samples),
    f.peakRssMb ? `${f.peakRssMb.toFixed(0)} MB${f.workerPeakRssMb ? ` (${f.workerPeakRssMb.toFixed(0)} MB)` : ''}` : '',
    f.target?.text ?? '',
    verdict(f),
  ]);
  const scale = extra.scaling as { fits: Record<string, Fit> } | undefined;
  for (const [metric, fit] of Object.entries(scale?.fits ?? {})) {
    const perOp = fit.perOp.map((p) => `${p.size}: ${p.msPerOp.toFixed(1)}`).join(', ');
    // Linear (or better): the marginal cost of the last step per operation is at most 1.5× that of the first step.
    const { linear, steps, growth } = growthOf(fit);
    rows.push([
      `scaling ${metric.replace('Ms', '')}: ms/op at ${perOp}`,
      `${fit.slope.toFixed(2)} ms/op`,
      '',
      '',
      'linear growth',
      `${linear ? 'PASS' : 'MISS'} (marginal ms/op ${steps}; r² ${fit.r2.toFixed(3)}${growth ? `; ${growth}` : ''})`,
    ]);
  }
  return markdownTable(head, rows);
}

// ── main ─────────────────────────────────────────────────────────────────────────────────────────────────────
progress(
  `${cpus().length} cores, node ${process.version}; BENCH_RUNS=${RUNS}, BENCH_HEAVY_RUNS=${HEAVY_RUNS}, BENCH_FULL_RUNS=${FULL_RUNS}; vendors: ${vendors.join(', ')}`,
);
try {
  if (wants('cold')) await coldStart();
  if (wants('servers')) await serverStarts();
  if (wants('rate')) await requestRate();
  if (wants('generative')) for (const examples of GEN_EXAMPLES_SIZES) await generativeRate(examples);
  if (wants('floor')) {
    const synthetic = join(work, 'floor-synthetic', 'contracts');
    mkdirSync(synthetic, { recursive: true });
    writeFileSync(join(synthetic, 'synthetic.json'), JSON.stringify(syntheticContract(500)));
    // With the generative phases (the gate as it runs) and without them: the phases spend a time budget per
    // worker (GEN_BUDGET_S), which the floor's trivial tests have no counterpart for.
    for (const [env, suffix] of [
      [{}, ''],
      [{ GEN_PHASES: 'off' }, ', no generative phases'],
    ] as const) {
      if (floorWants('sikka')) await floorRatio('sikka', { NO_REFERENCE_SANDBOXES: '1', ...env }, `sikka${suffix}`);
      if (floorWants('synthetic'))
        await floorRatio('synthetic', { CONTRACTS_DIR: synthetic, [runState.nested.name]: '1', ...env }, `synthetic 500 ops${suffix}`);
    }
    rmSync(generatedDirFor(synthetic), { recursive: true, force: true });
  }
  if (wants('properties')) await properties();
  if (wants('scaling')) await scaling();
  if (wants('large')) await largeDocument();
  if (wants('vendors')) await projectRuns();
  // Opt-in: compares CONTRACT_CACHE=0 with a disk-cached contract loader, which is not adopted (docs/performance.md).
  if (ONLY?.has('cache')) await contractCacheAB();
  if (wants('gate')) await gateRun();
  if (wants('full') && FULL_RUNS > 0) await fullRun();
} finally {
  rmSync(work, { recursive: true, force: true });
}

const rendered = table();
const targetTable = targets();
process.stdout.write(
  `\n${rendered}\n\nTargets (measured in this run, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}):\n${targetTable}\n\n`,
);
const notes = figures.filter((f) => f.note).map((f) => `- ${f.label}: ${f.note}`);
process.stdout.write(`${notes.join('\n')}\n\nbench took ${elapsed().trim()}\n`);
mkdirSync(REPORTS_DIR, { recursive: true });
const out = join(REPORTS_DIR, 'bench.json');
writeFileSync(
  out,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      cores: cpus().length,
      cpu: cpus()[0]?.model,
      node: process.version,
      settings: { RUNS, HEAVY_RUNS, FULL_RUNS, SCALE_SIZES, SCALE_RUN_SIZES, CANNON_SECONDS, WORKERS },
      figures: figures.map((f) => ({ ...f, verdict: verdict(f) || undefined })),
      ...extra,
      table: rendered,
      targets: targetTable,
      loadAverage: loadavg(),
      benchMs: Math.round(performance.now() - benchStarted),
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`wrote ${out}\n`);
