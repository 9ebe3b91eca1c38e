import { expect } from '@playwright/test';
import { join, relative } from 'node:path';
import { contractFor } from '../../../src/contract/cache.ts';
import { spread } from '../../../src/core/spread.ts';
import type { Contract } from '../../../src/contract/types.ts';
import { overrideEngineRule } from '../../../src/checks/engine-rules.ts';
import { findingOf } from '../../../src/checks/findings.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { sandboxVendors } from '../../../fixtures/sandboxes/index.ts';
import { allReadingClasses, startReadingsInjector, type ReadingClass, type RunningReadings } from '../../../fixtures/readings/injector.ts';
import { testPatience } from '../support/patience.ts';
import { fixedSeedPerTest } from '../support/seed.ts';
import { corpusDocuments, CORPUS_DIR } from '../support/corpus.ts';
import { faultCorpus, mockBehind, runGenerative, sandboxBehind, test, type FaultTarget, type MockShelf } from './support.ts';
import { describeRuns, namedRule, recordMatrix, type ReadingsRun } from './readings-report.ts';

/**
 * The generative phases against the readings injector (`fixtures/readings/injector.ts`): every answer rewritten
 * into another reading the document allows, at each rule the contract marks inferred or assumed and each guess of
 * the engine's own. The gate must stay green, with all classes at once and with each class alone (on the operations
 * where it fired); what it reports there must be findings that name the rule whose other reading was taken.
 */
// A fixed seed for each test of this file only: the self-test is about the engine, not about luck.
fixedSeedPerTest(test);

/** Generated requests per operation and phase: enough for every class to fire, few enough to keep the run lean. */
const EXAMPLES = 3;
/** Operations a class is tried alone on: those where it fired with all classes on, at most this many. */
const ALONE_OPERATIONS = 4;
/** Operations of a corpus document run under all classes: spread over the document (its whole run is the gate's). */
const CORPUS_OPERATIONS = 5;

type Open = (classes: readonly ReadingClass[]) => Promise<FaultTarget & { injector: RunningReadings }>;

async function readingsRun(
  contract: Contract,
  open: Open,
  classes: readonly ReadingClass[],
  writes: boolean,
  only?: string[],
  examples = EXAMPLES,
) {
  const started = Date.now();
  const running = await open(classes);
  try {
    const scoped = only ? { ...contract, operations: contract.operations.filter((o) => only.includes(o.key)) } : contract;
    const result = await runGenerative(scoped, running.target, examples, writes);
    return { ...result, firedBy: running.injector.firedBy(), firedOn: running.injector.firedOn(), ms: Date.now() - started };
  } finally {
    await running.close();
  }
}

/**
 * All classes at once, then each class that fired alone on the operations where it fired; every run green. A large
 * document is sampled: `sample` operations spread over it (every kind of operation gets a turn), `alone` per class.
 */
async function greenUnderEveryReading(
  label: string,
  contract: Contract,
  open: Open,
  options: { writes?: boolean; sample?: number; alone?: number | false } = {},
): Promise<ReadingsRun[]> {
  const writes = options.writes ?? false;
  const runs: ReadingsRun[] = [];
  const sampled = options.sample && contract.operations.length > options.sample ? spread(contract.operations, options.sample) : undefined;
  const all = await readingsRun(
    contract,
    open,
    allReadingClasses,
    writes,
    sampled?.map((o) => o.key),
  );
  runs.push({ label, classes: 'all', ...all });
  test.skip(all.ran === 0, `no generative phase can run on ${label} against this target (each operation's phases are skips)`);
  for (const reading of options.alone === false ? [] : allReadingClasses) {
    const operations = (all.firedOn[reading] ?? []).slice(0, options.alone || ALONE_OPERATIONS);
    if (operations.length === 0) continue;
    await test.step(`${reading} alone`, async () => {
      const alone = await readingsRun(contract, open, [reading], writes, operations);
      runs.push({ label, classes: reading, ...alone });
    });
  }
  recordMatrix(
    'readings',
    label,
    runs.map(({ classes, sent, failures, firedBy, findings }) => ({
      classes,
      sent,
      failures: failures.length,
      firedBy,
      findings: findings.map((f) => ({ kind: findingOf(f), rule: namedRule(f) })),
    })),
  );
  const report = describeRuns(runs);
  await test.info().attach('readings', { body: report, contentType: 'text/plain' });
  console.log(report);
  for (const run of runs) {
    expect(run.failures, `${run.label} under ${run.classes}: failures caused by a reading`).toEqual([]);
    // A finding must say whose guess the answer contradicted: the contract's x-decision or an engine rule.
    const unnamed = run.findings.filter((f) => findingOf(f) === 'assumption' && !f.decision?.trim());
    expect(unnamed.map((f) => `${f.operation} ${f.check} › ${f.rule}`)).toEqual([]);
  }
  if (options.alone !== false) expect(runs.filter((r) => r.classes !== 'all').length, 'classes tried alone').toBeGreaterThan(0);
  return runs;
}

test.describe.configure({ mode: 'parallel' });

test.describe('generative phases against the readings injector (mock)', () => {
  for (const file of faultCorpus()) {
    test(`${relative(ROOT, file)}: green under every reading`, async ({ mocks }) => {
      test.setTimeout(testPatience(2));
      const contract = await contractFor(file);
      test.skip(contract.operations.length === 0, `${relative(ROOT, file)} documents no operations`);
      await greenUnderEveryReading(relative(ROOT, file), contract, mockOpener(contract, mocks));
    });
  }
});

test.describe('generative phases against the readings injector (reference sandboxes)', () => {
  for (const vendor of sandboxVendors) {
    for (const reading of ['faithful', 'alternate'] as const) {
      test(`${vendor}@reference (${reading} reading): green under every reading`, async () => {
        test.setTimeout(testPatience(2));
        const contract = await contractFor(join(ROOT, 'contracts', `${vendor}.yaml`));
        const open: Open = (classes) =>
          sandboxBehind(vendor, contract, (upstream) => startReadingsInjector(contract, upstream, classes), 'readings', reading);
        // A reference sandbox is ours: writes are safe, and the stateful phase reads what the readings rewrote. Each
        // class alone runs on the faithful reading; the alternate one takes every class at once over its own readings.
        await greenUnderEveryReading(`${vendor}@reference-${reading}`, contract, open, {
          writes: true,
          alone: reading === 'faithful' ? ALONE_OPERATIONS : false,
        });
      });
    }
  }
});

test.describe('generative phases against the readings injector (corpus)', () => {
  for (const name of corpusDocuments()) {
    test(`fixtures/documents/${name}: green under every reading`, async ({ mocks }) => {
      test.setTimeout(testPatience(2));
      const contract = await contractFor(join(CORPUS_DIR, name));
      await greenUnderEveryReading(`fixtures/documents/${name}`, contract, mockOpener(contract, mocks), {
        sample: CORPUS_OPERATIONS,
        alone: 1,
      });
    });
  }
});

test.describe('the engine-rule table decides', () => {
  test('reverting "every invalid input is refused" to documented turns the readings run red; the table’s guess keeps it green', async ({
    mocks,
  }) => {
    test.setTimeout(testPatience());
    const contract = await contractFor(join(ROOT, 'contracts', 'sikka.yaml'));
    const open = mockOpener(contract, mocks);
    const lenient: ReadingClass[] = ['lenient-optional-parameter'];
    const operations = ['GET /v2/patients'];
    const guessed = await readingsRun(contract, open, lenient, false, operations);
    expect(guessed.firedBy['lenient-optional-parameter'], 'lenient answers given').toBeGreaterThan(0);
    expect(guessed.failures).toEqual([]);
    expect(guessed.findings.map((f) => f.decision)).toContainEqual(
      expect.stringMatching(/^engine rule "invalid-input-refused" \(assumed\)/),
    );
    const restore = overrideEngineRule('invalid-input-refused', 'documented');
    try {
      const reverted = await readingsRun(contract, open, lenient, false, operations);
      expect(reverted.firedBy['lenient-optional-parameter'], 'lenient answers given').toBeGreaterThan(0);
      expect(reverted.failures.flatMap((f) => f.violations)).toContainEqual(expect.stringMatching(/^\[expectedStatus › not-rejected\]/));
    } finally {
      restore();
    }
  });
});

function mockOpener(contract: Contract, mocks: MockShelf): Open {
  return (classes) => mockBehind(contract, (upstream) => startReadingsInjector(contract, upstream, classes), 'readings', mocks);
}
