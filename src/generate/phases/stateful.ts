import fc from 'fast-check';
import type { Contract, Operation } from '../../contract/types.ts';
import { isObject } from '../../contract/pointer.ts';
import type { Exchange, Violation } from '../../checks/types.ts';
import { fcOptions } from '../../properties/fc.ts';
import {
  curlCommand,
  exampleRequest,
  renderRequest,
  requestArbitrary,
  requestViolation,
  styledParameters,
  RequestPlanError,
  type GeneratedRequest,
} from '../arbitraries/request.ts';
import { requestValidators } from '../arbitraries/validity.ts';
import type { PhaseContext, PhaseOutcome } from './run.ts';

/** A resource's operations inferred from the paths: create on the collection, read/update/delete on the item. */
export interface ResourceLinks {
  create: Operation;
  list?: Operation;
  read: Operation;
  update?: Operation;
  remove?: Operation;
  /** The item path's parameter that names the record. */
  idParameter: string;
}

const stem = (path: string) => path.replace(/\.(json|xml)$/, '').replace(/\/+$/, '');
const singular = (word: string) => word.replace(/ies$/, 'y').replace(/s$/, '');

/**
 * Infers the resource behind a collection POST: the item path is the collection path plus one `{parameter}`
 * segment (a `.json` suffix and a singular collection name allowed: `/clients.json` → `/client/{client_id}.json`),
 * or the operation an OpenAPI `links` entry of the create response names.
 */
export function resourceOf(contract: Contract, create: Operation): ResourceLinks | undefined {
  if (create.method !== 'POST' || /\{[^}]+\}/.test(create.path)) return undefined;
  const base = stem(create.path);
  const head = base.slice(0, base.lastIndexOf('/') + 1);
  const last = base.slice(base.lastIndexOf('/') + 1);
  const candidates = [base, `${head}${singular(last)}`];
  const items = contract.operations.filter((o) => {
    const match = stem(o.path).match(/^(.*)\/\{([^}]+)\}$/);
    return match !== null && candidates.includes(match[1]);
  });
  const linked = linkedRead(contract, create);
  const read = linked ?? items.find((o) => o.method === 'GET');
  if (!read) return undefined;
  const idParameter = stem(read.path).match(/\{([^}]+)\}$/)?.[1];
  if (!idParameter) return undefined;
  const sameItem = (o: Operation) => o.path === read.path;
  return {
    create,
    read,
    list: contract.operations.find((o) => o.method === 'GET' && o.path === create.path),
    update:
      contract.operations.find((o) => sameItem(o) && o.method === 'PUT') ??
      contract.operations.find((o) => sameItem(o) && o.method === 'PATCH'),
    remove: contract.operations.find((o) => sameItem(o) && o.method === 'DELETE'),
    idParameter,
  };
}

/** The GET named by an OpenAPI `links` entry of the create operation's success response. */
function linkedRead(contract: Contract, create: Operation): Operation | undefined {
  const operationRaw =
    contract.document.paths && isObject(contract.document.paths)
      ? (contract.document.paths as Record<string, Record<string, unknown>>)[create.path]?.[create.method.toLowerCase()]
      : undefined;
  const responses = isObject(operationRaw) && isObject(operationRaw.responses) ? operationRaw.responses : {};
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2/.test(status) || !isObject(response) || !isObject(response.links)) continue;
    for (const link of Object.values(response.links)) {
      if (!isObject(link) || typeof link.operationId !== 'string') continue;
      const target = contract.operations.find((o) => o.id === link.operationId && o.method === 'GET');
      if (target) return target;
    }
  }
  return undefined;
}

/** The record's id in a create answer: the item parameter's name, or `id`, at the top or one wrapper down. */
export function idIn(body: unknown, parameter: string): string | undefined {
  const names = [parameter, 'id', parameter.replace(/_id$/, 'Id')];
  const look = (node: unknown, depth: number): string | undefined => {
    if (Array.isArray(node)) return depth > 0 ? look(node[0], depth - 1) : undefined;
    if (!isObject(node)) return undefined;
    for (const name of names) if (typeof node[name] === 'string' || typeof node[name] === 'number') return String(node[name]);
    if (depth === 0) return undefined;
    for (const value of Object.values(node)) {
      const found = look(value, depth - 1);
      if (found) return found;
    }
    return undefined;
  };
  return look(body, 2);
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Timestamps a server sets itself, which documents seldom mark read-only: `created_at`, `updatedAt`, `modified_on`. */
const SERVER_MANAGED = /^(created|updated|modified|deleted)(_at|At|_on|_date)?$/i;

/**
 * The scalar fields of a body, one wrapper deep (`{ user: {...} }` reads as the user's fields). Ids and references
 * to other records (`id`, `*_id`) are left out: a server may resolve or canonicalise a reference; so are the
 * timestamps a server manages.
 */
function scalars(body: unknown): Record<string, unknown> {
  if (!isObject(body)) return {};
  const entries = Object.entries(body);
  if (entries.length === 1 && isObject(entries[0][1])) return scalars(entries[0][1]);
  return Object.fromEntries(
    entries.filter(([k, v]) => (v === null || typeof v !== 'object') && !/(^id$|_id$|Id$)/.test(k) && !SERVER_MANAGED.test(k)),
  );
}

/** Equal as written and as read: exact for most values, the same instant for date-times, the same number for numeric text. */
function sameValue(written: unknown, read: unknown): boolean {
  if (written === read) return true;
  if (typeof written === 'string' && typeof read === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(written))
    return Date.parse(written) === Date.parse(read);
  if ((typeof written === 'number' || typeof read === 'number') && String(written) === String(read)) return true;
  return false;
}

/**
 * Stateful phase over one resource: create (a generated valid body), read it back and compare what was written
 * (read-only fields aside), update and read the change, find it in the list, delete and read a 404/410. The id
 * comes from the create answer (feedback), so reads hit the record just made. The record is deleted at the end,
 * also when a step fails.
 */
export async function statefulPhase(ctx: PhaseContext, resource: ResourceLinks): Promise<PhaseOutcome> {
  const outcome: PhaseOutcome = { violations: [], exchanges: [], sent: 0, discarded: 0, notes: [] };
  const validators = requestValidators(ctx.contract);
  const overrides = ctx.target.kind === 'sandbox' ? (await ctx.target.session()).values : undefined;
  const parameters = fcOptions({ kind: 'target', numRuns: ctx.examples });
  outcome.seed = parameters.seed;
  const sample = (operation: Operation, id?: string): GeneratedRequest | undefined => {
    // The created record's id is fed back as the item parameter, so every later call names that record.
    const fed = id === undefined ? overrides : { ...overrides, [resource.idParameter]: id };
    try {
      return fc
        .sample(requestArbitrary(ctx.contract, operation, { overrides: fed, livePaths: true }), { seed: parameters.seed, numRuns: 30 })
        .find((r) => !requestViolation(operation, r, validators));
    } catch (error) {
      if (error instanceof RequestPlanError) return undefined;
      throw error;
    }
  };
  const call = async (operation: Operation, request: GeneratedRequest): Promise<Exchange> => {
    const session = await ctx.target.session();
    const recorded = renderRequest(operation, styledParameters(ctx.contract, operation), request, {
      baseURL: ctx.target.baseURL,
      credentials: ctx.target.credential(session),
      security: operation.security,
    });
    const response = await ctx.target.send(recorded, ctx.target.timeout);
    outcome.sent += 1;
    return { request: recorded, response };
  };
  const fail = (operation: Operation, exchange: Exchange, rule: string, message: string) => {
    outcome.violations.push({
      check: 'generative-stateful',
      operation: operation.key,
      rule,
      status: exchange.response.status,
      message,
      docSource: operation.docSource,
      severity: 'error',
    });
    outcome.exchanges.push({ label: `${rule} (${operation.key})`, exchange, curl: curlCommand(exchange.request) });
  };
  const withId = (operation: Operation, id: string): GeneratedRequest | undefined => sample(operation, id);

  // A valid body may still be refused for what a schema cannot say (a duplicate e-mail, say): a few tries.
  let creates: GeneratedRequest[];
  try {
    creates = fc
      .sample(requestArbitrary(ctx.contract, resource.create, { overrides, livePaths: true }), { seed: parameters.seed, numRuns: 60 })
      .filter((r) => !requestViolation(resource.create, r, validators))
      .slice(0, 4);
    // The vendor's own example knows the rules a schema cannot say; generated bodies come after it.
    const example = exampleRequest(ctx.contract, resource.create, overrides);
    if (example && !requestViolation(resource.create, example, validators)) creates.splice(1, 0, example);
  } catch (error) {
    if (!(error instanceof RequestPlanError)) throw error;
    creates = [];
  }
  if (creates.length === 0) return { ...outcome, skipReason: `no valid request for ${resource.create.key}` };
  let created: GeneratedRequest | undefined;
  let createExchange: Exchange | undefined;
  for (const candidate of creates) {
    createExchange = await call(resource.create, candidate);
    if (createExchange.response.status >= 200 && createExchange.response.status < 300) {
      created = candidate;
      break;
    }
  }
  if (!created || !createExchange) {
    return {
      ...outcome,
      skipReason: `the create call answered ${createExchange?.response.status} to ${creates.length} valid request(s); the generative positive phase judges those answers`,
    };
  }
  const id = idIn(parse(createExchange.response.text), resource.idParameter);
  if (!id) return { ...outcome, skipReason: `the create answer carries no "${resource.idParameter}" or "id" to read the record back with` };
  let deleted = false;
  try {
    const readRequest = withId(resource.read, id);
    if (!readRequest) return { ...outcome, skipReason: `no valid request for ${resource.read.key}` };
    const read = await call(resource.read, readRequest);
    if (read.response.status !== 200)
      fail(
        resource.read,
        read,
        'created-record-not-found',
        `Received: ${read.response.status}\nExpected: 200 for the record ${id} just created`,
      );
    else {
      const written = scalars(created.body?.value);
      const stored = scalars(parse(read.response.text));
      for (const [name, value] of Object.entries(written)) {
        if (name in stored && !sameValue(value, stored[name]))
          fail(
            resource.read,
            read,
            'created-record-differs',
            `Field "${name}": written ${JSON.stringify(value)}, read ${JSON.stringify(stored[name])}`,
          );
      }
    }
    if (resource.list) {
      const listRequest = sample(resource.list);
      if (listRequest) {
        const list = await call(resource.list, listRequest);
        if (list.response.status === 200 && !list.response.text.includes(JSON.stringify(id)) && !list.response.text.includes(id)) {
          fail(resource.list, list, 'created-record-not-listed', `The list does not contain the record ${id} just created`);
        }
      }
    }
    if (resource.update) {
      const update = withId(resource.update, id);
      if (update) {
        const updated = await call(resource.update, update);
        if (updated.response.status >= 200 && updated.response.status < 300) {
          const again = await call(resource.read, readRequest);
          const stored = scalars(parse(again.response.text));
          for (const [name, value] of Object.entries(scalars(update.body?.value))) {
            if (name in stored && !sameValue(value, stored[name]))
              fail(
                resource.read,
                again,
                'update-not-visible',
                `Field "${name}": updated to ${JSON.stringify(value)}, read ${JSON.stringify(stored[name])}`,
              );
          }
        }
      }
    }
    if (resource.remove) {
      const removal = withId(resource.remove, id);
      if (removal) {
        const removed = await call(resource.remove, removal);
        if (removed.response.status >= 200 && removed.response.status < 300) {
          deleted = true;
          const gone = await call(resource.read, readRequest);
          const documentsGone = resource.read.responses.some((r) => r.status === '404' || r.status === '410');
          const goneOk = documentsGone
            ? gone.response.status === 404 || gone.response.status === 410
            : gone.response.status >= 400 && gone.response.status < 500;
          if (!goneOk)
            fail(
              resource.read,
              gone,
              'deleted-record-still-readable',
              `Received: ${gone.response.status}\nExpected: ${documentsGone ? '404 or 410' : 'a 4xx'} after deleting ${id}`,
            );
        }
      }
    }
  } finally {
    if (!deleted && resource.remove) {
      const removal = withId(resource.remove, id);
      if (removal) await call(resource.remove, removal).catch(() => undefined);
      else outcome.notes.push(`the record ${id} could not be deleted: no valid delete request`);
    }
    if (!resource.remove) outcome.notes.push(`the contract documents no DELETE for ${resource.read.path}; the record ${id} stays`);
  }
  return outcome;
}

export type { Violation };
