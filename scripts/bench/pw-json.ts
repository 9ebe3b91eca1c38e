/** Reading Playwright's JSON report: the request-sending tests' span, and property cases. */

// Playwright's own types of its JSON report: the sweep and the bench read the same report one way.
import type { JSONReport as PwReport, JSONReportSpec as PwSpec, JSONReportSuite as PwSuite } from '@playwright/test/reporter';

export type { PwReport };

/** Every spec of the report, with the titles of the suites it sits in (the file's first), in report order. */
export function* specs(suites: PwSuite[], path: string[] = []): Generator<{ spec: PwSpec; path: string[] }> {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) yield { spec, path: [...path, suite.title] };
    yield* specs(suite.suites ?? [], [...path, suite.title]);
  }
}

/** Tests that ran (not skipped): each generated test sends one request to the mock. Span: first start to last end. */
export function requestTests(report: PwReport): { requests: number; spanMs: number } {
  let requests = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const { spec } of specs(report.suites)) {
    for (const test of spec.tests) {
      for (const result of test.results) {
        if (result.status === 'skipped') continue;
        requests++;
        const start = Date.parse(result.startTime);
        first = Math.min(first, start);
        last = Math.max(last, start + result.duration);
      }
    }
  }
  return { requests, spanMs: last - first };
}

/** Cases run by property tests (numRuns from each `fc-seed` annotation) and the summed durations of those tests. */
export function propertyCases(report: PwReport): { cases: number; ms: number; tests: number } {
  let cases = 0;
  let ms = 0;
  let tests = 0;
  for (const { spec } of specs(report.suites)) {
    for (const test of spec.tests) {
      for (const result of test.results) {
        const seeds = [...(test.annotations ?? []), ...(result.annotations ?? [])].filter((a) => a.type === 'fc-seed');
        if (seeds.length === 0 || result.status !== 'passed') continue;
        tests++;
        ms += result.duration;
        for (const seed of seeds) cases += Number(seed.description?.match(/numRuns (\d+)/)?.[1] ?? 0);
      }
    }
  }
  return { cases, ms, tests };
}

/** Requests the generative phases sent (from each test's `generative` annotation) and the span of those tests. */
export function generativeRequests(report: PwReport): { requests: number; spanMs: number; tests: number } {
  let requests = 0;
  let tests = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const { spec } of specs(report.suites)) {
    for (const test of spec.tests) {
      for (const result of test.results) {
        // A runtime annotation is in both the result's and the test's list: counted once, from the result where it has any.
        const notes = (result.annotations?.length ? result.annotations : (test.annotations ?? [])).filter((a) => a.type === 'generative');
        if (notes.length === 0 || result.status === 'skipped') continue;
        tests++;
        for (const note of notes) requests += Number(note.description?.match(/(\d+) request\(s\) sent/)?.[1] ?? 0);
        const start = Date.parse(result.startTime);
        first = Math.min(first, start);
        last = Math.max(last, start + result.duration);
      }
    }
  }
  return { requests, spanMs: last - first, tests };
}

/** Titles (`file › describe › test`) of the tests that failed or timed out, so a red run's figure says what broke. */
export function failedTests(report: PwReport): string[] {
  const failed: string[] = [];
  for (const { spec, path } of specs(report.suites))
    for (const test of spec.tests)
      if (test.results.some((r) => r.status === 'failed' || r.status === 'timedOut' || r.status === 'interrupted'))
        failed.push([...path.filter(Boolean), spec.title].join(' › '));
  return failed;
}
