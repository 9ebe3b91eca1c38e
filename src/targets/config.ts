import { MAX_RESPONSE, parseLimit, REQUEST_TIMEOUT, type Limit } from './limits.ts';
import { parseRateLimit } from './throttle.ts';
import { envPrefix } from './env.ts';
import { missingVariables, sandboxProfile } from './sandbox.ts';
import { selectionPatterns, selectedProjects } from './selection.ts';

/**
 * A mistake in how the run was started (a variable, an argument): reported as one line with a stable code,
 * before anything runs or any earlier result is removed.
 */
export class UsageError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'UsageError';
  }
}

type Rule = (value: string) => string | undefined;

const limit =
  (of: Limit): Rule =>
  (value) => {
    const parsed = parseLimit(of, value);
    return 'problem' in parsed ? parsed.problem : undefined;
  };
const wholeNumber = (min: number, max: number, unit: string): Rule => limit({ variable: '', min, max, unit, fallback: min });
const oneOf =
  (...allowed: string[]): Rule =>
  (value) =>
    allowed.includes(value.toLowerCase()) ? undefined : `must be ${allowed.map((a) => `"${a}"`).join(' or ')}`;
const flag: Rule = oneOf('0', '1');
const httpUrl: Rule = (value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'must be an http:// or https:// URL';
  } catch {
    return 'must be an http:// or https:// URL, e.g. https://api.example.com';
  }
};

/** The run's own variables and what each accepts. Empty counts as unset. */
const RULES: Record<string, Rule> = {
  TARGET: oneOf('mock', 'sandbox'),
  PROXY: oneOf('none', 'prism'),
  [REQUEST_TIMEOUT.variable]: limit(REQUEST_TIMEOUT),
  [MAX_RESPONSE.variable]: limit(MAX_RESPONSE),
  WORKERS: wholeNumber(1, 64, 'workers'),
  COVERAGE_MIN: (value) => {
    const n = Number(value.trim().replace(/%$/, ''));
    // Above 100 is allowed: it makes the gate fail on purpose (a check that the gate can fail).
    return value.trim() !== '' && Number.isFinite(n) && n >= 0 ? undefined : 'must be a number of per cent, 0 or more, e.g. 80';
  },
  ALLURE_MAX_FAILURES: wholeNumber(0, 1_000_000, 'failures'),
  SANDBOX_WRITES: flag,
  SANDBOX_DESTRUCTIVE: flag,
  CREDENTIALS_OUT: (value) =>
    /(^|[\\/])reports([\\/]|$)/.test(value)
      ? 'must not be under reports/, which CI uploads; name a file outside the project, e.g. /tmp/rotated.env'
      : undefined,
  SANDBOX_SKIP_UNCONFIGURED: flag,
  CONTRACT_REMOTE_REFS: flag,
  CONTRACT_CACHE: flag,
  KEEP_ALLURE_RESULTS: flag,
  STRICT: oneOf('0', '1', 'true', 'false'),
  REPORT_EXCHANGES: oneOf('findings', 'all'),
};

const show = (name: string, value: string): string => `${name}="${value.length > 80 ? `${value.slice(0, 80)}…` : value}"`;

/**
 * Every variable the run reads, checked at once: one line per bad value, naming the variable and the value.
 * Credential variables are never echoed; only addresses and numbers are checked.
 */
export function environmentProblems(vendors: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  const check = (name: string, rule: Rule) => {
    const value = env[name];
    if (value === undefined || value === '') return;
    const problem = rule(value);
    if (problem) problems.push(`ENV_INVALID: ${show(name, value)} ${problem}`);
  };
  for (const [name, rule] of Object.entries(RULES)) check(name, rule);
  // The second opt-in means nothing without the first: a run that may not write cannot write to existing data.
  if (env.SANDBOX_DESTRUCTIVE === '1' && env.SANDBOX_WRITES !== '1')
    problems.push(
      'ENV_INVALID: SANDBOX_DESTRUCTIVE="1" needs SANDBOX_WRITES=1 as well (writes to existing data are a second opt-in on top of writes)',
    );
  for (const vendor of vendors) {
    const prefix = envPrefix(vendor);
    check(`${prefix}_BASE_URL`, httpUrl);
    check(`${prefix}_RATE_LIMIT`, (value) =>
      parseRateLimit(value)
        ? undefined
        : 'must be a count per window, e.g. 100/min or 1000/day (s, min, h, d, or the words second, minute, hour, day)',
    );
  }
  return problems;
}

export interface ProjectPlan {
  name: string;
  vendor?: string;
  kind?: 'mock' | 'sandbox';
  reference?: boolean;
}

/** `--project` patterns that match no project: Playwright would say so only after the results were emptied. */
export function unknownProjectProblems(argv: string[], projects: string[]): string[] {
  return selectionPatterns(argv)
    .filter((pattern) => selectedProjects([`--project=${pattern}`], projects).length === 0)
    .map((pattern) => `PROJECT_UNKNOWN: --project=${pattern} matches no project; the projects are ${projects.join(', ')}`);
}

/** Sandbox projects of this run whose variables are missing, with what to set. */
export function unconfiguredSandboxes(
  projects: ProjectPlan[],
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): { project: string; missing: string[] }[] {
  const selected = new Set(
    selectedProjects(
      argv,
      projects.map((p) => p.name),
    ),
  );
  return projects
    .filter((p) => p.kind === 'sandbox' && !p.reference && p.vendor && selected.has(p.name))
    .map((p) => ({ project: p.name, missing: missingVariables(sandboxProfile(p.vendor!), env) }))
    .filter((p) => p.missing.length > 0);
}

/**
 * A vendor the run names with `--project` that cannot run is an error: a CI job whose secret went missing must
 * not go green by skipping. `SANDBOX_SKIP_UNCONFIGURED=1` runs whatever is configured instead; either way the
 * run's summary names what was skipped.
 */
export function unconfiguredProblems(projects: ProjectPlan[], argv: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  if (selectionPatterns(argv).length === 0 || argv.includes('--list') || env.SANDBOX_SKIP_UNCONFIGURED === '1') return [];
  return unconfiguredSandboxes(projects, argv, env).map(
    ({ project, missing }) =>
      `SANDBOX_NOT_CONFIGURED: ${project}: set ${missing.join(', ')} to run it against its sandbox (or SANDBOX_SKIP_UNCONFIGURED=1 to run only the configured vendors)`,
  );
}

/** Runs `fn`; a usage mistake prints its lines (no stack trace) and ends the process with exit code 2. */
export function exitOnUsageError<T>(fn: () => T, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    for (const line of error.lines) write(line);
    process.exit(2);
  }
}
