import type { Contract } from '../../../src/contract/types.ts';
import { guardedTarget, type SafetyOptions } from '../../../src/safety/guard.ts';
import { memoryLedger, type Ledger } from '../../../src/safety/ledger.ts';
import { credentialFor } from '../../../src/targets/session.ts';
import { type Session } from '../../../src/core/session.ts';
import type { Target } from '../../../src/targets/target.ts';
import { fetchSend } from '../../../src/targets/transport.ts';
import type { RecordedRequest } from '../../../src/core/wire.ts';

/** The state a reference sandbox reports on its side door: records by kind, singletons, credentials it honours. */
export interface SandboxState {
  records: Record<string, { id: string }[]>;
  singletons: Record<string, unknown>;
  credentials: string[];
}

export async function sandboxState(url: string): Promise<SandboxState> {
  const response = await fetch(`${url}/_sandbox/state`);
  if (response.status !== 200) throw new Error(`the sandbox at ${url} has no state side door (${response.status})`);
  return (await response.json()) as SandboxState;
}

/**
 * What a run changed in a sandbox: records that existed before and are gone or changed, records it left, singletons
 * that read otherwise, credentials that no longer exist. Empty for a sandbox left as it was found.
 */
export function stateDifferences(
  before: SandboxState,
  after: SandboxState,
  /** Credentials the vendor rotated during the run, old value → the newest the run handed back. */
  replaced: ReadonlyMap<string, string> = new Map(),
): string[] {
  const out: string[] = [];
  for (const [kind, records] of Object.entries(before.records)) {
    const now = new Map((after.records[kind] ?? []).map((r) => [r.id, r]));
    for (const record of records) {
      const kept = now.get(record.id);
      if (!kept) out.push(`${kind} ${record.id} existed before the run and is gone`);
      else if (JSON.stringify(kept) !== JSON.stringify(record))
        out.push(`${kind} ${record.id} was changed: ${JSON.stringify(record)} → ${JSON.stringify(kept)}`);
    }
  }
  for (const [kind, records] of Object.entries(after.records)) {
    const earlier = new Set((before.records[kind] ?? []).map((r) => r.id));
    for (const record of records) if (!earlier.has(record.id)) out.push(`${kind} ${record.id} was left by the run`);
  }
  for (const name of new Set([...Object.keys(before.singletons), ...Object.keys(after.singletons)]))
    if (JSON.stringify(before.singletons[name]) !== JSON.stringify(after.singletons[name]))
      out.push(
        `singleton ${name} reads ${JSON.stringify(after.singletons[name])}; before the run ${JSON.stringify(before.singletons[name])}`,
      );
  for (const credential of before.credentials) {
    if (after.credentials.includes(credential)) continue;
    const newest = replaced.get(credential);
    if (newest === undefined) out.push(`a credential that existed before the run was revoked (${credential.slice(0, 4)}…)`);
    else if (!after.credentials.includes(newest))
      out.push(`a credential was rotated and the newest the run handed back is not honoured (${credential.slice(0, 4)}…)`);
  }
  return out;
}

/** A live target over a reference sandbox, held session and all, without the run's fixtures; every request counted. */
export function liveTarget(url: string, vendor: string, session: Session): Target & { sent: RecordedRequest[] } {
  let held = session;
  const sent: RecordedRequest[] = [];
  return {
    kind: 'sandbox',
    vendor,
    project: `${vendor}@safety`,
    baseURL: url,
    timeout: 10_000,
    send: (request, timeout) => {
      sent.push(request);
      return fetchSend(request, timeout);
    },
    session: async () => held,
    renewedAfter: async () => false,
    credential: (s) => (scheme) => credentialFor(s, scheme),
    adopt: async (values) => {
      held = { ...held, values: { ...held.values, ...values } };
    },
    sent,
  };
}

/** The guard over such a target, with its own ledger. */
export function guarded(target: Target, contract: Contract, options: Partial<SafetyOptions> = {}): { target: Target; ledger: Ledger } {
  const ledger = options.ledger ?? memoryLedger();
  return {
    ledger,
    target: guardedTarget(target, contract, {
      writes: true,
      destructive: false,
      ledger,
      env: {},
      variables: [],
      prefix: '',
      disposables: {},
      ...options,
    }),
  };
}
