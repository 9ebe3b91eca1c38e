import type { FullConfig } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractFor } from '../contract/cache.ts';
import { unconfiguredSandboxes } from './config.ts';
import { pruneEmptyFolders } from '../report/results.ts';
import type { Contract } from '../contract/types.ts';
import { envPrefix, mockUrlVariable } from './env.ts';
import { startMock } from './mock.ts';
import { missingVariables, sandboxProfile, type SandboxContext } from './sandbox.ts';
import { proxyMode, proxyUrlVariable, startValidationProxy } from './proxy.ts';
import { selectedProjects } from './selection.ts';
import { SESSION_COORDINATOR_VARIABLE, sessionVariable } from './session.ts';
import { SessionCoordinator, serveSessionCoordinator } from './renewal.ts';
import { documentedRateLimit, parseRateLimit, startThrottleCoordinator, type RateLimit } from './throttle.ts';
import { fetchSend, politeSend, requestTimeoutMs } from './transport.ts';
import { referenceEnvVariable, sandboxErrorVariable, sandboxEnv } from './target.ts';
import '../vendors/sandbox-profiles.ts';

interface ProjectTarget {
  project: string;
  vendor: string;
  contractFile: string;
  kind: 'mock' | 'sandbox';
  reference: boolean;
}

type Stop = () => Promise<void>;

const ALTERNATE_SUFFIX = '@reference-alt';
/** `sikka@reference` (the faithful reading) and `sikka@reference-alt` (the alternate one) run against reference sandboxes. */
const isReferenceProject = (name: string): boolean => name.endsWith('@reference') || name.endsWith(ALTERNATE_SUFFIX);

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Prepares every selected project's target, in parallel, once per run: Prism mocks, reference sandboxes, and
 * the session (credentials, request keys, ids) of each live target. Workers read what they need from the
 * environment, which they inherit. Returns the teardown that stops what was started.
 */
export default async function globalSetup(config: FullConfig): Promise<Stop> {
  const targets = config.projects
    .filter((p) => p.use && (p.use as { vendor?: string }).vendor)
    .map((p): ProjectTarget => {
      const use = p.use as { vendor: string; contractFile: string; targetKind?: 'mock' | 'sandbox' };
      return { project: p.name, vendor: use.vendor, contractFile: use.contractFile, kind: use.targetKind ?? 'mock', reference: isReferenceProject(p.name) };
    });
  const selected = new Set(selectedProjects(process.argv, config.projects.map((p) => p.name)));
  const chosen = targets.filter((t) => selected.has(t.project));
  const started = Date.now();
  const proxy = proxyMode();
  const stops: Stop[] = [];
  // What workers tell each other during the run (a vendor that rate-limited the run); removed at the end.
  const runDir = mkdtempSync(join(tmpdir(), 'conformance-run-'));
  process.env.CONFORMANCE_RUN_DIR = runDir;
  stops.push(async () => rmSync(runDir, { recursive: true, force: true }));
  const limits: Record<string, RateLimit> = {};

  const sessions = new SessionCoordinator();

  await Promise.all(chosen.map(async (target) => {
    let contract: Contract;
    try {
      contract = await contractFor(target.contractFile);
    } catch {
      return; // reported by the project's own "contract loads" test, with file and pointer
    }
    try {
      if (target.kind === 'mock') {
        if (contract.operations.length === 0) return;
        const mock = await startMock(contract);
        stops.push(mock.close);
        process.env[mockUrlVariable(target.vendor)] = mock.url;
        return;
      }
      if (target.reference) stops.push(await startReferenceSandbox(target));
      const rate = parseRateLimit(sandboxEnv(target.project)[`${envPrefix(target.vendor)}_RATE_LIMIT`]) ?? documentedRateLimit(contract.vendorRules);
      if (rate) limits[target.project] = rate;
      await bootstrapSession(target, contract, sessions);
      if (proxy === 'prism') stops.push(await startProxy(target, contract));
    } catch (error) {
      const message = (error as Error).message.split('\n')[0];
      process.env[sandboxErrorVariable(target.project)] = message;
      log(`${target.project}: ${message}`);
    }
  }));

  if (chosen.some((t) => sessions.current(t.project))) {
    const coordinator = await serveSessionCoordinator(sessions);
    process.env[SESSION_COORDINATOR_VARIABLE] = coordinator.url;
    stops.push(coordinator.close);
  }
  if (Object.keys(limits).length > 0) {
    const coordinator = await startThrottleCoordinator(limits);
    process.env.CONFORMANCE_THROTTLE_URL = coordinator.url;
    stops.push(coordinator.close);
  }
  const unconfigured = unconfiguredSandboxes(targets.map((t) => ({ name: t.project, vendor: t.vendor, kind: t.kind, reference: t.reference })), process.argv);
  if (unconfigured.length > 0) log(`Not run (sandbox not configured): ${unconfigured.map((u) => `${u.project} (set ${u.missing.join(', ')})`).join('; ')}`);
  if (chosen.length > 0) log(`targets ready in ${Date.now() - started} ms: ${chosen.map((t) => `${t.project} (${t.reference ? 'reference sandbox' : t.kind}${proxy === 'prism' && t.kind === 'sandbox' ? ' via Prism proxy' : ''})`).join(', ')}`);
  const outputDirs = [...new Set(config.projects.map((p) => p.outputDir))];
  return async () => {
    await Promise.allSettled(stops.map((stop) => stop()));
    for (const dir of outputDirs) pruneEmptyFolders(dir);
  };
}

/** Starts the vendor's reference sandbox (fixtures/sandboxes) and hands its URL and fake credentials to the project. */
async function startReferenceSandbox(target: ProjectTarget): Promise<Stop> {
  const { sandboxFor } = await import('../../fixtures/sandboxes/index.ts');
  // `<vendor>@reference-alt` runs the same suite against the sandbox's alternate reading of the document.
  const sandbox = await sandboxFor(target.vendor)({ reading: target.project.endsWith(ALTERNATE_SUFFIX) ? 'alternate' : 'faithful' });
  process.env[referenceEnvVariable(target.project)] = JSON.stringify({ ...sandbox.credentials, [`${envPrefix(target.vendor)}_BASE_URL`]: sandbox.url });
  return sandbox.close;
}

/** Puts a Prism validation proxy in front of the project's sandbox; the workers' base URL becomes the proxy's. */
async function startProxy(target: ProjectTarget, contract: Contract): Promise<Stop> {
  const upstream = sandboxEnv(target.project)[`${envPrefix(target.vendor)}_BASE_URL`];
  if (!upstream) return async () => {}; // the project skips, naming the missing variable
  const running = await startValidationProxy(contract, upstream);
  process.env[proxyUrlVariable(target.project)] = running.url;
  return running.close;
}

/** Obtains the project's session once for the run (Sikka's request_key, drchrono's access token, record ids). */
async function bootstrapSession(target: ProjectTarget, contract: Contract, sessions: SessionCoordinator): Promise<void> {
  const env = sandboxEnv(target.project);
  const profile = sandboxProfile(target.vendor);
  if (missingVariables(profile, env).length > 0) return; // each test skips, naming the missing variables
  const prefix = `${envPrefix(target.vendor)}_`;
  const ctx: SandboxContext = {
    vendor: target.vendor, env, contract, prefix,
    baseURL: env[`${prefix}BASE_URL`]!,
    send: politeSend(target.project, fetchSend),
    timeout: requestTimeoutMs(env),
  };
  const session = await profile.bootstrap(ctx);
  process.env[sessionVariable(envPrefix(target.project))] = JSON.stringify(session);
  // Renewals go through the runner, once for all workers (src/targets/renewal.ts).
  const renewal = profile.renew;
  let renewals = 0;
  if (renewal) {
    sessions.hold(target.project, session, async (current) => {
      const renewed = await renewal.run(ctx, current);
      log(`${target.project}: session renewed for all workers (${++renewals} so far)`);
      return renewed;
    });
  }
}
