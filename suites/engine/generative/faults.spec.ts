import { expect } from '@playwright/test';
import { join, relative } from 'node:path';
import type { Contract } from '../../../src/contract/types.ts';
import { contractFor } from '../../../src/contract/cache.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { sandboxVendors } from '../../../fixtures/sandboxes/index.ts';
import { testPatience } from '../support/patience.ts';
import { faultClasses, startFaultInjector, type FaultClass, type RunningInjector } from '../../../fixtures/faults/injector.ts';
import { faultOperations, documentedFaultClasses } from '../../../fixtures/faults/documented.ts';
import { describeMatrix, judgeFault, type FaultCell } from './faults-matrix.ts';
import { recordMatrix } from './readings-report.ts';
import {
  faultCorpus,
  faultDocuments,
  mockBehind,
  runGenerative,
  sandboxBehind,
  test,
  type FaultTarget,
  type MockShelf,
} from './support.ts';

/**
 * The generative phases against the fault injector, the dual of the readings injector: each fault breaks one rule
 * and says how sure the document is of it. Where the rule is documented the run catches it (a failing phase; on a
 * mock, whose bodies the engine reads as the document's own, a finding the faithful run does not have); where it
 * is a guess the run stays green. The faithful run (injector switched off) has no failure at all. Each document
 * prints its matrix: fault (rule class) × documented/guess × caught/quiet.
 */
// A fixed seed: the self-test is about the engine, not about luck.
process.env.FC_SEED ??= '424242';

type Open = (fault: FaultClass | undefined) => Promise<FaultTarget & { injector: RunningInjector }>;

/** Operations of a real-world document each fault runs over (the contracts and engine documents run whole). */
const REAL_WORLD_OPERATIONS = 12;

/** `count` items spread evenly over the list. */
function spread<T>(items: T[], count: number): T[] {
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]);
}

async function matrixOf(
  label: string,
  whole: Contract,
  open: Open,
  target: 'mock' | 'sandbox',
  writes: boolean,
  sample?: number,
): Promise<FaultCell[]> {
  // A large real-world document is sampled: operations spread over it, so every kind gets a turn.
  const contract = sample && whole.operations.length > sample ? { ...whole, operations: spread(whole.operations, sample) } : whole;
  const run = async (fault: FaultClass | undefined, only?: string[]) => {
    const running = await open(fault);
    try {
      const scoped = only ? { ...contract, operations: contract.operations.filter((o) => only.includes(o.key)) } : contract;
      return { ...(await runGenerative(scoped, running.target, 8, writes)), firings: running.injector.firings() };
    } finally {
      await running.close();
    }
  };
  const faithful = await run(undefined);
  expect(faithful.ran, 'phases that ran').toBeGreaterThan(0);
  expect(faithful.failures, 'false alarms on a faithful target').toEqual([]);
  const cells: FaultCell[] = [];
  for (const { name: fault } of faultClasses) {
    const operations = documentedFaultClasses.some((f) => f.name === fault)
      ? faultOperations(contract, fault as (typeof documentedFaultClasses)[number]['name'], target)
      : undefined;
    if (operations?.length === 0) {
      cells.push({
        fault,
        firings: [],
        failures: [],
        newFindings: [],
        skipped: `nothing in the contract lets it fire against a ${target}`,
      });
      continue;
    }
    await test.step(fault, async () => {
      const faulty = await run(
        fault,
        operations?.map((o) => o.key),
      );
      const newFindings = [...faulty.warnings].filter((w) => !faithful.warnings.has(w));
      cells.push(judgeFault({ fault, target, firings: faulty.firings, failures: faulty.failures, newFindings }));
    });
  }
  recordMatrix(
    'faults',
    label,
    cells.map(({ fault, firings, caught, quiet, skipped }) => ({
      fault,
      skipped,
      documented: firings.filter((f) => f.provenance === 'documented').length,
      guess: firings.filter((f) => f.provenance === 'guess').length,
      caught,
      quiet,
    })),
  );
  const report = describeMatrix(label, cells);
  await test.info().attach('fault matrix', { body: report, contentType: 'text/plain' });
  console.log(report);
  for (const cell of cells) {
    expect.soft(cell.problems ?? [], `${label}: ${cell.fault}`).toEqual([]);
  }
  expect(
    cells.filter((c) => c.firings.length > 0),
    'fault classes that fired',
  ).not.toHaveLength(0);
  return cells;
}

function mockOpener(contract: Contract, mocks: MockShelf): Open {
  return (fault) => mockBehind(contract, (upstream) => startFaultInjector(contract, upstream, fault), fault ?? 'none', mocks);
}

test.describe.configure({ mode: 'parallel' });

test.describe('generative phases against the fault injector (mock)', () => {
  const realWorld = new Set(faultDocuments());
  for (const file of [...faultCorpus(), ...faultDocuments()]) {
    test(`${relative(ROOT, file)}: faithful run green, documented rules caught, guesses quiet`, async ({ mocks }) => {
      test.setTimeout(testPatience(2));
      const contract = await contractFor(file);
      test.skip(contract.operations.length === 0, `${relative(ROOT, file)} documents no operations`);
      const sample = realWorld.has(file) ? REAL_WORLD_OPERATIONS : undefined;
      const cells = await matrixOf(relative(ROOT, file), contract, mockOpener(contract, mocks), 'mock', false, sample);
      // Webcamconsult's contract gives every general fault a way in: there, one that never fires is an engine bug.
      if (file.endsWith('contracts/webcamconsult.yaml'))
        for (const fault of ['input-server-error', 'constraint-not-enforced', 'wrong-type-sometimes', 'auth-not-enforced'])
          expect(cells.find((c) => c.fault === fault)?.firings.length, `${fault} fired`).toBeGreaterThan(0);
    });
  }
});

test.describe('generative phases against the fault injector (reference sandboxes)', () => {
  for (const vendor of sandboxVendors) {
    test(`${vendor}@reference: faithful run green, documented rules caught, guesses quiet`, async () => {
      test.setTimeout(testPatience(2));
      const contract = await contractFor(join(ROOT, 'contracts', `${vendor}.yaml`));
      // A reference sandbox is ours: writes are safe, and they are most of what some vendors offer.
      const open: Open = (fault) =>
        sandboxBehind(vendor, contract, (upstream) => startFaultInjector(contract, upstream, fault), fault ?? 'none');
      await matrixOf(`${vendor}@reference`, contract, open, 'sandbox', true);
    });
  }
});
