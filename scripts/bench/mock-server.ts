/**
 * Serves one vendor's Prism mock in this process (src/targets/mock.ts) and prints `READY {url, request}`, the
 * documented GET that answered 2xx, for autocannon to load. Runs until killed.
 *
 *   node --import tsx scripts/bench/mock-server.ts sikka
 */
import { contractFor } from '../../src/contract/cache.ts';
import { discoverContracts } from '../../src/contract/discover.ts';
import { startMock } from '../../src/targets/mock.ts';
import { CONTRACTS_DIR } from '../../src/targets/paths.ts';
import { firstOk, okRequests } from './probe.ts';

const vendor = process.argv[2] ?? 'sikka';
const entry = discoverContracts(CONTRACTS_DIR).find((e) => e.vendor === vendor);
if (!entry) throw new Error(`no contract for ${vendor}`);
const contract = await contractFor(entry.file);
const mock = await startMock(contract);
const ok = await firstOk(okRequests(contract, mock.url));
if (!ok) throw new Error(`${vendor}: no documented GET answered 2xx`);
process.stdout.write(`READY ${JSON.stringify({ url: mock.url, request: ok.request })}\n`);
process.on('SIGTERM', () => void mock.close().then(() => process.exit(0)));
