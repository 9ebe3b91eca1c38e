import { contractFor } from '../../../src/contract/cache.ts';
import { discoverContracts } from '../../../src/contract/discover.ts';
import { startMock } from '../../../src/targets/mock.ts';
import { CONTRACTS_DIR } from '../../../src/targets/paths.ts';
import { firstOk, okRequests } from '../probe.ts';

/** Starts the vendor's Prism mock in the runner, as the gate does, and hands the workers one documented request. */
export default async function floorSetup(): Promise<() => Promise<void>> {
  const vendor = process.env.FLOOR_VENDOR ?? 'sikka';
  const entry = discoverContracts(CONTRACTS_DIR).find((c) => c.vendor === vendor);
  if (!entry) throw new Error(`no contract for ${vendor}`);
  const mock = await startMock(await contractFor(entry.file));
  const ok = await firstOk(okRequests(await contractFor(entry.file), mock.url));
  if (!ok) throw new Error(`${vendor}: no documented request answered 2xx`);
  process.env.FLOOR_REQUEST = JSON.stringify(ok.request);
  return () => mock.close();
}
