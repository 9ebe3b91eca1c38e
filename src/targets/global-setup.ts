import type { FullConfig } from '@playwright/test';
import { discoverContracts } from '../contract/discover.ts';
import { mockUrlVariable, targetMode } from './env.ts';
import { startMock, type RunningMock } from './mock.ts';
import { contractFor } from '../contract/cache.ts';
import { selectedProjects } from './selection.ts';
import { CONTRACTS_DIR } from './paths.ts';

/**
 * Starts one Prism mock per selected vendor project, all in parallel, and hands their URLs to the workers
 * through the environment. Returns the teardown that stops them.
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  if (targetMode() !== 'mock') return async () => {};
  const entries = discoverContracts(CONTRACTS_DIR);
  const selected = new Set(selectedProjects(process.argv, entries.map((e) => e.vendor)));
  const started = Date.now();
  const results = await Promise.allSettled(entries.filter((e) => selected.has(e.vendor)).map(async (entry) => {
    let contract;
    try {
      contract = await contractFor(entry.file);
    } catch {
      // Reported once, by the vendor's own "contract loads" test, with file and pointer.
      throw new Error(`${entry.vendor}: the contract does not load; see its project's failure`);
    }
    if (contract.operations.length === 0) throw new Error(`${entry.vendor}: no operations to mock`);
    try {
      return await startMock(contract);
    } catch (error) {
      throw new Error(`${entry.vendor}: ${(error as Error).message.split('\n')[0]}`);
    }
  }));
  const mocks: RunningMock[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') {
      mocks.push(result.value);
      process.env[mockUrlVariable(result.value.vendor)] = result.value.url;
    } else {
      // The vendor's tests then fail with ENGINE_NO_MOCK or its contract error; other vendors run on.
      process.stderr.write(`mock not started: ${(result.reason as Error).message}\n`);
    }
  }
  if (mocks.length > 0) {
    process.stderr.write(`mocks ready in ${Date.now() - started} ms: ${mocks.map((m) => `${m.vendor} ${m.url}`).join(', ')}\n`);
  }
  return async () => {
    await Promise.allSettled(mocks.map((m) => m.close()));
  };
}
