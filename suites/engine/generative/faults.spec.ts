import { expect } from '@playwright/test';
import { relative } from 'node:path';
import type { Contract } from '../../../src/contract/types.ts';
import { contractFor } from '../../../src/contract/cache.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { sandboxVendors } from '../../../fixtures/sandboxes/index.ts';
import { testPatience } from '../support/patience.ts';
import { fixedSeedPerTest } from '../support/seed.ts';
import { faultClasses, type FaultClass } from '../../../fixtures/faults/injector.ts';
import {
  faultCorpus,
  faultDocuments,
  mockBehindInjector,
  runGenerative,
  sandboxBehindInjector,
  test,
  type FaultTarget,
} from './support.ts';

/**
 * The generative phases against the fault injector: each fault class is caught (at least one phase of one
 * operation fails) wherever it fired, and the faithful run (injector switched off) has no failure at all.
 */
const faults: (FaultClass | undefined)[] = [undefined, ...faultClasses.map((f) => f.name)];
// A fixed seed: the self-test is about the engine, not about luck.
fixedSeedPerTest(test);

async function exercise(
  open: (contract: Contract) => Promise<FaultTarget>,
  contractFile: string,
  fault: FaultClass | undefined,
  writes = false,
): Promise<void> {
  const contract = await contractFor(contractFile);
  test.skip(contract.operations.length === 0, `${relative(ROOT, contractFile)} documents no operations`);
  const running = await open(contract);
  try {
    const { ran, sent, failures } = await runGenerative(contract, running.target, 8, writes);
    test.info().annotations.push({
      type: 'generative',
      description: `${ran} phase run(s), ${sent} request(s), fault fired ${running.injector.fired()} time(s), ${failures.length} failing phase(s)`,
    });
    expect(ran, 'phases that ran').toBeGreaterThan(0);
    if (fault === undefined) {
      expect(failures, 'false alarms on a faithful target').toEqual([]);
      return;
    }
    // Webcamconsult's contract gives every fault class a way in: there, a fault that never fires is an engine bug.
    if (contractFile.endsWith('contracts/webcamconsult.yaml')) expect(running.injector.fired(), `${fault} fired`).toBeGreaterThan(0);
    test.skip(
      running.injector.fired() === 0,
      `the ${fault} fault never fired for ${contract.vendor}: nothing in the contract lets it (e.g. no input, no rejection)`,
    );
    expect(failures.length, `${fault} caught (fired ${running.injector.fired()} times)`).toBeGreaterThan(0);
  } finally {
    await running.close();
  }
}

test.describe('generative phases against the fault injector (mock)', () => {
  for (const file of faultCorpus()) {
    for (const fault of faults) {
      test(`${relative(ROOT, file)} ${fault ? `catches ${fault}` : 'faithful: no false alarm'}`, async ({ mocks }) => {
        test.setTimeout(testPatience());
        await exercise((contract) => mockBehindInjector(contract, fault, mocks), file, fault);
      });
    }
  }
});

test.describe('generative phases against the fault injector (reference sandboxes)', () => {
  for (const vendor of sandboxVendors) {
    const file = `${ROOT}/contracts/${vendor}.yaml`;
    for (const fault of faults) {
      test(`${vendor}@reference ${fault ? `catches ${fault}` : 'faithful: no false alarm'}`, async () => {
        test.setTimeout(testPatience());
        // A reference sandbox is ours: writes are safe, and they are most of what some vendors offer.
        await exercise((contract) => sandboxBehindInjector(vendor, contract, fault), file, fault, true);
      });
    }
  }
});

/**
 * Real-world documents behind the injector. On a mock, some faults can only be reported, not failed: a response the
 * document gives no example for is invented by the mock, so a finding on it is a warning; an operation whose
 * document states no rejection may accept invalid input. There a fault counts as caught when it brings a finding
 * (error or warning) that the faithful run of the same document does not have.
 */
test.describe('generative phases against the fault injector (real-world documents)', () => {
  for (const file of faultDocuments()) {
    // One test per document: the faithful run is the baseline every fault is compared with, run once.
    test(`${relative(ROOT, file)}: faithful run green, every fault that fires caught`, async ({ mocks }) => {
      test.setTimeout(testPatience(2));
      const contract = await contractFor(file);
      const run = async (withFault: FaultClass | undefined) => {
        const running = await mockBehindInjector(contract, withFault, mocks);
        try {
          return { ...(await runGenerative(contract, running.target, 8)), fired: running.injector.fired() };
        } finally {
          await running.close();
        }
      };
      const faithful = await run(undefined);
      expect(faithful.ran, 'phases that ran').toBeGreaterThan(0);
      expect(faithful.failures, 'false alarms on a faithful target').toEqual([]);
      let fired = 0;
      for (const { name: fault } of faultClasses) {
        await test.step(`catches ${fault}`, async () => {
          const faulty = await run(fault);
          const reported = [...faulty.warnings].filter((w) => !faithful.warnings.has(w));
          test.info().annotations.push({
            type: fault,
            description:
              faulty.fired === 0
                ? 'never fired: nothing in the document lets it on a mock'
                : `fired ${faulty.fired} time(s); ${faulty.failures.length} failing phase(s), ${reported.length} finding(s) reported as warnings only`,
          });
          if (faulty.fired === 0) return;
          fired += 1;
          expect.soft(faulty.failures.length + reported.length, `${fault} caught (fired ${faulty.fired} times)`).toBeGreaterThan(0);
        });
      }
      expect(fired, 'fault classes that fired').toBeGreaterThan(0);
    });
  }
});
