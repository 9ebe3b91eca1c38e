/**
 * The sandbox guard: every request a run sends to a live target passes here, whichever test, phase or property
 * built it, so that a run leaves the sandbox as it found it by construction rather than by each test's care.
 *
 * - A held credential travels only in its credential position (credentials.ts); an operation that revokes or
 *   rotates a credential is sent only with one the run obtained for the purpose.
 * - With writes off (`SANDBOX_WRITES` unset) only reads and token requests go out.
 * - With writes on, a write to one record goes only to a record this run created (the ledger's); ids learned from
 *   lists, examples or the environment are for reads. A singleton is written only once its earlier state is read
 *   and can be written back (singletons.ts). `SANDBOX_DESTRUCTIVE=1` lifts these two rules, never the credential ones.
 * - What the run creates is written to the ledger as the answer names it; global teardown deletes it (cleanup.ts).
 */
import type { Exchange, RecordedRequest, RecordedResponse } from '../core/wire.ts';
import type { Contract, Operation } from '../contract/types.ts';
import { isObject } from '../core/pointer.ts';
import { idIn } from '../generate/phases/stateful.ts';
import { recordIdsIn } from '../generate/record-id.ts';
import { OperationIndex, isMatch, type Match } from '../traffic/match.ts';
import { SandboxSafetyRefusal } from '../targets/errors.ts';
import type { Target, WritePlan } from '../targets/target.ts';
import type { Send } from '../core/wire.ts';
import { pathOf } from '../core/url.ts';
import { isReadMethod } from '../core/wire.ts';
import { isCredentialName, writeClassOf, type WriteClass } from './classify.ts';
import { credentialExposures, credentialPositions, heldCredentials, namedAs } from './credentials.ts';
import { fingerprint, type Ledger, type SingletonSnapshot } from './ledger.ts';
import { createRequests, requestFor } from './requests.ts';
import { briefly, isEmptyState, namingValues, parseBody, restoringBody, settingOperation } from './singletons.ts';

export interface SafetyOptions {
  /** `SANDBOX_WRITES=1`. */
  writes: boolean;
  /** `SANDBOX_DESTRUCTIVE=1`: writes to records and singletons the run did not create are allowed too. */
  destructive: boolean;
  ledger: Ledger;
  /** The variables the run reads for this vendor (its credentials among them) and their prefix (`SIKKA_`). */
  env: NodeJS.ProcessEnv;
  variables: string[];
  prefix: string;
  /** Credentials the run obtained for its own use, by the name of the parameter they fill (`refresh_token`). */
  disposables: Record<string, string>;
  /** How to obtain such a credential, for the skip reason when there is none (`set SIKKA_AUTH_CODE ...`). */
  disposableHint?: string;
}

const now = () => new Date().toISOString();

/** A live target whose every request passes the guard; a mock is returned as it is (it keeps no state). */
export function guardedTarget(target: Target, contract: Contract, options: SafetyOptions): Target {
  if (target.kind !== 'sandbox') return target;
  const index = new OperationIndex([contract], basePath(target.baseURL));
  const positions = credentialPositions(contract);
  const project = target.project;
  const { ledger } = options;
  const disposableValues = new Set(Object.values(options.disposables));
  const credentialsNow = async () => target.credential(await target.session());

  const refuse = (request: RecordedRequest, code: SandboxSafetyRefusal['code'], reason: string): never => {
    throw new SandboxSafetyRefusal(code, `${request.method} ${pathOf(request.url)}`, reason);
  };

  const send: Send = async (request, timeoutMs) => {
    const found = index.match(request.method, request.url);
    const match = isMatch(found) ? found : undefined;
    const kind = match ? writeClassOf(contract, match.operation) : undefined;
    const session = await target.session();
    const held = heldCredentials(session, options.env, options.variables, options.prefix).filter((h) => !disposableValues.has(h.value));
    if (match && kind?.kind === 'credential-effect')
      checkCredentialEffect(
        request,
        match,
        kind,
        held.map((h) => h.value),
      );
    const exposed = credentialExposures(request, held, positions);
    if (exposed.length > 0)
      refuse(
        request,
        'SANDBOX_CREDENTIAL_GUARD',
        `the request would carry ${exposed.join(', ')}; a run sends its credentials only where they authenticate`,
      );
    if (isReadMethod(request.method)) return target.send(request, timeoutMs);
    if (!match || !kind)
      return refuse(
        request,
        'SANDBOX_WRITE_REFUSED',
        'not a documented operation; the run writes only through operations its contract documents',
      );
    if (kind.kind === 'credential-mint') {
      const response = await target.send(request, timeoutMs);
      await adoptRotated(request, response, held);
      return response;
    }
    if (!options.writes) refuse(request, 'SANDBOX_WRITE_REFUSED', 'writes are off; set SANDBOX_WRITES=1 to allow them');
    if (kind.kind === 'item-write' && !options.destructive) {
      const owned = ledger.ownedIds(project);
      const foreign = (kind.recordParameters ?? []).filter((name) => !owned.has(match.pathParams[name]));
      // The body may name the record again (`{ "client": { "id": … } }`); it too must be a record of the run.
      const named = recordIdsIn(parseBody(request.body, request.headers['content-type'] ?? '')).filter((id) => !owned.has(id));
      if (named.length > 0)
        refuse(
          request,
          'SANDBOX_WRITE_REFUSED',
          `its body names the record ${named.join(', ')}, which this run did not create (SANDBOX_DESTRUCTIVE=1 allows writes to existing records)`,
        );
      if (foreign.length > 0)
        refuse(
          request,
          'SANDBOX_WRITE_REFUSED',
          `${foreign.map((n) => `${n}=${match.pathParams[n]}`).join(', ')} names a record this run did not create; ids from lists, examples and the environment are for reads (SANDBOX_DESTRUCTIVE=1 allows writes to existing records)`,
        );
    }
    if (kind.kind === 'singleton-write') {
      const problem = await snapshotSingleton(request, match, kind);
      if (problem && !options.destructive) refuse(request, 'SANDBOX_WRITE_REFUSED', problem);
    }
    const response = await target.send(request, timeoutMs);
    record({ request, response }, match, kind);
    return response;
  };

  /** Refuses an operation on a credential unless the credential it acts on is one the run obtained for the purpose. */
  function checkCredentialEffect(request: RecordedRequest, match: Match, kind: WriteClass, held: string[]): void {
    if (!options.writes) refuse(request, 'SANDBOX_WRITE_REFUSED', `it ${kind.effect} a credential; writes are off`);
    const carried = credentialValues(request, match, kind.credentialParameters ?? []);
    if (carried.length === 0) {
      const own = held.filter((value) => JSON.stringify(request).includes(value));
      if (own.length > 0)
        refuse(
          request,
          'SANDBOX_CREDENTIAL_GUARD',
          `it ${kind.effect} the credential it is sent with (${kind.reason}); the run never sends it with its own credentials`,
        );
      return;
    }
    const owned = ledger.ownedCredentials(project);
    const foreign = carried.filter(({ value }) => !owned.has(fingerprint(value)));
    if (foreign.length > 0)
      refuse(
        request,
        'SANDBOX_CREDENTIAL_GUARD',
        `it ${kind.effect} the credential in ${foreign.map((f) => f.name).join(', ')} (${kind.reason}); the run acts only on credentials it obtained for the purpose${options.disposableHint ? ` (${options.disposableHint})` : ''}`,
      );
  }

  /** Reads a singleton's state before the run's first write to it; the reason it may not be written, if any. */
  async function snapshotSingleton(request: RecordedRequest, match: Match, kind: WriteClass): Promise<string | undefined> {
    const operation = match.operation;
    const read = kind.singleton?.read;
    if (!read)
      return `its earlier state cannot be read (the contract documents no GET on ${operation.path}), so it could not be written back`;
    const credentials = await credentialsNow();
    const session = await target.session();
    // The values that name the singleton (`pmsId`), without credentials: the ledger holds no secret.
    const values = Object.fromEntries(
      Object.entries(namingValues(request.url, request.body, request.headers['content-type'] ?? '')).filter(
        ([name]) => !isCredentialName(name),
      ),
    );
    const readRequest = requestFor(contract, read, target.baseURL, credentials, { ...session.values, ...values });
    if ('skipReason' in readRequest) return `its earlier state cannot be read (${readRequest.skipReason})`;
    const naming = read.parameters
      .filter((p) => values[p.name] !== undefined)
      .map((p) => `${p.name}=${values[p.name]}`)
      .sort();
    const key = `${project} ${read.path}${naming.length > 0 ? `?${naming.join('&')}` : ''}`;
    if (ledger.snapshot(key)) return undefined;
    const answer = await target.send(readRequest, target.timeout);
    const absent = answer.status === 404 || answer.status === 410;
    if (!absent && (answer.status < 200 || answer.status >= 300))
      return `reading its earlier state (${read.key}) answered ${answer.status}, so it could not be written back`;
    const state = absent ? undefined : parseBody(answer.text, answer.headers['content-type'] ?? 'application/json');
    let restore: SingletonSnapshot['restore'];
    // An empty state (null, {}, [], nothing) says the singleton is not set; writing an empty body back would set it.
    if (absent || isEmptyState(state)) {
      const remove = kind.singleton?.remove;
      if (!remove)
        return `it is not set (${read.key} answered ${answer.status}${absent ? '' : ` ${briefly(state)}`}) and the contract documents no DELETE to remove what the run would write, so it could not be put back`;
      restore = { operation: remove.key, values };
    } else {
      const write = settingOperation(contract, operation.path);
      const template = parseBody(request.body, request.headers['content-type'] ?? '') ?? write?.requestBody?.content[0]?.examples[0]?.value;
      const body = write ? restoringBody(contract, write, state, template) : undefined;
      if (!write || !body)
        return `its earlier state (${briefly(state)}) is no valid body for ${write?.key ?? `a write to ${operation.path}`}, so it could not be written back`;
      restore = { operation: write.key, values, body };
    }
    ledger.claimSnapshot({
      project,
      key,
      read: { operation: read.key, values },
      state,
      absent: absent || isEmptyState(state),
      restore,
      at: now(),
    });
    return undefined;
  }

  /** Writes what the answer says the run made (or removed) to the ledger. */
  function record(exchange: Exchange, match: Match, kind: WriteClass): void {
    const { status } = exchange.response;
    if (status < 200 || status >= 300) return;
    const operation = match.operation.key;
    if (kind.kind === 'create') {
      const id = createdId(exchange, kind);
      const location = exchange.response.headers.location;
      if (id !== undefined || kind.resource?.kind === 'collection' || status === 201 || location)
        ledger.append({ type: 'created', project, operation, id, location, status, at: now() });
      else ledger.append({ type: 'write', project, operation, status, at: now() });
    } else if (kind.kind === 'item-write' && match.operation.method === 'DELETE') {
      for (const name of kind.recordParameters ?? [])
        ledger.append({ type: 'deleted', project, operation, id: match.pathParams[name], at: now() });
    } else if (kind.kind === 'credential-effect') {
      for (const { value } of credentialValues(exchange.request, match, kind.credentialParameters ?? []))
        ledger.append({ type: 'revoked', project, operation, fingerprint: fingerprint(value), at: now() });
    }
  }

  /**
   * A token answer that hands back another value for a credential the request carried (a rotated refresh token):
   * the run holds the newest from now on, in every worker, so that it never goes on with a retired one.
   */
  async function adoptRotated(request: RecordedRequest, response: RecordedResponse, held: { value: string; names: Set<string> }[]) {
    if (response.status < 200 || response.status >= 300 || !target.adopt) return;
    const answer = parseBody(response.text, 'application/json');
    if (!isObject(answer)) return;
    const sent = parseBody(request.body, request.headers['content-type'] ?? '');
    const session = await target.session();
    const adopted: Record<string, string> = {};
    for (const [field, value] of Object.entries(answer)) {
      if (typeof value !== 'string' || value === '') continue;
      const previous = isObject(sent) && typeof sent[field] === 'string' ? (sent[field] as string) : undefined;
      if (!previous || previous === value || !held.some((h) => h.value === previous && namedAs(field, h.names))) continue;
      for (const [name, current] of Object.entries(session.values)) if (current === previous) adopted[name] = value;
    }
    if (Object.keys(adopted).length > 0) await target.adopt(adopted);
  }

  /** Binds a write to what the run may write to: a record it creates for the purpose, a credential it obtained. */
  async function prepareWrite(operation: Operation): Promise<WritePlan> {
    const kind = writeClassOf(contract, operation);
    if (kind.kind === 'credential-effect') {
      const names = kind.credentialParameters ?? [];
      const overrides: Record<string, string> = {};
      for (const name of names) {
        const value = Object.entries(options.disposables).find(([held]) => namedAs(name, new Set([held])))?.[1];
        if (value === undefined)
          return {
            overrides,
            skipReason: `it ${kind.effect} a credential (${kind.reason}); the run never sends one it runs with, and it obtained none for the purpose${options.disposableHint ? ` (${options.disposableHint})` : ''}`,
          };
        overrides[name] = value;
      }
      return { overrides };
    }
    if (kind.kind !== 'item-write' || options.destructive || !options.writes) return { overrides: {} };
    const verb = operation.method === 'DELETE' ? 'delete' : 'update';
    const resource = collectionOf(contract, operation);
    if (!resource)
      return {
        overrides: {},
        skipReason: `no record of this run to ${verb}: the contract shows no way to create one for ${operation.path}`,
      };
    const others = (kind.recordParameters ?? []).filter((n) => n !== resource.idParameter);
    if (others.length > 0)
      return {
        overrides: {},
        skipReason: `no record of this run to ${verb}: ${operation.path} also names ${others.join(', ')}, which the run cannot create`,
      };
    const session = await target.session();
    const credentials = await credentialsNow();
    const attempts: string[] = [];
    for (const request of createRequests(contract, resource.create, target.baseURL, credentials, session.values)) {
      let response: RecordedResponse;
      try {
        response = await send(request, target.timeout);
      } catch (error) {
        if (error instanceof SandboxSafetyRefusal) {
          attempts.push(error.reason);
          continue;
        }
        throw error;
      }
      if (response.status < 200 || response.status >= 300) {
        attempts.push(String(response.status));
        continue;
      }
      const id = createdId({ request, response }, { kind: 'create', reason: '', resource });
      if (id === undefined)
        return {
          overrides: {},
          skipReason: `no record of this run to ${verb}: ${resource.create.key} answered ${response.status} without an id; the run does not guess one`,
        };
      return {
        overrides: { [resource.idParameter!]: id },
        recordId: id,
        note: `${resource.idParameter}=${id} is a record this run created through ${resource.create.key}`,
      };
    }
    return {
      overrides: {},
      skipReason: `no record of this run to ${verb}: creating one through ${resource.create.key} answered ${attempts.join(', ') || 'nothing (no valid request)'}`,
    };
  }

  return { ...target, send, prepareWrite };
}

/** The collection whose item operation this is: the create whose read, update or delete is on `operation.path`. */
function collectionOf(contract: Contract, operation: Operation) {
  for (const candidate of contract.operations) {
    const kind = writeClassOf(contract, candidate);
    const resource = kind.kind === 'create' ? kind.resource : undefined;
    if (resource?.kind === 'collection' && [resource.read, resource.update, resource.remove].some((o) => o?.path === operation.path))
      return resource;
  }
  return undefined;
}

/** The id a create answer names: its `Location` header's last segment, or the id field of the record it returns. */
function createdId(exchange: Exchange, kind: WriteClass): string | undefined {
  const location = exchange.response.headers.location;
  if (location) {
    const segment = location.split('?')[0].replace(/\/+$/, '').split('/').pop();
    if (segment) return decodeURIComponent(segment).replace(/\.(json|xml)$/, '');
  }
  const body = parseBody(exchange.response.text, exchange.response.headers['content-type'] ?? 'application/json');
  // An answer that is a list is no record the request created (a search answered by POST, say).
  if (!isObject(body) && !(kind.resource?.kind === 'collection' && Array.isArray(body))) return undefined;
  if (kind.resource?.kind !== 'collection' && exchange.response.status !== 201) return undefined;
  return idIn(body, kind.resource?.idParameter ?? 'id');
}

/** The values an operation on a credential carries in its credential parameters (path, query or body). */
function credentialValues(request: RecordedRequest, match: Match, names: string[]): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const query = new URL(request.url).searchParams;
  const body = parseBody(request.body, request.headers['content-type'] ?? '');
  for (const name of names) {
    const value = match.pathParams[name] ?? query.get(name) ?? (isObject(body) && typeof body[name] === 'string' ? body[name] : undefined);
    if (typeof value === 'string' && value !== '') out.push({ name, value });
  }
  return out;
}

const basePath = (baseURL: string): string => {
  try {
    return new URL(baseURL).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
};
