/**
 * The run-level clean-up (global teardown, also after a failure, a time-out or Ctrl-C): every record the ledger
 * says the run created and did not delete is deleted and read back, every singleton the run wrote is written back
 * to its earlier state and read back to compare, and every credential the run obtained for itself and did not
 * revoke is revoked. What cannot be undone is listed as "left in the sandbox", with ids.
 */
import type { RecordedRequest } from '../core/wire.ts';
import type { Contract, Operation } from '../contract/types.ts';
import type { CredentialSource } from '../generate/plan-request.ts';
import type { Send } from '../core/wire.ts';
import { writeClassOf } from './classify.ts';
import { fingerprint, type CreatedEntry, type Ledger } from './ledger.ts';
import { requestFor } from './requests.ts';
import { briefly, parseBody, sameState } from './singletons.ts';

export interface CleanupTarget {
  project: string;
  contract: Contract;
  baseURL: string;
  send: Send;
  timeoutMs: number;
  /** The run's newest session values and credentials, for the requests the clean-up sends. */
  values: Record<string, string>;
  credentials: CredentialSource;
  /** Credentials the run obtained for itself, by name (to revoke what it did not). */
  disposables: Record<string, string>;
}

export interface LeftBehind {
  project: string;
  /** `record`, `singleton` or `credential`. */
  what: string;
  /** The operation that made it, `POST /users.json`. */
  operation: string;
  id?: string;
  reason: string;
}

export interface CleanupReport {
  project: string;
  deleted: number;
  restored: number;
  revoked: number;
  left: LeftBehind[];
  /** Writes whose effect the contract does not show (a POST with no item path that answered no id). */
  unknownWrites: { operation: string; count: number }[];
}

const ok = (status: number) => status >= 200 && status < 300;
const gone = (status: number) => status === 404 || status === 410;

/** Undoes what the ledger holds for one project; never throws (a target gone is one more thing left). */
export async function cleanUp(target: CleanupTarget, ledger: Ledger): Promise<CleanupReport> {
  const entries = ledger.entries().filter((e) => e.project === target.project);
  const report: CleanupReport = { project: target.project, deleted: 0, restored: 0, revoked: 0, left: [], unknownWrites: [] };
  const byKey = new Map(target.contract.operations.map((o) => [o.key, o]));
  const call = async (
    operation: Operation,
    values: Record<string, string>,
    body?: { mediaType: string; value: unknown },
    recordId?: string,
  ) => {
    const request = requestFor(
      target.contract,
      operation,
      target.baseURL,
      target.credentials,
      { ...target.values, ...values },
      body,
      recordId,
    );
    if ('skipReason' in request) return { problem: `no valid request for ${operation.key}: ${request.skipReason}` };
    try {
      return { response: await target.send(request as RecordedRequest, target.timeoutMs) };
    } catch (error) {
      return { problem: (error as Error).message.split('\n')[0] };
    }
  };

  const deleted = new Set(entries.flatMap((e) => (e.type === 'deleted' ? [e.id] : [])));
  // Newest first: a record made later may refer to an earlier one (an appointment to its client), which a target
  // may refuse to delete while it is referred to.
  for (const created of entries.filter((e): e is CreatedEntry => e.type === 'created').reverse()) {
    const leave = (reason: string) =>
      report.left.push({ project: target.project, what: 'record', operation: created.operation, id: created.id, reason });
    if (created.id === undefined) {
      leave(
        `the answer (${created.status}) named no id${created.location ? ` (Location: ${created.location})` : ''}; the run does not guess one`,
      );
      continue;
    }
    const create = byKey.get(created.operation);
    const kind = create ? writeClassOf(target.contract, create) : undefined;
    const resource = kind?.kind === 'create' ? kind.resource : undefined;
    if (!resource?.remove || !resource.idParameter) {
      leave(`the contract documents no DELETE for what ${created.operation} creates`);
      continue;
    }
    const values = { [resource.idParameter]: created.id };
    if (!deleted.has(created.id)) {
      const removal = await call(resource.remove, values, undefined, created.id);
      if ('problem' in removal) {
        leave(removal.problem!);
        continue;
      }
      if (!ok(removal.response!.status) && !gone(removal.response!.status)) {
        leave(`${resource.remove.key} answered ${removal.response!.status}`);
        continue;
      }
    }
    // Read back: a target that answers a DELETE without deleting keeps the record.
    if (resource.read) {
      const check = await call(resource.read, values, undefined, created.id);
      if ('response' in check && ok(check.response!.status)) {
        leave(`${resource.remove.key} answered success, but ${resource.read.key} still reads it`);
        continue;
      }
    }
    report.deleted += 1;
  }

  for (const snapshot of ledger.snapshots().filter((s) => s.project === target.project)) {
    const leave = (reason: string) =>
      report.left.push({ project: target.project, what: 'singleton', operation: snapshot.key.slice(target.project.length + 1), reason });
    const restore = byKey.get(snapshot.restore.operation);
    const read = byKey.get(snapshot.read.operation);
    if (!restore || !read) {
      leave('the contract no longer documents how to write it back');
      continue;
    }
    const readState = async (): Promise<{ status: number; value: unknown } | { problem: string }> => {
      const answer = await call(read, snapshot.read.values);
      if ('problem' in answer) return { problem: answer.problem! };
      return {
        status: answer.response!.status,
        value: parseBody(answer.response!.text, answer.response!.headers['content-type'] ?? 'application/json'),
      };
    };
    const now = await readState();
    if (!('problem' in now) && sameState(snapshot, now)) continue; // the run's own writes were undone already
    const written = await call(restore, snapshot.restore.values, snapshot.restore.body);
    if ('problem' in written) {
      leave(`writing back ${briefly(snapshot.state)} failed: ${written.problem}`);
      continue;
    }
    const after = await readState();
    if ('problem' in after) leave(`reading it back failed: ${after.problem}`);
    else if (!sameState(snapshot, after))
      leave(
        `written back with ${restore.key} (${written.response!.status}), it reads ${after.status} ${briefly(after.value)}; before the run: ${snapshot.absent ? 'absent' : briefly(snapshot.state)}`,
      );
    else report.restored += 1;
  }

  const revoked = new Set(entries.flatMap((e) => (e.type === 'revoked' ? [e.fingerprint] : [])));
  for (const [name, value] of Object.entries(target.disposables)) {
    const print = fingerprint(value);
    if (revoked.has(print)) {
      report.revoked += 1;
      continue;
    }
    const leave = (reason: string) => report.left.push({ project: target.project, what: 'credential', operation: name, reason });
    const revoking = target.contract.operations.find((o) => {
      const kind = writeClassOf(target.contract, o);
      return kind.kind === 'credential-effect' && kind.effect === 'revokes' && (kind.credentialParameters ?? []).includes(name);
    });
    if (!revoking) {
      leave(`the ${name} the run obtained for itself cannot be revoked: the contract documents no operation that revokes one`);
      continue;
    }
    const answer = await call(revoking, { [name]: value });
    if ('problem' in answer) leave(`revoking the ${name} the run obtained failed: ${answer.problem}`);
    else if (!ok(answer.response!.status)) leave(`revoking the ${name} the run obtained answered ${answer.response!.status}`);
    else report.revoked += 1;
  }

  const unknown = new Map<string, number>();
  for (const entry of entries) if (entry.type === 'write') unknown.set(entry.operation, (unknown.get(entry.operation) ?? 0) + 1);
  report.unknownWrites = [...unknown].map(([operation, count]) => ({ operation, count }));
  return report;
}

/** One line per project for the end of the run. */
export function formatCleanup(report: CleanupReport): string[] {
  const done = [
    report.deleted > 0 ? `${report.deleted} record(s) the run created deleted` : '',
    report.restored > 0 ? `${report.restored} singleton(s) written back` : '',
    report.revoked > 0 ? `${report.revoked} credential(s) of its own revoked` : '',
  ].filter(Boolean);
  const lines = [
    `${report.project}: sandbox clean-up: ${done.join(', ') || 'nothing to undo'}${report.left.length === 0 ? '; nothing left behind' : ''}`,
  ];
  for (const left of report.left)
    lines.push(`  left in the sandbox: ${left.what} ${left.id ? `${left.id} ` : ''}(${left.operation}): ${left.reason}`);
  for (const write of report.unknownWrites)
    lines.push(
      `  ${write.operation} answered success ${write.count} time(s); the contract does not show what it creates, so nothing was deleted for it`,
    );
  return lines;
}
