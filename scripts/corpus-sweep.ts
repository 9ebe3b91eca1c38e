import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { commandLine, usageFailure } from '../src/cli/args.ts';
import { REPORTS_DIR, ROOT } from '../src/targets/paths.ts';
import { cpuBoundMs, runGate, wallBoundMs } from './corpus/gate.ts';
import { outcomeOf, type DocumentOutcome } from './corpus/outcome.ts';
import { stratifiedSample, stratumOf } from './corpus/sample.ts';
import {
  directoryApiFolder,
  DIRECTORY_PACKAGE,
  DIRECTORY_VERSION,
  documentFacts,
  documentFiles,
  SourceError,
  type DocumentFacts,
} from './corpus/source.ts';
import { renderTable, totalsOf } from './corpus/table.ts';

const USAGE = `Usage: npm run corpus:sweep -- [--sample N] [--seed S] [--from DIR] [--jobs J] [--max-bytes B] [--fresh] [--retry] [--only IDS] [--list]

Runs public OpenAPI documents as drop-in gates against their own Prism mocks, one document per nested run, and writes
a table to reports/corpus/<label>/ (table.md, results.jsonl, totals.json). Resumes where an earlier sweep of the same
label stopped.

  --sample N     a seeded sample of N documents, stratified by format, size and security kind (default: all)
  --seed S       the sample's seed (default 1)
  --from DIR     sweep the documents in DIR (recursively) instead of the public directory (npm package
                 ${DIRECTORY_PACKAGE}@${DIRECTORY_VERSION}, fetched once into the cache: CORPUS_CACHE or ~/.cache/vendor-api-conformance)
  --jobs J       documents run at once (default 2; each run has one worker)
  --max-bytes B  leave documents larger than B bytes out of the sampling frame (default 3000000)
  --fresh        start the label's results again instead of resuming
  --retry        run again the documents whose last outcome was red, a hang or a crash (after a fix)
  --only IDS     run now only the sample's documents whose id contains one of IDS (comma-separated); the others
                 keep their recorded outcomes
  --list         print the sample and exit`;

const fail = usageFailure(USAGE, 'CORPUS_USAGE');
const { values } = commandLine(USAGE, fail, {
  sample: { type: 'string' },
  seed: { type: 'string' },
  from: { type: 'string' },
  jobs: { type: 'string' },
  'max-bytes': { type: 'string' },
  fresh: { type: 'boolean' },
  retry: { type: 'boolean' },
  only: { type: 'string' },
  list: { type: 'boolean' },
});

const integer = (name: string, text: string | undefined, fallback: number | undefined, minimum: number): number | undefined => {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < minimum) fail(`--${name} must be an integer of at least ${minimum}, not "${text}"`);
  return n;
};
const sampleSize = integer('sample', values.sample, undefined, 1);
const seed = integer('seed', values.seed, 1, 0)!;
const jobs = integer('jobs', values.jobs, 2, 1)!;
const maxBytes = integer('max-bytes', values['max-bytes'], 3_000_000, 1)!;
const log = (line: string) => process.stdout.write(`${line}\n`);

let folder: string;
try {
  if (values.from) {
    folder = resolve(values.from);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) fail(`--from ${values.from} is not a folder`, 'CORPUS_NO_FOLDER');
  } else folder = directoryApiFolder(log);
} catch (error) {
  if (error instanceof SourceError) fail(error.message);
  throw error;
}

const label = `${values.from ? `from-${basename(folder)}` : `directory-${DIRECTORY_VERSION}`}-seed${seed}${sampleSize ? `-n${sampleSize}` : ''}`;
const outDir = join(REPORTS_DIR, 'corpus', label);
mkdirSync(outDir, { recursive: true });
const resultsFile = join(outDir, 'results.jsonl');

/** Facts of every document, cached per source folder (parsing 2,640 documents takes a while). */
function population(): DocumentFacts[] {
  const cache = join(outDir, '..', `facts-${basename(folder)}-${DIRECTORY_VERSION}.json`);
  const files = documentFiles(folder);
  if (!values.from && existsSync(cache)) {
    const known = JSON.parse(readFileSync(cache, 'utf8')) as DocumentFacts[];
    if (known.length === files.length) return known.map((f) => ({ ...f, file: join(folder, f.id) }));
  }
  log(`reading ${files.length} documents for the sampling frame`);
  const facts = files.map((file) => documentFacts(folder, file)).filter((f): f is DocumentFacts => f !== undefined);
  if (!values.from) writeFileSync(cache, JSON.stringify(facts.map((f) => ({ ...f, file: undefined }))));
  return facts;
}

const all = population();
const frame = all.filter((f) => f.bytes <= maxBytes);
const sample = stratifiedSample(frame, sampleSize, seed);
if (sample.length === 0) fail(`no document found in ${folder}`, 'CORPUS_EMPTY');

if (values.list) {
  for (const facts of sample) log(`${facts.id}\t${stratumOf(facts)}\t${facts.operations} operations\t${facts.bytes} bytes`);
  process.exit(0);
}

const previous: DocumentOutcome[] =
  !values.fresh && existsSync(resultsFile)
    ? readFileSync(resultsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as DocumentOutcome)
    : [];
if (values.fresh) writeFileSync(resultsFile, '');
const retried = new Set(['red', 'hang', 'crash']);
const done = new Map(previous.filter((o) => !(values.retry && retried.has(o.verdict))).map((o) => [o.id, o]));
const only = values.only
  ?.split(',')
  .map((part) => part.trim())
  .filter(Boolean);
if (values.only !== undefined && !only?.length) fail('--only needs at least one document id (or part of one)');
const todo = sample.filter((f) => !done.has(f.id) && (!only || only.some((part) => f.id.includes(part))));
log(
  `sweep ${label}: ${sample.length} documents from ${values.from ? folder : `${DIRECTORY_PACKAGE}@${DIRECTORY_VERSION}`} (${all.length} in the source, ${all.length - frame.length} over ${maxBytes} bytes left out), ${done.size} already done, ${jobs} at a time`,
);

const header = () => [
  `# Corpus sweep ${label}`,
  '',
  `Source: ${values.from ? `folder ${values.from}` : `npm package ${DIRECTORY_PACKAGE}@${DIRECTORY_VERSION} (the public OpenAPI directory)`}; ` +
    `${all.length} documents, ${frame.length} of at most ${maxBytes} bytes in the sampling frame; seed ${seed}; ` +
    `${sampleSize ? `sample of ${sampleSize}` : 'every document'}, stratified by format, size and security kind.`,
  `Reproduce: \`npm run corpus:sweep -- ${[values.from ? `--from ${values.from}` : '', sampleSize ? `--sample ${sampleSize}` : '', `--seed ${seed}`].filter(Boolean).join(' ')}\``,
];

const ordered = () => sample.map((f) => done.get(f.id)).filter((o): o is DocumentOutcome => o !== undefined);
const writeTable = () => {
  writeFileSync(join(outDir, 'table.md'), renderTable(ordered(), header()));
  writeFileSync(
    join(outDir, 'totals.json'),
    `${JSON.stringify({ label, seed, sample: sampleSize ?? null, ...totalsOf(ordered()) }, null, 2)}\n`,
  );
};

let stopping = false;
process.on('SIGINT', () => {
  if (stopping) process.exit(130);
  stopping = true;
  log('stopping after the documents in progress (Ctrl-C again to leave now); the sweep resumes from here next time');
});

/** The code the gates run: the commit, `+` when the tree differs from it (CORPUS_CODE_COMMIT names it for a copy). */
function codeCommit(): string | undefined {
  if (process.env.CORPUS_CODE_COMMIT) return process.env.CORPUS_CODE_COMMIT;
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return changed ? `${head}+` : head;
  } catch {
    return undefined;
  }
}
const commit = codeCommit();

const started = performance.now();
let next = 0;
let finished = done.size;
async function lane(): Promise<void> {
  while (!stopping && next < todo.length) {
    const facts = todo[next++];
    const run = await runGate(facts.file, facts.id, {
      cpuBoundMs: cpuBoundMs(facts.operations),
      wallBoundMs: wallBoundMs(facts.operations),
    });
    const outcome = outcomeOf(facts, run, commit);
    done.set(facts.id, outcome);
    appendFileSync(resultsFile, `${JSON.stringify(outcome)}\n`);
    finished += 1;
    const counts =
      outcome.tests > 0 ? ` ${outcome.tests} tests: ${outcome.passed} passed, ${outcome.skipped} skipped, ${outcome.failed} failed;` : '';
    log(
      `[${finished}/${sample.length}] ${facts.id} (${facts.operations} ops): ${outcome.verdict}${outcome.reason ? ` (${outcome.reason})` : ''};${counts} ${(outcome.wallMs / 1000).toFixed(1)} s`,
    );
    writeTable();
  }
}
await Promise.all(Array.from({ length: Math.min(jobs, Math.max(1, todo.length)) }, lane));
writeTable();
const totals = totalsOf(ordered());
log(
  `\n${totals.documents} documents in ${((performance.now() - started) / 60_000).toFixed(1)} min this time: ${Object.entries(
    totals.verdicts,
  )
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')}; ${totals.failed} failed tests; ${totals.hangs} hangs, ${totals.crashes} crashes, ${totals.orphans} orphans`,
);
log(`table: ${join(outDir, 'table.md')}`);
process.exit(stopping ? 130 : 0);
