/**
 * Helpers of the generative self-tests: targets over a Prism mock or a reference sandbox, each behind the fault
 * injector, and a run of both generative phases over every operation that returns what failed. No `expect` here.
 */
import { test as base } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Contract } from '../../../src/contract/types.ts';
import type { Violation } from '../../../src/core/violation.ts';
import { failsGate } from '../../../src/checks/findings.ts';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import {
  negativePhase,
  phaseSkipReason,
  positivePhase,
  type PhaseContext,
  type PhaseOutcome,
  type PhaseTarget,
} from '../../../src/generate/phases/run.ts';
import { resourceOf, statefulPhase } from '../../../src/generate/phases/stateful.ts';
import { startMock, type RunningMock } from '../../../src/targets/mock.ts';
import { envPrefix } from '../../../src/targets/env.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { sandboxProfile } from '../../../src/targets/sandbox.ts';
import { credentialFor } from '../../../src/targets/session.ts';
import { emptySession } from '../../../src/core/session.ts';
import { loopbackSend } from '../../../src/targets/loopback-send.ts';
import { fetchSend, maxResponseBytes, resendOnceOnReset } from '../../../src/targets/transport.ts';
import { type Send } from '../../../src/core/wire.ts';
import { sandboxFor, type Reading } from '../../../fixtures/sandboxes/index.ts';
import { startFaultInjector, type FaultClass } from '../../../fixtures/faults/injector.ts';
import { documented } from '../../../fixtures/documented.ts';

/**
 * The documents a fault run covers: the repo's contracts and the engine's fixture documents (a sample of the
 * real-world corpus is in `faultDocuments`).
 */
export function faultCorpus(): string[] {
  // A folder that lost its documents would run no fault over them, green: each must hold some.
  const listed = (dir: string) =>
    documented(
      existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => /\.(ya?ml|json)$/.test(f))
            .sort()
            .map((f) => join(dir, f))
        : [],
      `the documents in ${relative(ROOT, dir)}`,
    );
  return [
    ...listed(join(ROOT, 'contracts')),
    join(ROOT, 'suites/engine/fixtures/petstore.yaml'),
    ...listed(join(ROOT, 'suites/engine/fixtures/dropin')),
  ];
}

/**
 * Real-world documents of the corpus (fixtures/documents) in the fault matrix, chosen for varied shape: OpenAPI 3.0
 * with comma-joined array parameters and an API key in the query (BBC Nitro), OpenAPI 3.1 with a CRUD resource and
 * examples (Museum), Swagger 2.0 with a bearer token (OpenSTF) and without credentials (HealthCare.gov), OpenAPI
 * 3.0 without response examples (Twitter Labs), OpenAPI 3.0.1 with OAuth and paging (Fulfillment).
 */
export function faultDocuments(): string[] {
  return ['bbc-nitro.yaml', 'museum.yaml', 'openstf.yaml', 'healthcare-gov.yaml', 'twitter-labs.yaml', 'fulfillment.yaml'].map((f) =>
    join(ROOT, 'fixtures/documents', f),
  );
}

export interface FaultTarget {
  target: PhaseTarget;
  injector: Proxy;
  close(): Promise<void>;
}

/**
 * The Prism mock of one contract at a time, kept for the tests of a worker that run against the same contract.
 * A static mock holds no state between requests (every fault and every record a test makes lives in its own
 * injector), so sharing it keeps the tests independent; starting it (Prism converting the document) is most of
 * a small test's time, and several seconds for a large document.
 */
export class MockShelf {
  private held?: { key: string; mock: Promise<RunningMock> };

  /** The running mock of `contract`; the mock of another contract, if one is held, is stopped first. */
  async mockOf(contract: Contract): Promise<RunningMock> {
    const key = `${contract.file}#${contract.hash}`;
    if (this.held?.key !== key) {
      await this.close();
      const mock = startMock(contract);
      this.held = { key, mock };
      // A mock that failed to start is not kept: the next test tries again and reports its own error.
      mock.catch(() => {
        if (this.held?.mock === mock) this.held = undefined;
      });
    }
    return this.held.mock;
  }

  async close(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    if (held) await (await held.mock.catch(() => undefined))?.close();
  }
}

/** `test` with the worker's `mocks` shelf (see `MockShelf`), stopped when the worker ends. */
export const test = base.extend<object, { mocks: MockShelf }>({
  mocks: [
    async ({}, use) => {
      const shelf = new MockShelf();
      await use(shelf);
      await shelf.close();
    },
    { scope: 'worker' },
  ],
});

let runs = 0;

/**
 * Requests to the injector go as the run's mock target sends them: kept-alive node:http, sent once more when the
 * socket was closed as the request went out (as a sandbox target's transport retries a network failure).
 */
const injectorSend = (): Send => resendOnceOnReset(loopbackSend(maxResponseBytes()));

/**
 * A Prism mock of the contract behind the injector: the shelf's mock when one is given (left running for the next
 * test), else one started for this target alone.
 */
export async function mockBehindInjector(contract: Contract, fault?: FaultClass, shelf?: MockShelf): Promise<FaultTarget> {
  return mockBehind(contract, (upstream) => startFaultInjector(contract, upstream, fault), fault ?? 'none', shelf);
}

/** A loopback proxy in front of a target: the fault injector, the readings injector. */
export interface Proxy {
  url: string;
  fired(): number;
  close(): Promise<void>;
}

/** A Prism mock of the contract behind a proxy started on its URL (see `mockBehindInjector`). */
export async function mockBehind<P extends Proxy>(
  contract: Contract,
  start: (upstream: string) => Promise<P>,
  label: string,
  shelf?: MockShelf,
): Promise<FaultTarget & { injector: P }> {
  const mock = shelf ? await shelf.mockOf(contract) : await startMock(contract);
  const own = !shelf;
  let injector: P;
  try {
    injector = await start(mock.url);
  } catch (error) {
    if (own) await mock.close();
    throw error;
  }
  const target: PhaseTarget = {
    kind: 'mock',
    project: `faults-${contract.vendor}-${label}-${runs++}`,
    baseURL: injector.url,
    timeout: 10_000,
    send: injectorSend(),
    session: async () => emptySession(),
    renewedAfter: async () => false,
    credential: () => (scheme) => `mock-${scheme.name}`,
  };
  return {
    target,
    injector,
    close: async () => {
      await injector.close();
      if (own) await mock.close();
    },
  };
}

/** A reference sandbox behind the injector, with the session its vendor profile bootstraps (directly, not through faults). */
export async function sandboxBehindInjector(vendor: string, contract: Contract, fault?: FaultClass): Promise<FaultTarget> {
  return sandboxBehind(vendor, contract, (upstream) => startFaultInjector(contract, upstream, fault), fault ?? 'none');
}

/** A reference sandbox (of the given reading) behind a proxy started on its URL (see `sandboxBehindInjector`). */
export async function sandboxBehind<P extends Proxy>(
  vendor: string,
  contract: Contract,
  start: (upstream: string) => Promise<P>,
  label: string,
  reading: Reading = 'faithful',
): Promise<FaultTarget & { injector: P }> {
  const sandbox = await sandboxFor(vendor)({ seed: 7, reading });
  let injector: P;
  try {
    injector = await start(sandbox.url);
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const env: NodeJS.ProcessEnv = { ...sandbox.credentials };
  const session = await sandboxProfile(vendor)
    .bootstrap({
      vendor,
      env,
      baseURL: sandbox.url,
      send: fetchSend,
      timeout: 5_000,
      contract,
      prefix: `${envPrefix(vendor)}_`,
    })
    .catch(async (error: Error) => {
      await Promise.all([injector.close(), sandbox.close()]);
      throw error;
    });
  const target: PhaseTarget = {
    kind: 'sandbox',
    project: `faults-${vendor}@reference-${label}-${runs++}`,
    baseURL: injector.url,
    timeout: 10_000,
    send: injectorSend(),
    session: async () => session,
    renewedAfter: async () => false,
    credential: (s) => (scheme) => credentialFor(s, scheme as never),
  };
  return {
    target,
    injector,
    close: async () => {
      await injector.close();
      await sandbox.close();
    },
  };
}

export interface PhaseFailure {
  operation: string;
  phase: string;
  violations: string[];
}

/** Both phases over every callable operation; returns the failures and how many phases ran. */
export async function runGenerative(
  contract: Contract,
  target: PhaseTarget,
  examples = 8,
  writes = false,
): Promise<{
  ran: number;
  sent: number;
  failures: PhaseFailure[];
  warnings: Set<string>;
  findings: Violation[];
  /** Why a phase of an operation did not run, by operation (`positive: reason`); an operation no phase calls: `all: reason`. */
  skips: Map<string, string[]>;
}> {
  const validators = new SchemaValidators(contract);
  const failures: PhaseFailure[] = [];
  const skips = new Map<string, string[]>();
  const skip = (operation: string, reason: string) => skips.set(operation, [...(skips.get(operation) ?? []), reason]);
  let ran = 0;
  let sent = 0;
  // Findings that do not fail the gate, by operation, phase and rule: what a fault changed shows up here too.
  const warnings = new Set<string>();
  // The findings themselves (what does not fail the gate), each with the decision it names.
  const findings: Violation[] = [];
  for (const operation of contract.operations) {
    const uncalled = phaseSkipReason(operation, target.kind, writes);
    if (uncalled) {
      skip(operation.key, `all: ${uncalled}`);
      continue;
    }
    const resource = target.kind === 'sandbox' && writes ? resourceOf(contract, operation) : undefined;
    const phases: [string, (ctx: PhaseContext) => Promise<PhaseOutcome>][] = [
      ['positive', positivePhase],
      ['negative', negativePhase],
    ];
    if (resource) phases.push(['stateful', (ctx) => statefulPhase(ctx, resource)]);
    for (const [phase, run] of phases) {
      const outcome = await run({ contract, operation, target, validators, examples });
      if (outcome.skipReason) {
        skip(operation.key, `${phase}: ${outcome.skipReason}`);
        continue;
      }
      ran += 1;
      sent += outcome.sent;
      for (const v of outcome.violations)
        if (!failsGate(v, false)) {
          warnings.add(`${operation.key} ${phase} ${v.check} › ${v.rule}${v.finding ? ` (${v.finding})` : ''}`);
          if (findings.length < 500) findings.push(v);
        }
      for (const note of outcome.notes) {
        const rule = note.match(/^(\S+ › \S+):/)?.[1];
        if (rule) warnings.add(`${operation.key} ${phase} ${rule}`);
      }
      // What fails the gate (STRICT off): assumption findings, gaps and defects are reported above, not failed.
      const errors = outcome.violations.filter((v) => failsGate(v, false));
      if (errors.length > 0)
        failures.push({
          operation: operation.key,
          phase,
          violations: errors.map((v) => `[${v.check} › ${v.rule}] ${v.message.split('\n').join(' / ')}`),
        });
    }
  }
  return { ran, sent, failures, warnings, findings, skips };
}
