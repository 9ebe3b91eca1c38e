import type { Contract, Operation } from '../../contract/types.ts';
import { isObject } from '../../core/pointer.ts';
import { declaredProvenance, type Provenance } from '../../contract/provenance.ts';

/**
 * A resource's operations inferred from the paths. `collection`: create on the collection, read/update/delete on
 * the item path that names the created record. `singleton`: one record per path (a configuration, a registration),
 * written by a POST and read or removed on the same path, keyed by query parameters rather than a path segment.
 */
export interface ResourceLinks {
  kind: 'collection' | 'singleton';
  create: Operation;
  list?: Operation;
  read?: Operation;
  update?: Operation;
  remove?: Operation;
  /** The item path's parameter that names the record (collections only). */
  idParameter?: string;
}

/** A path without its `.json`/`.xml` suffix and trailing slashes: `/clients.json` → `/clients`. */
export const stem = (path: string): string => path.replace(/\.(json|xml)$/, '').replace(/\/+$/, '');

/** An item path's collection and the parameter that names the record (`/pets/{petId}.json` → `/pets`, `petId`). */
export function itemPathOf(path: string): { collection: string; parameter: string } | undefined {
  const match = stem(path).match(/^(.*)\/\{([^}]+)\}$/);
  return match ? { collection: match[1], parameter: match[2] } : undefined;
}

const singular = (word: string) => word.replace(/ies$/, 'y').replace(/s$/, '');
const hasPathParameter = (path: string) => /\{[^}]+\}/.test(path);

/**
 * Infers the resource behind a POST without path parameters: the item path is the collection path plus one
 * `{parameter}` segment (a `.json` suffix and a singular collection name allowed: `/clients.json` →
 * `/client/{client_id}.json`), or the operation an OpenAPI `links` entry of the create response names. Without an
 * item path, a GET or DELETE on the POST's own path makes it a singleton (set, then get or remove, the same record).
 */
export function resourceOf(contract: Contract, create: Operation): ResourceLinks | undefined {
  if (create.method !== 'POST' || hasPathParameter(create.path)) return undefined;
  const base = stem(create.path);
  const head = base.slice(0, base.lastIndexOf('/') + 1);
  const last = base.slice(base.lastIndexOf('/') + 1);
  const candidates = [base, `${head}${singular(last)}`];
  const items = contract.operations.filter((o) => {
    const item = itemPathOf(o.path);
    return item !== undefined && candidates.includes(item.collection);
  });
  const linked = linkedRead(contract, create);
  const read = linked ?? items.find((o) => o.method === 'GET');
  const idParameter = read ? stem(read.path).match(/\{([^}]+)\}$/)?.[1] : undefined;
  if (read && idParameter) {
    const sameItem = (o: Operation) => o.path === read.path;
    return {
      kind: 'collection',
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
  const samePath = (method: string) => contract.operations.find((o) => o.path === create.path && o.method === method);
  const singletonRead = samePath('GET');
  const singletonRemove = samePath('DELETE');
  if (!singletonRead && !singletonRemove) return undefined;
  return { kind: 'singleton', create, read: singletonRead, remove: singletonRemove };
}

/** The GET named by an OpenAPI `links` entry of the create operation's success response. */
function linkedRead(contract: Contract, create: Operation): Operation | undefined {
  const operationRaw = rawOperation(contract, create);
  const responses = isObject(operationRaw) && isObject(operationRaw.responses) ? operationRaw.responses : {};
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2/.test(status) || !isObject(response) || !isObject(response.links)) continue;
    for (const link of Object.values(response.links)) {
      if (!isObject(link) || typeof link.operationId !== 'string') continue;
      const target = contract.operations.find((o) => o.id === link.operationId && o.method === 'GET');
      if (target && hasPathParameter(target.path)) return target;
    }
  }
  return undefined;
}

function rawOperation(contract: Contract, operation: Operation): unknown {
  const paths = contract.document.paths;
  return isObject(paths) && isObject(paths[operation.path])
    ? (paths[operation.path] as Record<string, unknown>)[operation.method.toLowerCase()]
    : undefined;
}

/**
 * Where the rule "a read returns what was written" comes from for this read operation. Few documents state it;
 * the contract says so with `x-read-after-write: { x-provenance: documented }` on the read operation. Without it
 * the rule is assumed, and a read that differs is a finding about the contract, not a vendor violation.
 */
export function readAfterWriteProvenance(contract: Contract, read: Operation): Provenance {
  const raw = rawOperation(contract, read);
  const declared = isObject(raw) ? declaredProvenance(raw['x-read-after-write']) : undefined;
  return (
    declared ?? {
      kind: 'assumed',
      decision:
        'the document does not state that a read returns the values written; the round trip is the usual reading of a create and a read on the same record',
    }
  );
}
