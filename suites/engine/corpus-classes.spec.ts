import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASS_DOCUMENTS as CLASSES, CORPUS_DIR } from './support/corpus.ts';
import { runGateAsync } from './support/nested-run.ts';
import { testPatience } from './support/patience.ts';

/**
 * The documents kept in fixtures/documents for the classes the corpus sweep found (docs/corpus.md), run as drop-in
 * gates with the generative phases on, as a user runs them: green, each class's cases a skip or a finding that says
 * why, never a failure. (The other corpus self-tests hold their requests to the mock and to Prism's parser.)
 */
test.describe.configure({ timeout: testPatience(1) });

interface Node {
  specs?: {
    tests: {
      annotations?: { type: string; description?: string }[];
      results: { status: string; annotations?: { type: string; description?: string }[] }[];
    }[];
  }[];
  suites?: Node[];
}

function* results(nodes: Node[]): Generator<{ status: string; notes: string[] }> {
  for (const node of nodes) {
    for (const spec of node.specs ?? [])
      for (const t of spec.tests) {
        const last = t.results[t.results.length - 1];
        const notes = [...(t.annotations ?? []), ...(last?.annotations ?? [])].map((a) => a.description ?? '');
        yield { status: last?.status ?? 'skipped', notes };
      }
    yield* results(node.suites ?? []);
  }
}

test('the documents kept for each class run green as drop-in gates, each class a skip or finding that names its reason', async () => {
  const contracts = Object.fromEntries(CLASSES.map((c) => [c.file, readFileSync(join(CORPUS_DIR, c.file), 'utf8')]));
  const run = await runGateAsync(contracts, ['--workers=2', '--reporter=json'], { GEN_PHASES: 'on' });
  const report = JSON.parse(run.output.slice(run.output.indexOf('{'), run.output.lastIndexOf('}') + 1)) as { suites: Node[] };
  expect(run.status, run.output.slice(-2000)).toBe(0);
  for (const { project, shows } of CLASSES) {
    const own = report.suites.flatMap((s) => (s.suites ?? []).filter((x) => JSON.stringify(x).includes(`"${project}`)));
    const all = [...results(own.length > 0 ? own : report.suites)];
    expect(all.length, project).toBeGreaterThan(0);
    expect(
      all.filter((r) => r.status === 'failed' || r.status === 'timedOut'),
      project,
    ).toEqual([]);
    if (shows)
      expect(
        all.some((r) => r.notes.some((n) => shows.test(n))),
        `${project}: ${shows}`,
      ).toBe(true);
  }
});
