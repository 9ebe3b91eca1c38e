/**
 * The run's state as global setup hands it to the workers: environment variables named `CONFORMANCE_*`, which
 * workers inherit. Global setup writes them (and a worker that renews a session rewrites its own); workers read
 * them. Every name is built here and nowhere else, and every value is read back through the same slot that wrote it.
 */
import { envPrefix } from './env.ts';
import { parseJsonOrUndefined } from '../core/json.ts';
import type { Session } from '../core/session.ts';

type Env = NodeJS.ProcessEnv;

/** One variable of the run's state: its name, and how its value is written and read back. */
export interface Slot<T> {
  readonly name: string;
  read(env?: Env): T | undefined;
  write(value: T, env?: Env): void;
}

const PREFIX = 'CONFORMANCE_';

const text = (name: string): Slot<string> => ({
  name,
  read: (env = process.env) => env[name] || undefined,
  write: (value, env = process.env) => {
    env[name] = value;
  },
});

/** A JSON value; one that does not parse reads as absent (a hand-edited or truncated variable carries nothing). */
const json = <T>(name: string): Slot<T> => ({
  name,
  read: (env = process.env) => {
    const value = env[name];
    return value ? (parseJsonOrUndefined(value) as T | undefined) : undefined;
  },
  write: (value, env = process.env) => {
    env[name] = JSON.stringify(value);
  },
});

const MOCK_URL = `${PREFIX}MOCK_URL_`;
const REFERENCE_ENV = `${PREFIX}REFERENCE_ENV_`;
const SESSION = `${PREFIX}SESSION_`;

export const runState = {
  /** A folder for the run's lifetime, where workers tell each other what they learnt (a vendor that rate-limited). */
  runDir: text(`${PREFIX}RUN_DIR`),
  /** Where the run's throttle coordinator listens (src/targets/throttle.ts). */
  throttleUrl: text(`${PREFIX}THROTTLE_URL`),
  /** Where the run's session coordinator listens (src/targets/renewal.ts). */
  sessionCoordinatorUrl: text(`${SESSION}COORDINATOR_URL`),
  /** Set for a run started by an engine test or the bench: it has no engine project of its own. */
  nested: text(`${PREFIX}NESTED`),
  /** Where the run's mock for a vendor listens. */
  mockUrl: (vendor: string) => text(`${MOCK_URL}${envPrefix(vendor)}`),
  /** The Prism validation proxy in front of a project's sandbox (`PROXY=prism`). */
  proxyUrl: (project: string) => text(`${PREFIX}PROXY_URL_${envPrefix(project)}`),
  /** Why a project's target could not be prepared, one line: its tests fail with it. */
  sandboxError: (project: string) => text(`${PREFIX}SANDBOX_ERROR_${envPrefix(project)}`),
  /** The URL and fake credentials of the reference sandbox global setup started for a project. */
  referenceEnv: (project: string) => json<Record<string, string>>(`${REFERENCE_ENV}${envPrefix(project)}`),
  /** A project's session, obtained once per run. */
  session: (project: string) => json<Session>(`${SESSION}${envPrefix(project)}`),
  /**
   * Credentials the run obtained for its own use (a refresh token to revoke), as a session's values so that
   * redaction knows them like any held credential. Never used to authenticate the run.
   */
  disposables: (project: string) => json<Session>(`${SESSION}${envPrefix(project)}__DISPOSABLE`),
  /** What the run-level sandbox clean-up did and left behind (src/safety/cleanup.ts), for the end-of-run report. */
  cleanupReport: json<unknown[]>(`${PREFIX}SANDBOX_CLEANUP`),
  /** A session a worker replaced by a renewed one; kept so that redaction still knows its credentials. */
  retiredSession: (project: string, generation: number) => json<Session>(`${SESSION}${envPrefix(project)}__RETIRED_${generation}`),
} as const;

/** True for a variable of the run's state: a nested run must not inherit its parent's. */
export const isRunStateVariable = (name: string): boolean => name.startsWith(PREFIX);

/** True for a mock address: a nested run starts its own mocks. */
export const isMockUrlVariable = (name: string): boolean => name.startsWith(MOCK_URL);

/** The variables every reference sandbox of the run handed over, merged; a malformed entry carries none. */
export function referenceSandboxVariables(env: Env = process.env): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const name of Object.keys(env)) {
    if (!name.startsWith(REFERENCE_ENV)) continue;
    Object.assign(merged, json<Record<string, string>>(name).read(env) ?? {});
  }
  return merged;
}

/** Every session held in the run's state, current and retired, so that redaction can scrub their credentials. */
export function heldSessions(env: Env = process.env): Session[] {
  return Object.keys(env)
    .filter((name) => name.startsWith(SESSION) && name !== runState.sessionCoordinatorUrl.name)
    .flatMap((name) => {
      const session = json<Session>(name).read(env);
      return session && typeof session === 'object' ? [session] : [];
    });
}
