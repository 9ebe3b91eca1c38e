/**
 * `npm run check:traffic -- <file.har>... [--vendor x] [--base-url URL] [--out reports/traffic]`: recorded
 * traffic (from `npm run mock`/`sandbox --record`, a browser, Playwright's `recordHar`, a proxy) held to the
 * contracts. Findings as a console table, JUnit XML and Allure results. Exit 0: no violation; 1: violations;
 * 2: bad input (unreadable HAR, unknown vendor, bad option).
 */
import { join, resolve } from 'node:path';
import { contractFor } from '../src/contract/cache.ts';
import { discoverContracts } from '../src/contract/discover.ts';
import { CONTRACTS_DIR, REPORTS_DIR } from '../src/targets/paths.ts';
import { checkTraffic, type TrafficResult } from '../src/traffic/check.ts';
import { commandLine, usageFailure, type Fail } from '../src/cli/args.ts';
import { TrafficErrorCode } from '../src/traffic/errors.ts';
import { readHar } from '../src/traffic/har.ts';
import { formatTable, summary, writeAllureResults, writeJunit } from '../src/traffic/report.ts';
// The vendors' error rules and secret names reach the engine through the registry.
import '../src/vendors/registry.ts';

const usage =
  'usage: npm run check:traffic -- <file.har>... [--vendor NAME] [--base-url URL] [--out DIR (default reports/traffic)] [--contracts DIR]';

const fail: Fail = usageFailure(usage, TrafficErrorCode.usage);
const { values, positionals } = commandLine(usage, fail, {
  vendor: { type: 'string' },
  'base-url': { type: 'string' },
  out: { type: 'string' },
  contracts: { type: 'string' },
});
if (positionals.length === 0) fail('name at least one HAR file');
if (values['base-url'] !== undefined) {
  try {
    new URL(values['base-url']);
  } catch {
    fail(`--base-url must be an absolute URL, not "${values['base-url']}"`);
  }
}

try {
  const entries = discoverContracts(resolve(values.contracts ?? CONTRACTS_DIR));
  if (entries.length === 0) fail(`no contract in ${values.contracts ?? CONTRACTS_DIR}`, TrafficErrorCode.contract);
  const chosen = values.vendor ? entries.filter((e) => e.vendor === values.vendor) : entries;
  if (chosen.length === 0)
    fail(`there is no contract "${values.vendor}"; known: ${entries.map((e) => e.vendor).join(', ')}`, TrafficErrorCode.unknownVendor);
  const contracts = await Promise.all(chosen.map((e) => contractFor(e.file)));
  const result: TrafficResult = { checked: [], skipped: [] };
  let offset = 0;
  for (const file of positionals) {
    const har = readHar(file);
    const one = checkTraffic(
      contracts,
      har.entries.map((e) => ({ index: offset + e.index, exchange: e.exchange })),
      { vendor: values.vendor, baseUrl: values['base-url'] },
    );
    result.checked.push(...one.checked);
    result.skipped.push(...one.skipped, ...har.skipped.map((s) => ({ ...s, index: offset + s.index })));
    offset += har.entries.length + har.skipped.length;
  }
  const out = resolve(values.out ?? join(REPORTS_DIR, 'traffic'));
  writeJunit(result, join(out, 'junit.xml'));
  writeAllureResults(result, join(out, 'allure-results'));
  process.stdout.write(`${formatTable(result)}\n\nJUnit: ${join(out, 'junit.xml')}\nAllure results: ${join(out, 'allure-results')}\n`);
  if (result.checked.length === 0) process.stdout.write('warning: no exchange was checked\n');
  process.exit(summary(result).findings > 0 ? 1 : 0);
} catch (error) {
  fail((error as Error).message);
}
