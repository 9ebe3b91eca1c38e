/**
 * `npm run contracts:import -- <file> [--vendor NAME] [--out contracts/NAME.yaml] [--url URL] [--force]`: a Postman
 * collection (v2.0/v2.1, or a documenter page's JSON) or an API Blueprint becomes a draft contract in this project's
 * conventions, and the source is copied beside it (`<out folder>/sources/`) so that the traceability test holds the
 * two together. Exit 0: written, lints and loads; 1: written but the draft does not lint or load (a bug to report);
 * 2: bad input (unreadable or unknown document, existing output without --force, bad option), one line.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { commandLine, usageFailure, type Fail } from '../src/cli/args.ts';
import { ImportError, ImportErrorCode, importText } from '../src/import/index.ts';
import { formatTrace, traceContract, traceIsClean } from '../src/import/trace.ts';
// The vendors' error rules and secret names reach the engine through the registry.
import '../src/vendors/registry.ts';

const usage =
  'usage: npm run contracts:import -- <collection.json | blueprint.apib> [--vendor NAME] [--out contracts/NAME.yaml] [--url PUBLIC_URL] [--force]';
const fail: Fail = usageFailure(usage, ImportErrorCode.usage);
const { values, positionals } = commandLine(usage, fail, {
  vendor: { type: 'string' },
  out: { type: 'string' },
  url: { type: 'string' },
  force: { type: 'boolean' },
});
if (positionals.length !== 1)
  fail(positionals.length === 0 ? 'name the document to import' : `one document at a time, got ${positionals.length}`);
if (values.vendor !== undefined && !/^[a-z0-9][a-z0-9._-]*$/i.test(values.vendor))
  fail(`--vendor "${values.vendor}" must be a file name: letters, digits, ".", "_", "-"`);
if (values.url !== undefined && !/^https?:\/\/\S+$/.test(values.url)) fail(`--url must be an http(s) URL, not "${values.url}"`);

const input = resolve(positionals[0]);

try {
  if (!existsSync(input)) throw new ImportError(ImportErrorCode.unreadable, `${positionals[0]} does not exist`);
  const text = readFileSync(input, 'utf8');
  // The vendor name and the output are known only once the document is read; the source path is fixed after.
  const probe = await importText(text, 'source', { url: values.url });
  const vendor = values.vendor ?? slug(probe.source.title);
  const out = resolve(values.out ?? join('contracts', `${vendor}.yaml`));
  if (!/\.ya?ml$/.test(out)) fail(`--out must end in .yaml or .yml: ${values.out}`);
  if (existsSync(out) && !values.force)
    throw new ImportError(
      ImportErrorCode.unsafeOutput,
      `${relative(process.cwd(), out)} exists: pass --force to replace it (edits made to it are lost), or --out another file and compare`,
    );
  const sourceCopy = sourceFileFor(input, out, vendor, probe.source.format);
  const sourcePath = relative(dirname(out), sourceCopy).split('\\').join('/');
  const result = await importText(text, sourcePath, { url: values.url });
  mkdirSync(dirname(out), { recursive: true });
  if (resolve(sourceCopy) !== input) {
    mkdirSync(dirname(sourceCopy), { recursive: true });
    copyFileSync(input, sourceCopy);
  }
  writeFileSync(out, result.yaml);

  const { source, document } = result;
  const examples = source.requests.reduce((n, r) => n + r.examples.length, 0);
  const operations = Object.values(document.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
  const guesses = (result.yaml.match(/x-provenance: (assumed|inferred)/g) ?? []).length;
  console.log(
    `${relative(process.cwd(), out)}: ${operations} operation(s) from ${source.requests.length} request(s), ${examples} example response(s)`,
  );
  console.log(`  source kept at ${relative(process.cwd(), sourceCopy)} (${source.format})`);
  for (const item of source.leftOut) console.log(`  left out: ${item.item}: ${item.reason}`);
  console.log(`  ${guesses} rule(s) marked inferred or assumed: review each x-decision, remove the mark where the document confirms it`);

  const trace = traceContract(document, source, { contract: relative(process.cwd(), out), source: sourcePath });
  console.log(`  traceability: ${trace.covered} of ${trace.items} requests and examples cited, ${trace.leftOut} left out`);
  for (const line of formatTrace(trace)) console.log(`  ${line}`);

  console.log('  linting (Spectral OAS ruleset and the project conventions)…');
  const { loadContract } = await import('../src/contract/load.ts');
  const { formatFinding, lintContract } = await import('../src/contract/lint.ts');
  await loadContract(out);
  const findings = await lintContract(out, { conventions: true });
  const errors = findings.filter((f) => f.severity === 'error');
  console.log(`  lint: ${errors.length} error(s), ${findings.length - errors.length} warning(s)`);
  for (const error of errors) console.log(`    ${formatFinding(error)}`);
  if (errors.length > 0 || !traceIsClean(trace)) {
    console.error(
      `contracts:import: IMPORT_DRAFT_INVALID: the draft does not pass its own checks; please report it with ${basename(input)}`,
    );
    process.exitCode = 1;
  } else console.log(`Next: npm test -- --project=${basename(out, extname(out))}   (the draft against its own mock)`);
} catch (error) {
  if (error instanceof ImportError) {
    process.stderr.write(`contracts:import: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`contracts:import: IMPORT_INTERNAL: ${(error as Error).message?.split('\n')[0] ?? String(error)}\n`);
    if (process.env.CONTRACTS_IMPORT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  }
}

/** `Postman Echo` → `postman-echo`. */
function slug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'vendor'
  );
}

/**
 * Where the source is kept: where it is, when it already lies in a `sources/` folder beside the contract or above
 * it (where the traceability test reads it: `fixtures/imports/sources/` for `fixtures/imports/contracts/`);
 * otherwise copied beside the contract, into `sources/`.
 */
function sourceFileFor(input: string, out: string, vendor: string, format: string): string {
  const kept = [join(dirname(out), 'sources'), join(dirname(dirname(out)), 'sources')];
  if (kept.includes(dirname(input))) return input;
  return join(dirname(out), 'sources', `${vendor}${format === 'api-blueprint' ? '.apib' : '.postman_collection.json'}`);
}
