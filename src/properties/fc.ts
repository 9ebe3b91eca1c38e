/**
 * Running fast-check properties inside Playwright: run budgets per kind, seeds and paths
 * from the environment, and failures that say how to replay them.
 *
 * Environment: FC_SEED (integer), FC_PATH (a counterexample path; needs FC_SEED),
 * FC_NUM_RUNS (overrides every budget). Every run records its seed as a test annotation
 * `{ type: 'fc-seed' }`, so a green run can be replayed too.
 */
import { relative } from 'node:path';
import { test, type TestInfo } from '@playwright/test';
import fc from 'fast-check';

/** Pure properties run in-process; target properties hit a mock or a sandbox and get a small budget. */
export type PropertyKind = 'pure' | 'target';

/** Default number of runs per kind. */
export const DEFAULT_NUM_RUNS: Readonly<Record<PropertyKind, number>> = { pure: 1000, target: 25 };

/** How to run one property. */
export interface PropertyRunOptions {
  readonly kind: PropertyKind;
  /** A property-specific budget; FC_NUM_RUNS still wins. */
  readonly numRuns?: number;
  /** Where to read FC_* from; defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The fast-check parameters a run uses; `seed` and `numRuns` are always set so they can be reported. */
export interface FcParameters {
  readonly seed: number;
  readonly numRuns: number;
  readonly path?: string;
}

/** A misconfigured FC_* variable. */
export class PropertyConfigError extends Error {
  override readonly name = 'PropertyConfigError';
}

function readInteger(env: PropertyRunOptions['env'], name: string): number | undefined {
  const text = env?.[name]?.trim();
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d+$/.test(text)) throw new PropertyConfigError(`${name} must be an integer, got '${text}'`);
  return Number(text);
}

function freshSeed(): number {
  // The same mix fast-check uses when it picks a seed itself, but chosen here so it can be printed.
  return (Date.now() ^ Math.floor(Math.random() * 0x1_0000_0000)) | 0;
}

/** Builds the fast-check parameters for a run from the kind, the property's budget and FC_SEED / FC_PATH / FC_NUM_RUNS. */
export function fcOptions(options: PropertyRunOptions): FcParameters {
  const env = options.env ?? process.env;
  const seed = readInteger(env, 'FC_SEED');
  const path = env.FC_PATH?.trim() || undefined;
  if (path !== undefined && seed === undefined)
    throw new PropertyConfigError('FC_PATH replays a counterexample only together with the FC_SEED it came from');
  const numRuns = readInteger(env, 'FC_NUM_RUNS') ?? options.numRuns ?? DEFAULT_NUM_RUNS[options.kind];
  if (numRuns < 1) throw new PropertyConfigError(`FC_NUM_RUNS must be at least 1, got ${numRuns}`);
  return { seed: seed ?? freshSeed(), numRuns, ...(path !== undefined && { path }) };
}

/** The Playwright test running now, or undefined outside a test. */
function currentTest(): TestInfo | undefined {
  try {
    return test.info();
  } catch {
    return undefined;
  }
}

/** The shell command that replays a run; names the running test when there is one. */
export function replayCommand(seed: number, path: string | undefined, info: TestInfo | undefined = currentTest()): string {
  const vars = `FC_SEED=${seed}${path ? ` FC_PATH=${path}` : ''}`;
  if (!info) return `${vars} <the command that ran this property>`;
  const file = relative(process.cwd(), info.file) || info.file;
  const project = info.project.name ? ` --project=${JSON.stringify(info.project.name)}` : '';
  return `${vars} npx playwright test ${file}:${info.line}${project}`;
}

/** A human-readable account of a failed run: seed, path, shrunk counterexample, error and replay command. */
export function describeFailure<Ts>(details: fc.RunDetails<Ts>, info: TestInfo | undefined = currentTest()): string {
  const path = details.counterexamplePath ?? undefined;
  const cause =
    details.errorInstance instanceof Error
      ? details.errorInstance.message
      : details.errorInstance === null
        ? undefined
        : fc.stringify(details.errorInstance);
  return [
    details.interrupted && !details.counterexample
      ? `Property interrupted after ${details.numRuns} runs`
      : `Property failed after ${details.numRuns} run(s) and ${details.numShrinks} shrink(s)`,
    `seed: ${details.seed}`,
    `path: ${path ?? '(none)'}`,
    `counterexample: ${details.counterexample === null ? '(none)' : fc.stringify(details.counterexample)}`,
    ...(cause ? [`error: ${cause}`] : []),
    `replay: ${replayCommand(details.seed, path, info)}`,
  ].join('\n');
}

/** Runs a property (sync or async) and returns fast-check's details without throwing; records the seed on the running test. */
export async function runProperty<Ts>(property: fc.IRawProperty<Ts>, options: PropertyRunOptions): Promise<fc.RunDetails<Ts>> {
  const parameters = fcOptions(options);
  const info = currentTest();
  info?.annotations.push({
    type: 'fc-seed',
    description: `FC_SEED=${parameters.seed} (numRuns ${parameters.numRuns}${parameters.path ? `, path ${parameters.path}` : ''})`,
  });
  return await fc.check(property, { ...parameters });
}

/** Attaches a failed run's counterexample and replay details to the running test, if any. */
export async function attachCounterexample<Ts>(details: fc.RunDetails<Ts>, name = 'counterexample'): Promise<void> {
  const info = currentTest();
  if (!info || !details.failed) return;
  await info.attach(name, { body: describeFailure(details, info), contentType: 'text/plain' });
}

/**
 * Runs a property and throws when it fails, with the seed, path, shrunk counterexample and
 * replay command in the message (and attached to the running test as `counterexample`).
 */
export async function checkProperty<Ts>(property: fc.IRawProperty<Ts>, options: PropertyRunOptions): Promise<fc.RunDetails<Ts>> {
  const details = await runProperty(property, options);
  if (!details.failed) return details;
  await attachCounterexample(details);
  const info = currentTest();
  info?.annotations.push({ type: 'fc-replay', description: replayCommand(details.seed, details.counterexamplePath ?? undefined, info) });
  throw new Error(describeFailure(details, info), { cause: details.errorInstance });
}
