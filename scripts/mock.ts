/**
 * `npm run mock -- <vendor> [--port N] [--host H] [--record traffic.har]`: the vendor contract's Prism mock,
 * request validation on, as a long-running server for an integration's own tests. Every request that breaks
 * the contract gets Prism's answer and is listed (and recorded).
 */
import { contractFor } from '../src/contract/cache.ts';
import { discoverContracts } from '../src/contract/discover.ts';
import { envPrefix } from '../src/targets/env.ts';
import { startMock } from '../src/targets/mock.ts';
import { CONTRACTS_DIR } from '../src/targets/paths.ts';
import { commandLine, usageFailure, type Fail } from '../src/cli/args.ts';
import { TrafficErrorCode } from '../src/traffic/errors.ts';
import { parsePort, serve } from '../src/traffic/serve.ts';
// The vendors' error rules and secret names reach the engine through the registry.
import '../src/vendors/registry.ts';

const usage = 'usage: npm run mock -- <vendor> [--port N (default 4010, 0 = free)] [--host 127.0.0.1] [--record traffic.har] [--quiet]';

const fail: Fail = usageFailure(usage, TrafficErrorCode.usage);
const { values, positionals } = commandLine(usage, fail, {
  port: { type: 'string' },
  host: { type: 'string' },
  record: { type: 'string' },
  quiet: { type: 'boolean' },
});
const [vendor] = positionals;
const contracts = discoverContracts(CONTRACTS_DIR);
if (!vendor || positionals.length > 1) fail(`name one vendor: ${contracts.map((c) => c.vendor).join(', ')}`);
const entry =
  contracts.find((c) => c.vendor === vendor) ??
  fail(
    `there is no contract "${vendor}" in ${CONTRACTS_DIR}; known: ${contracts.map((c) => c.vendor).join(', ')}`,
    TrafficErrorCode.unknownVendor,
  );

try {
  const port = parsePort(values.port, 4010);
  const contract = await contractFor(entry.file);
  if (contract.operations.length === 0) fail(`the ${vendor} contract documents no operation to mock`, TrafficErrorCode.contract);
  const mock = await startMock(contract);
  await serve({
    title: `${vendor} mock (Prism, request validation on)`,
    upstream: mock,
    contract,
    host: values.host ?? '127.0.0.1',
    port,
    record: values.record,
    secrets: [],
    exports: { [`${envPrefix(vendor)}_BASE_URL`]: '{url}' },
    notes: [
      `Answers come from the examples of ${contract.file}; credentials are checked for presence, not value.`,
      "A request that breaks the contract gets Prism's rejection (with an sl-violations header) and is listed with its findings.",
    ],
    quiet: values.quiet,
    stopOnSignals: true,
  });
} catch (error) {
  fail((error as Error).message, TrafficErrorCode.contract);
}
