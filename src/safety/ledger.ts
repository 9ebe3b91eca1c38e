/**
 * The run's ledger of what it made on live targets: records it created (operation, id, location, time), records
 * it deleted, the state of every singleton before its first write, and credentials it obtained for its own use.
 * Every worker appends to one file in the run's folder (`CONFORMANCE_RUN_DIR`), so the ledger is the run's, not a
 * worker's; global teardown reads it to delete what remains and to put singletons back.
 *
 * Appends are single `write` calls of one line each, which POSIX keeps whole for a file opened with O_APPEND.
 * Outside a run (an engine test that builds a target by hand) the ledger lives in memory.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runState } from '../targets/run-state.ts';

export interface CreatedEntry {
  type: 'created';
  project: string;
  /** The create operation, `POST /users.json`. */
  operation: string;
  /** The record's id as the answer named it; absent when the answer named none (it cannot be deleted). */
  id?: string;
  /** The `Location` header of the answer, when it had one. */
  location?: string;
  status: number;
  at: string;
}

export interface DeletedEntry {
  type: 'deleted';
  project: string;
  operation: string;
  id: string;
  at: string;
}

/** A write the contract does not show to create, update or delete a record (a POST with no item path, say). */
export interface WriteEntry {
  type: 'write';
  project: string;
  operation: string;
  status: number;
  at: string;
}

/** A credential the run obtained for its own use (to revoke it, say): never one the run runs with. */
export interface CredentialEntry {
  type: 'credential';
  project: string;
  /** The parameter or field it fills, `refresh_token`. */
  name: string;
  /** sha256 of the value: the ledger holds no secret; the value itself is in the run's redacted state. */
  fingerprint: string;
  /** Set once an operation that revokes it answered 2xx. */
  revoked?: boolean;
  at: string;
}

export interface RevokedEntry {
  type: 'revoked';
  project: string;
  fingerprint: string;
  operation: string;
  at: string;
}

export type LedgerEntry = CreatedEntry | DeletedEntry | WriteEntry | CredentialEntry | RevokedEntry;

/** A singleton's state before the run first wrote it, and how to write it back. */
export interface SingletonSnapshot {
  project: string;
  /** `POST /api/1.0/pms/providerconfig?pmsId=…`: the singleton and the keys that name it. */
  key: string;
  /** The operation whose answer is the state, and the values that name the singleton. */
  read: { operation: string; values: Record<string, string> };
  /** The state as read (parsed JSON, or the text); `absent` when the read answered 404/410. */
  state: unknown;
  absent: boolean;
  /** The request that writes the state back: the write operation and its body, or the DELETE for an absent one. */
  restore: { operation: string; values: Record<string, string>; body?: { mediaType: string; value: unknown } };
  at: string;
}

export const fingerprint = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 24);

export interface Ledger {
  append(entry: LedgerEntry): void;
  entries(): LedgerEntry[];
  /** Ids of records this project's run created (deleted ones included: a second delete of a record of the run is harmless). */
  ownedIds(project: string): Set<string>;
  /** Fingerprints of the credentials this project's run obtained for itself. */
  ownedCredentials(project: string): Set<string>;
  /** The snapshot of a singleton, if one was taken. */
  snapshot(key: string): SingletonSnapshot | undefined;
  /** Keeps the first snapshot of a singleton, across workers: returns the one that is kept (this or an earlier one). */
  claimSnapshot(snapshot: SingletonSnapshot): SingletonSnapshot;
  snapshots(): SingletonSnapshot[];
}

const snapshotName = (key: string) => `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`;

/** The ledger kept in a folder: `ledger.jsonl` and `singletons/<hash>.json`. */
export function folderLedger(dir: string): Ledger {
  const file = join(dir, 'ledger.jsonl');
  const singletons = join(dir, 'singletons');
  const entries = (): LedgerEntry[] => {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').flatMap((line) => {
      if (!line.trim()) return [];
      try {
        return [JSON.parse(line) as LedgerEntry];
      } catch {
        return []; // a line cut short by a killed worker names nothing usable
      }
    });
  };
  const readSnapshot = (key: string): SingletonSnapshot | undefined => {
    try {
      return JSON.parse(readFileSync(join(singletons, snapshotName(key)), 'utf8')) as SingletonSnapshot;
    } catch {
      return undefined;
    }
  };
  return {
    append: (entry) => {
      mkdirSync(dir, { recursive: true });
      appendFileSync(file, `${JSON.stringify(entry)}\n`);
    },
    entries,
    ownedIds: (project) => ownedIdsOf(entries(), project),
    ownedCredentials: (project) => ownedCredentialsOf(entries(), project),
    snapshot: readSnapshot,
    claimSnapshot: (snapshot) => {
      mkdirSync(singletons, { recursive: true });
      try {
        // `wx`: created only if absent, so the first worker's snapshot (the state before any write) is the one kept.
        writeFileSync(join(singletons, snapshotName(snapshot.key)), JSON.stringify(snapshot), { flag: 'wx' });
        return snapshot;
      } catch {
        return readSnapshot(snapshot.key) ?? snapshot;
      }
    },
    snapshots: () => listSnapshots(singletons),
  };
}

function listSnapshots(dir: string): SingletonSnapshot[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    try {
      return [JSON.parse(readFileSync(join(dir, name), 'utf8')) as SingletonSnapshot];
    } catch {
      return [];
    }
  });
}

/** A ledger in this process only, for targets built outside a run. */
export function memoryLedger(): Ledger {
  const list: LedgerEntry[] = [];
  const singletons = new Map<string, SingletonSnapshot>();
  return {
    append: (entry) => void list.push(entry),
    entries: () => [...list],
    ownedIds: (project) => ownedIdsOf(list, project),
    ownedCredentials: (project) => ownedCredentialsOf(list, project),
    snapshot: (key) => singletons.get(key),
    claimSnapshot: (snapshot) => {
      const kept = singletons.get(snapshot.key) ?? snapshot;
      singletons.set(snapshot.key, kept);
      return kept;
    },
    snapshots: () => [...singletons.values()],
  };
}

function ownedIdsOf(entries: LedgerEntry[], project: string): Set<string> {
  return new Set(entries.flatMap((e) => (e.type === 'created' && e.project === project && e.id !== undefined ? [e.id] : [])));
}

function ownedCredentialsOf(entries: LedgerEntry[], project: string): Set<string> {
  return new Set(entries.flatMap((e) => (e.type === 'credential' && e.project === project ? [e.fingerprint] : [])));
}

let processLedger: Ledger | undefined;

/** The run's ledger (its folder's), or this process's own when there is no run folder. */
export function runLedger(env: NodeJS.ProcessEnv = process.env): Ledger {
  const dir = runState.runDir.read(env);
  if (dir) return folderLedger(join(dir, 'ledger'));
  processLedger ??= memoryLedger();
  return processLedger;
}
