import { serveOnLoopback, type LoopbackServer } from './loopback.ts';
import type { HeldSession, Session } from '../core/session.ts';

type Renew = (current: Session) => Promise<Session>;

/**
 * The run's sessions, renewed once for all workers: the runner holds each live project's session, and a worker
 * whose request was answered "expired" asks it to renew the generation it used. The first such request renews;
 * the others, from any worker, wait for that renewal or get its result if it is done. So a key that expires
 * mid-run costs the vendor one renewal, not one per worker.
 */
export class SessionCoordinator {
  readonly #held = new Map<string, HeldSession & { renew: Renew; pending?: Promise<HeldSession> }>();

  hold(project: string, session: Session, renew: Renew): void {
    this.#held.set(project, { generation: 0, session, renew });
  }

  current(project: string): HeldSession | undefined {
    const held = this.#held.get(project);
    return held && { generation: held.generation, session: held.session };
  }

  /**
   * Holds newer session values a vendor handed back (a refresh grant that rotated the refresh token), as a new
   * generation: every worker then sends the newest, and the run never goes on with a retired credential.
   */
  adopt(project: string, values: Record<string, string>): HeldSession {
    const held = this.#held.get(project);
    if (!held) throw new Error(`ENGINE_NO_SESSION: no session is held for "${project}"`);
    held.session = { ...held.session, values: { ...held.session.values, ...values } };
    held.generation += 1;
    return { generation: held.generation, session: held.session };
  }

  /** Renews the project's session unless a newer generation than `seen` exists already; concurrent calls share one renewal. */
  async renew(project: string, seen: number): Promise<HeldSession> {
    const held = this.#held.get(project);
    if (!held) throw new Error(`ENGINE_NO_SESSION: no session is held for "${project}"`);
    if (held.generation > seen) return { generation: held.generation, session: held.session };
    held.pending ??= held
      .renew(held.session)
      .then((session) => {
        held.session = session;
        held.generation += 1;
        return { generation: held.generation, session };
      })
      .finally(() => {
        held.pending = undefined;
      });
    return held.pending;
  }
}

/**
 * Serves a coordinator on loopback: `POST /renew/<project>?seen=<generation>` answers the renewed `HeldSession`,
 * `POST /adopt/<project>` with a JSON object of values answers the session that holds them.
 */
export async function serveSessionCoordinator(coordinator: SessionCoordinator): Promise<LoopbackServer> {
  return serveOnLoopback(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/(renew|adopt)\/(.+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !match) {
      res.writeHead(404).end();
      return;
    }
    try {
      const project = decodeURIComponent(match[2]);
      const held =
        match[1] === 'adopt'
          ? coordinator.adopt(project, JSON.parse(await readText(req)) as Record<string, string>)
          : await coordinator.renew(project, Number(url.searchParams.get('seen') ?? 0));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(held));
    } catch (error) {
      // The message travels to the worker, which reports it as the sandbox's failure to renew.
      res.writeHead(502, { 'content-type': 'text/plain' }).end((error as Error).message.split('\n')[0]);
    }
  });
}

async function readText(req: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk.toString();
  return text;
}

/** Tells the run's coordinator to hold newer values; answers the session that holds them. */
export async function adoptThroughCoordinator(
  coordinatorUrl: string,
  project: string,
  values: Record<string, string>,
): Promise<HeldSession> {
  const response = await fetch(`${coordinatorUrl}/adopt/${encodeURIComponent(project)}`, { method: 'POST', body: JSON.stringify(values) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(text || `session update for ${project} failed (${response.status})`);
  return JSON.parse(text) as HeldSession;
}

/** Asks the run's coordinator for a session newer than `seen`; the coordinator's error message on failure. */
export async function renewThroughCoordinator(coordinatorUrl: string, project: string, seen: number): Promise<HeldSession> {
  const response = await fetch(`${coordinatorUrl}/renew/${encodeURIComponent(project)}?seen=${seen}`, { method: 'POST' });
  const text = await response.text();
  if (response.status !== 200) throw new Error(text || `session renewal for ${project} failed (${response.status})`);
  return JSON.parse(text) as HeldSession;
}
