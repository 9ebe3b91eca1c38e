import { expect } from '@playwright/test';
import { join, relative } from 'node:path';
import type { Contract } from '../../../src/contract/types.ts';
import { contractFor } from '../../../src/contract/cache.ts';
import { spread } from '../../../src/core/spread.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { sandboxVendors } from '../../../fixtures/sandboxes/index.ts';
import { testPatience } from '../support/patience.ts';
import { fixedSeedPerTest } from '../support/seed.ts';
import { faultClasses, startFaultInjector, type FaultClass, type RunningInjector } from '../../../fixtures/faults/injector.ts';
import { faultOperations, isDocumentedFault } from '../../../fixtures/faults/documented.ts';
import { describeMatrix, judgeFault, judgeSilence, type FaultCell } from './faults-matrix.ts';
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
fixedSeedPerTest(test);

const NO_NON_ASCII = 'no request the phases generate for this contract carries non-ASCII text';
const NO_401 = "no answer of the operation the fault opens is a 401/403 (the only answers it rewrites) in the phases' traffic";
const NO_PINNED_TYPE = 'no 2xx JSON answer it gets carries a value whose schema pins one scalar type';
const NO_READ_BACK = 'no GET of the phases reads back what a 2xx POST created (an id in its answer, or a singleton path)';

/**
 * Where a fault cannot fire, and why: everywhere else it must fire (and be caught where it broke a documented rule),
 * so that an injector or generator regression turns red instead of into a quiet cell. Keyed by the document's label.
 * A pair listed here that fires after all is red too: the table is then out of date. The faults of documented rules
 * say for themselves where they are planted (`faultOperations`), and the run shows when those operations were never
 * reached or never gave an answer the fault changes (`judgeSilence`); only a silence the run does not explain needs
 * a row here.
 */
const NEVER_FIRES: Readonly<Record<string, Partial<Record<FaultClass, string>>>> = {
  'contracts/drchrono.yaml': { 'input-server-error': NO_NON_ASCII, 'state-lost': NO_READ_BACK },
  'contracts/lupl.yaml': { 'input-server-error': NO_NON_ASCII, 'wrong-type-sometimes': NO_PINNED_TYPE, 'state-lost': NO_READ_BACK },
  'contracts/sikka.yaml': { 'auth-not-enforced': NO_401, 'state-lost': NO_READ_BACK },
  'suites/engine/fixtures/petstore.yaml': { 'auth-not-enforced': 'no operation is secured', 'state-lost': NO_READ_BACK },
  'suites/engine/fixtures/dropin/legacy-crm.json': { 'auth-not-enforced': 'no operation is secured', 'state-lost': NO_READ_BACK },
  'suites/engine/fixtures/dropin/messy-30.yaml': { 'auth-not-enforced': 'no operation is secured', 'state-lost': NO_READ_BACK },
  'sikka@reference': { 'wrong-type-sometimes': NO_PINNED_TYPE, 'auth-not-enforced': NO_401, 'state-lost': NO_READ_BACK },
  'lupl@reference': { 'input-server-error': NO_NON_ASCII, 'wrong-type-sometimes': NO_PINNED_TYPE },
  'drchrono@reference': { 'input-server-error': NO_NON_ASCII, 'wrong-type-sometimes': NO_PINNED_TYPE, 'state-lost': NO_READ_BACK },
  'fixtures/documents/bbc-nitro.yaml': { 'wrong-type-sometimes': NO_PINNED_TYPE, 'state-lost': NO_READ_BACK },
  'fixtures/documents/museum.yaml': { 'state-lost': NO_READ_BACK },
  'fixtures/documents/openstf.yaml': { 'state-lost': NO_READ_BACK },
  'fixtures/documents/healthcare-gov.yaml': {
    'input-server-error': NO_NON_ASCII,
    'wrong-type-sometimes': NO_PINNED_TYPE,
    'auth-not-enforced': 'no operation is secured',
    'state-lost': NO_READ_BACK,
  },
  'fixtures/documents/twitter-labs.yaml': { 'auth-not-enforced': NO_401, 'state-lost': NO_READ_BACK },
  'fixtures/documents/fulfillment.yaml': { 'state-lost': NO_READ_BACK },
};

type Open = (fault: FaultClass | undefined) => Promise<FaultTarget & { injector: RunningInjector }>;

/** Operations of a real-world document each fault runs over (the contracts and engine documents run whole). */
const REAL_WORLD_OPERATIONS = 12;

async function matrixOf(label: string, contract: Contract, open: Open, target: 'mock' | 'sandbox', writes: boolean): Promise<FaultCell[]> {
  const run = async (fault: FaultClass | undefined, only?: string[]) => {
    const running = await open(fault);
    try {
      const scoped = only ? { ...contract, operations: contract.operations.filter((o) => only.includes(o.key)) } : contract;
      return {
        ...(await runGenerative(scoped, running.target, 8, writes)),
        firings: running.injector.firings(),
        answered: running.injector.answered(),
      };
    } finally {
      await running.close();
    }
  };
  const faithful = await run(undefined);
  expect(faithful.ran, 'phases that ran').toBeGreaterThan(0);
  expect(faithful.failures, 'false alarms on a faithful target').toEqual([]);
  const cells: FaultCell[] = [];
  for (const { name: fault } of faultClasses) {
    const operations = isDocumentedFault(fault) ? faultOperations(contract, fault, target) : undefined;
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
      const cell = judgeFault({ fault, target, firings: faulty.firings, failures: faulty.failures, newFindings });
      const silence = judgeSilence({ fault, planted: operations, ...faulty, neverFires: NEVER_FIRES[label]?.[fault] });
      if (silence.skipped) cell.skipped = silence.skipped;
      if (silence.problem) (cell.problems ??= []).push(silence.problem);
      cells.push(cell);
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
      // A real-world document is sampled: operations spread over it, so every kind gets a turn (the injector sees the
      // same sample, so that the operation it opens for auth-not-enforced is one the phases call).
      const sampled =
        realWorld.has(file) && contract.operations.length > REAL_WORLD_OPERATIONS
          ? { ...contract, operations: spread(contract.operations, REAL_WORLD_OPERATIONS) }
          : contract;
      const cells = await matrixOf(relative(ROOT, file), sampled, mockOpener(sampled, mocks), 'mock', false);
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
