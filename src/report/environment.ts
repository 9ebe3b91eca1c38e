import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import type { ContractEntry } from '../contract/discover.ts';
import { envPrefix, targetMode } from '../targets/env.ts';
import { redactUrl } from './redact.ts';

const require = createRequire(import.meta.url);

/** The commit under test: CI's variable when set (shallow or detached checkouts), else git; `unknown` without git. */
function gitCommit(env: NodeJS.ProcessEnv): string {
  const fromCi = env.GITHUB_SHA ?? env.CI_COMMIT_SHA ?? env.GIT_COMMIT;
  if (fromCi) return fromCi;
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 }).trim() ||
      'unknown'
    );
  } catch {
    return 'unknown';
  }
}

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * `info.version` of a YAML or JSON document. A full YAML parse of every contract costs the runner most of a second,
 * so the top-level `info:` block is read first, line by line; the parser is the fallback.
 */
export function infoVersion(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^info:\s*$/.test(line));
  if (start >= 0) {
    let indent: number | undefined;
    for (const line of lines.slice(start + 1)) {
      if (/^\S/.test(line)) break;
      const match = /^(\s+)version:\s*(.*?)\s*$/.exec(line);
      const depth = /^\s*/.exec(line)![0].length;
      if (line.trim() && !line.trim().startsWith('#')) indent ??= depth;
      if (match && depth === indent) return match[2].replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  const info = (parse(text) as { info?: { version?: unknown } } | null)?.info;
  return info?.version === undefined ? undefined : String(info.version);
}

/** `info.version` and the sha256 of the file's bytes; a file that does not read or parse says so instead. */
function contractIdentity(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return 'unreadable';
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  let version: string;
  try {
    version = infoVersion(bytes.toString('utf8')) ?? '(no info.version)';
  } catch {
    version = 'unparsable';
  }
  return `${version} (sha256 ${hash})`;
}

/** A user name in a URL is as often an API key as a login: it goes too (`redactUrl` hides the password). */
function withoutUser(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username) parsed.username = 'REDACTED';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Where a vendor's tests go: the per-run Prism mock, or the sandbox's base URL with credentials redacted. */
function baseUrl(vendor: string, target: string, reference: boolean, env: NodeJS.ProcessEnv): string {
  const configured = env[`${envPrefix(vendor)}_BASE_URL`];
  if (target === 'sandbox') return configured ? redactUrl(withoutUser(configured)) : '(not set)';
  const mock = 'Prism mock on 127.0.0.1 (port chosen per run)';
  return reference
    ? `${mock}; ${vendor}@reference, ${vendor}@reference-alt: reference sandbox (faithful and alternate reading) on 127.0.0.1`
    : mock;
}

/**
 * The run's environment for the Allure report (allure-playwright's `environmentInfo`): target, base URLs without
 * secrets, each contract's version and content hash, git commit, Node and Playwright versions.
 * Worth computing only in the runner: workers load the config too but never report, so they get `{}`.
 *
 * @example ['allure-playwright', { resultsDir, environmentInfo: reportEnvironment(contracts, referenceVendors) }]
 */
export function reportEnvironment(
  contracts: ContractEntry[],
  referenceVendors: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  if (env.TEST_WORKER_INDEX !== undefined) return {};
  let target: string;
  try {
    target = targetMode(env);
  } catch {
    target = String(env.TARGET);
  }
  const info: Record<string, string> = {
    target,
    'git commit': gitCommit(env),
    node: process.version,
    playwright: packageVersion('@playwright/test'),
  };
  for (const { vendor, file } of contracts) {
    info[`${vendor} contract`] = contractIdentity(file);
    info[`${vendor} base URL`] = baseUrl(vendor, target, referenceVendors.includes(vendor), env);
  }
  return info;
}
