import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { ROOT, REPORTS_DIR } from '../targets/paths.ts';
import { scrubText } from './redact.ts';
import {
  DIFF_RESULT_FILE,
  excerptOf,
  formatSummary,
  replayLine,
  type CoverageFile,
  type DiffFile,
  type FindingsFile,
  type SummaryFailure,
} from './summary.ts';

export interface SummaryReporterOptions {
  /** Default `reports/summary.md` (under REPORTS_DIR). */
  outputFile?: string;
}

interface CategoryRules {
  match(message: string, status: 'failed' | 'broken', findings: string[]): string | undefined;
}

/**
 * Writes `reports/summary.md` at the end of every run (not `--list`), and appends it to `GITHUB_STEP_SUMMARY`
 * when that is set. It reads what the findings and coverage reporters wrote in this run (`findings.json`,
 * `coverage-summary.json`; listed before it in playwright.config.ts, so their files are written first) and the
 * last `contracts:diff` result, and sorts failures into the Allure categories of allurerc.mjs, matched by
 * Allure's own rules, so that the summary and the report agree on whose fault a failure is.
 */
export default class SummaryReporter implements Reporter {
  private readonly outputFile: string;
  private root?: Suite;
  private config?: FullConfig;
  private started = Date.now();
  private readonly errors: string[] = [];
  private readonly failed: { test: TestCase; result: TestResult }[] = [];

  constructor(options: SummaryReporterOptions = {}) {
    this.outputFile = options.outputFile ?? join(REPORTS_DIR, 'summary.md');
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.root = suite;
    this.started = Date.now();
  }

  onError(error: TestError): void {
    this.errors.push(scrubText(error.message ?? String(error.value ?? 'unknown error')).split('\n')[0]);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'failed' || result.status === 'timedOut') this.failed.push({ test, result });
  }

  async onEnd(result: FullResult): Promise<void> {
    if (process.argv.includes('--list') || !this.root) return;
    const tests = this.root.allTests();
    const outcome = (o: ReturnType<TestCase['outcome']>) => tests.filter((t) => t.outcome() === o).length;
    const rules = await categoryRules();
    const failures: SummaryFailure[] = [];
    for (const test of tests.filter((t) => t.outcome() === 'unexpected')) {
      const last = test.results.at(-1);
      const message = scrubText((last?.errors ?? []).map((e) => e.message ?? '').join('\n') || last?.error?.message || '');
      const project = test.parent.project()?.name ?? '';
      const titles = test.titlePath().slice(3);
      // The generated suites open with a describe named after the vendor, which the project already says.
      const shown = titles[0] === project.split('@')[0] ? titles.slice(1) : titles;
      const findings = [...test.annotations, ...(last?.annotations ?? [])]
        .filter((a) => a.type === 'finding')
        .map((a) => String(a.description ?? '').split(' ')[0]);
      failures.push({
        project,
        title: shown.join(' › '),
        category:
          rules?.match(message, last?.status === 'timedOut' ? 'broken' : 'failed', findings) ??
          (last?.status === 'timedOut' ? 'timed out' : 'other failure'),
        excerpt: excerptOf(message),
        replay: replayLine(message, project, titles),
      });
    }
    const shard = this.config?.shard ? `shard ${this.config.shard.current}/${this.config.shard.total}` : undefined;
    const summary = formatSummary({
      status: result.status,
      counts: { passed: outcome('expected'), failed: outcome('unexpected'), flaky: outcome('flaky'), skipped: outcome('skipped') },
      durationMs: result.duration ?? Date.now() - this.started,
      failures,
      errors: this.errors,
      findings: this.fresh<FindingsFile>('findings.json'),
      coverage: shard ? undefined : this.fresh<CoverageFile>('coverage-summary.json'),
      diff: this.before<DiffFile>(DIFF_RESULT_FILE),
      shard,
    });
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, summary);
    const step = process.env.GITHUB_STEP_SUMMARY;
    if (step) {
      try {
        appendFileSync(step, `${summary}\n`);
      } catch (error) {
        console.error(
          `summary: could not append to GITHUB_STEP_SUMMARY (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        );
      }
    }
  }

  /**
   * A result left before this run began (`contracts:diff` runs before the tests); one written during the run came
   * from something the run itself started, not from the change under test.
   */
  private before<T>(name: string): T | undefined {
    const file = join(dirname(this.outputFile), name);
    try {
      if (!existsSync(file) || statSync(file).mtimeMs > this.started) return undefined;
    } catch {
      return undefined;
    }
    return readJson<T>(file);
  }

  /** A file another reporter wrote in this run; one left by an earlier run would describe other tests. */
  private fresh<T>(name: string): T | undefined {
    const file = join(dirname(this.outputFile), name);
    try {
      if (!existsSync(file) || statSync(file).mtimeMs < this.started - 1000) return undefined;
    } catch {
      return undefined;
    }
    return readJson<T>(file);
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** allurerc.mjs's categories with Allure's own matcher; undefined when they cannot be loaded (then "other failure"). */
async function categoryRules(): Promise<CategoryRules | undefined> {
  try {
    const [{ matchCategory, normalizeCategoriesConfig }, config] = await Promise.all([
      import('@allurereport/core-api'),
      import(pathToFileURL(join(ROOT, 'allurerc.mjs')).href),
    ]);
    const rules = normalizeCategoriesConfig((config.default as { categories: never }).categories);
    return {
      match: (message, status, findings) =>
        matchCategory(rules, {
          status,
          labels: findings.map((value) => ({ name: 'finding', value })),
          message: /^Error: /.test(message) ? message : `Error: ${message}`,
          flaky: false,
        })?.name,
    };
  } catch {
    return undefined;
  }
}
