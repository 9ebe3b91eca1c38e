/**
 * `npm run sandbox -- <vendor> [--port N] [--fault NAME] [--reading alternate] [--record traffic.har]`: the
 * vendor's stateful reference sandbox (data, paging, key expiry, the error table) as a long-running server for
 * an integration's own tests, optionally with one documented behaviour broken. `--list-faults` lists them.
 */
import {
  readings,
  sandboxAlternateReadings,
  sandboxFaults,
  sandboxFor,
  sandboxVendors,
  type SandboxOptions,
} from '../fixtures/sandboxes/index.ts';
import { contractFor } from '../src/contract/cache.ts';
import { discoverContracts } from '../src/contract/discover.ts';
import { envPrefix } from '../src/targets/env.ts';
import { CONTRACTS_DIR } from '../src/targets/paths.ts';
import { commandLine, usageFailure, type Fail } from '../src/cli/args.ts';
import { TrafficErrorCode } from '../src/traffic/errors.ts';
import { parsePort, serve } from '../src/traffic/serve.ts';
// The vendors' error rules and secret names reach the engine through the registry.
import '../src/vendors/registry.ts';

const usage = `usage: npm run sandbox -- <${sandboxVendors.join('|')}> [--port N (default 4011, 0 = free)] [--host 127.0.0.1]
         [--fault NAME] [--reading faithful|alternate] [--seed N] [--record traffic.har] [--quiet]
       npm run sandbox -- [vendor] --list-faults`;

const READINGS = readings;
type Reading = (typeof READINGS)[number];

const fail: Fail = usageFailure(usage, TrafficErrorCode.usage);
const { values, positionals } = commandLine(usage, fail, {
  port: { type: 'string' },
  host: { type: 'string' },
  fault: { type: 'string' },
  reading: { type: 'string' },
  seed: { type: 'string' },
  record: { type: 'string' },
  'list-faults': { type: 'boolean' },
  quiet: { type: 'boolean' },
});
const [vendor] = positionals;
if (positionals.length > 1) fail('name one vendor');
if (values['list-faults']) {
  const listed = vendor ? [vendor] : [...sandboxVendors];
  for (const name of listed) {
    try {
      sandboxFor(name);
    } catch (error) {
      fail((error as Error).message);
    }
    const faults = sandboxFaults[name as keyof typeof sandboxFaults];
    const alternate = sandboxAlternateReadings[name as keyof typeof sandboxAlternateReadings];
    process.stdout.write(
      `${name}\n${faults.map((f) => `  --fault ${f.name}\n      ${f.description}`).join('\n')}\n` +
        `  --reading alternate\n${alternate.map((line) => `      ${line}`).join('\n')}\n`,
    );
  }
  process.exit(0);
}
if (!vendor) fail(`name one vendor: ${sandboxVendors.join(', ')}`);
let start;
try {
  start = sandboxFor(vendor);
} catch (error) {
  fail((error as Error).message);
}
const reading = (values.reading ?? 'faithful') as Reading;
if (!READINGS.includes(reading)) fail(`--reading must be ${READINGS.join(' or ')}, not "${values.reading}"`);
const integer = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) fail(`--${name} must be a non-negative integer, not "${text}"`);
  return Number(text);
};

try {
  const port = parsePort(values.port, 4011);
  // The sandbox's clock: real time plus an offset the integration's tests move (`POST /_sandbox/clock?advance=`),
  // to see request keys and tokens expire without waiting a day.
  let offsetMs = 0;
  const clock = () => Date.now() + offsetMs;
  const options: SandboxOptions & { reading: Reading } = { fault: values.fault, seed: integer('seed', values.seed), clock, reading };
  const sandbox = await start(options);
  const entry = discoverContracts(CONTRACTS_DIR).find((c) => c.vendor === vendor);
  const contract = entry ? await contractFor(entry.file) : undefined;
  await serve({
    title: `${vendor} reference sandbox${sandbox.fault ? ` with fault "${sandbox.fault}"` : ''}${reading === 'alternate' ? ' (alternate reading)' : ''}`,
    upstream: sandbox,
    contract,
    host: values.host ?? '127.0.0.1',
    port,
    record: values.record,
    // Identifiers (app id, office id) stay readable; keys, secrets, tokens and codes do not.
    secrets: Object.entries(sandbox.credentials)
      .filter(([name]) => /(KEY|SECRET|TOKEN|PASSWORD|CODE)$/.test(name))
      .map(([, value]) => value),
    exports: { [`${envPrefix(vendor)}_BASE_URL`]: '{url}', ...sandbox.credentials },
    notes: [
      "The credentials above are the sandbox's fixed fake ones.",
      `Faults (one at a time, --fault NAME; --list-faults describes them): ${sandbox.faults.join(', ')}`,
      "Move the sandbox's clock (keys and tokens expire): curl -X POST '{url}/_sandbox/clock?advance=86400' (seconds; GET shows it)",
    ],
    control: (method, url) => {
      if (url.pathname !== '/_sandbox/clock') return undefined;
      if (method === 'POST') {
        const advance = url.searchParams.get('advance') ?? '';
        if (!/^\d+$/.test(advance)) return { status: 400, body: { error: 'advance must be a non-negative number of seconds' } };
        offsetMs += Number(advance) * 1000;
      } else if (method !== 'GET') {
        return { status: 405, body: { error: 'GET or POST' } };
      }
      return { status: 200, body: { now: new Date(clock()).toISOString(), offsetSeconds: offsetMs / 1000 } };
    },
    quiet: values.quiet,
    stopOnSignals: true,
  });
} catch (error) {
  fail((error as Error).message);
}
