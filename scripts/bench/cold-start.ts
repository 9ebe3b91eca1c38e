/**
 * One cold start, in a fresh process: load the named contracts and start their Prism mocks in parallel, the way
 * global setup does (fixtures/global-setup.ts), then send one documented request to each mock until it answers
 * 2xx. Prints one `READY {json}` line; the parent times from spawn to that line.
 *
 *   node --import tsx scripts/bench/cold-start.ts sikka drchrono …
 */
import { join } from 'node:path';
import { contractFor } from '../../src/contract/cache.ts';
import { discoverContracts } from '../../src/contract/discover.ts';
import { startMock } from '../../src/targets/mock.ts';
import { CONTRACTS_DIR } from '../../src/targets/paths.ts';
import { firstOk, okRequests } from './probe.ts';

const imported = performance.now();
const wanted = new Set(process.argv.slice(2));
const entries = discoverContracts(CONTRACTS_DIR).filter((e) => wanted.size === 0 || wanted.has(e.vendor));
const results = await Promise.all(
  entries.map(async ({ vendor, file }) => {
    const contract = await contractFor(file);
    if (contract.operations.length === 0) return { vendor, skipped: 'no operations, so no mock (as in global setup)' };
    const loadedAt = performance.now();
    const mock = await startMock(contract);
    const listeningAt = performance.now();
    const ok = await firstOk(okRequests(contract, mock.url));
    const answeredAt = performance.now();
    await mock.close();
    return {
      vendor,
      status: ok?.status,
      request: ok ? `${ok.request.method} ${new URL(ok.request.url).pathname}` : undefined,
      loadedMs: Math.round(loadedAt),
      listeningMs: Math.round(listeningAt),
      answeredMs: Math.round(answeredAt),
    };
  }),
);
process.stdout.write(
  `READY ${JSON.stringify({ importedMs: Math.round(imported), doneMs: Math.round(performance.now()), results, contracts: join(CONTRACTS_DIR) })}\n`,
);
process.exit(results.every((r) => 'skipped' in r || r.status !== undefined) ? 0 : 1);
