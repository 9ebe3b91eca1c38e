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

const NO_NON_ASCII = 'no request the phases generate for this contract carries non-ASCII text';
const NO_401 = "no answer of the operation the fault opens is a 401/403 (the only answers it rewrites) in the phases' traffic";
const NO_PINNED_TYPE = 'no 2xx JSON answer it gets carries a value whose schema pins one scalar type';
const NO_READ_BACK = 'no GET of the phases reads back what a 2xx POST created (an id in its answer, or a singleton path)';

/**
 * Where a fault cannot fire, and why: everywhere else it must fire and be caught, so that an injector or generator
 * regression turns red instead of into skips. Keyed by the test's label (contract file, or `vendor@reference`). A
 * pair listed here that fires after all is a red too: the table is then out of date.
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

/** Why `fault` cannot fire for `label`, or undefined where it must fire. */
const cannotFire = (label: string, fault: FaultClass): string | undefined => NEVER_FIRES[label]?.[fault];

async function exercise(
  open: (contract: Contract) => Promise<FaultTarget>,
  label: string,
  contractFile: string,
  fault: FaultClass | undefined,
  writes = false,
): Promise<void> {
  const contract = await contractFor(contractFile);
  test.skip(contract.operations.length === 0, `${relative(ROOT, contractFile)} documents no operations`);
  const running = await open(contract);
  try {
    const { ran, sent, failures } = await runGenerative(contract, running.target, 8, writes);
    const fired = running.injector.fired();
    test.info().annotations.push({
      type: 'generative',
      description: `${ran} phase run(s), ${sent} request(s), fault fired ${fired} time(s), ${failures.length} failing phase(s)`,
    });
    expect(ran, 'phases that ran').toBeGreaterThan(0);
    if (fault === undefined) {
      expect(failures, 'false alarms on a faithful target').toEqual([]);
      return;
    }
    const reason = cannotFire(label, fault);
    if (reason !== undefined) {
      expect(fired, `${fault} fired for ${label}, where the table says it cannot (${reason}): update NEVER_FIRES`).toBe(0);
      test.skip(true, `the ${fault} fault cannot fire for ${label}: ${reason}`);
    }
    expect(fired, `${fault} fired for ${label}`).toBeGreaterThan(0);
    expect(failures.length, `${fault} caught (fired ${fired} times)`).toBeGreaterThan(0);
  } finally {
    await running.close();
  }
}

test.describe('generative phases against the fault injector (mock)', () => {
  for (const file of faultCorpus()) {
    for (const fault of faults) {
      test(`${relative(ROOT, file)} ${fault ? `catches ${fault}` : 'faithful: no false alarm'}`, async ({ mocks }) => {
        test.setTimeout(testPatience());
        await exercise((contract) => mockBehindInjector(contract, fault, mocks), relative(ROOT, file), file, fault);
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
        await exercise((contract) => sandboxBehindInjector(vendor, contract, fault), `${vendor}@reference`, file, fault, true);
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
      const label = relative(ROOT, file);
      let fired = 0;
      for (const { name: fault } of faultClasses) {
        await test.step(`catches ${fault}`, async () => {
          const faulty = await run(fault);
          const reported = [...faulty.warnings].filter((w) => !faithful.warnings.has(w));
          const reason = cannotFire(label, fault);
          test.info().annotations.push({
            type: fault,
            description:
              faulty.fired === 0
                ? `never fired: ${reason ?? 'NOT EXPECTED'}`
                : `fired ${faulty.fired} time(s); ${faulty.failures.length} failing phase(s), ${reported.length} finding(s) reported as warnings only`,
          });
          if (reason !== undefined) {
            expect.soft(faulty.fired, `${fault} fired, where the table says it cannot (${reason}): update NEVER_FIRES`).toBe(0);
            return;
          }
          expect.soft(faulty.fired, `${fault} fired`).toBeGreaterThan(0);
          if (faulty.fired > 0) fired += 1;
          expect.soft(faulty.failures.length + reported.length, `${fault} caught (fired ${faulty.fired} times)`).toBeGreaterThan(0);
        });
      }
      expect(fired, 'fault classes that fired').toBeGreaterThan(0);
    });
  }
});
