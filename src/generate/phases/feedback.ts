import type { Contract, Operation } from '../../contract/types.ts';
import { parseJsonOrUndefined } from '../../core/json.ts';
import { isObject } from '../../core/pointer.ts';
import type { Exchange } from '../../core/wire.ts';
import { itemPathOf, stem } from './resources.ts';

/**
 * Values seen in answers, by path parameter name, per target: the ids a list returned feed the item operations'
 * path parameters, so generated requests name records that exist instead of drawing 404s. Bounded per name.
 */
export class KnownValues {
  private readonly byName = new Map<string, unknown[]>();
  constructor(private readonly limit = 16) {}

  add(name: string, value: unknown): void {
    const list = this.byName.get(name) ?? [];
    if (list.length >= this.limit || list.some((v) => v === value)) return;
    list.push(value);
    this.byName.set(name, list);
  }

  get(name: string): unknown[] {
    return this.byName.get(name) ?? [];
  }

  /** The known values of these names, for `requestArbitrary`'s `known`; names without values are left out. */
  for(names: string[]): Record<string, unknown[]> {
    return Object.fromEntries(names.filter((n) => this.get(n).length > 0).map((n) => [n, this.get(n)]));
  }
}

const stores = new Map<string, KnownValues>();

/** The store of one target (by project name): values seen by one phase serve the later phases of the same worker. */
export function knownValuesFor(project: string): KnownValues {
  let store = stores.get(project);
  if (!store) stores.set(project, (store = new KnownValues()));
  return store;
}

const pathParameters = (operation: Operation) => operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);

/**
 * Where the values of a path parameter come from: the parameter's own name anywhere in an answer (`user_id`,
 * `userId`), and `id` in the answers of the collection the item path extends (`/pets` answers ids for
 * `/pets/{petId}`).
 */
function sourcesOf(contract: Contract, answered: Operation): { key: string; parameter: string }[] {
  const names = new Set(contract.operations.flatMap(pathParameters));
  const out: { key: string; parameter: string }[] = [];
  for (const name of names) {
    out.push({ key: name, parameter: name });
    const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    if (camel !== name) out.push({ key: camel, parameter: name });
  }
  const base = stem(answered.path);
  for (const operation of contract.operations) {
    const item = itemPathOf(operation.path);
    if (
      item &&
      (item.collection === base || item.collection === base.replace(/s$/, '')) &&
      !out.some((s) => s.key === 'id' && s.parameter === item.parameter)
    )
      out.push({ key: 'id', parameter: item.parameter });
  }
  return out;
}

/** Records the scalar values of a 2xx JSON answer that name path parameters of the contract (three levels deep). */
export function harvest(contract: Contract, operation: Operation, exchange: Exchange, store: KnownValues): void {
  if (exchange.response.status < 200 || exchange.response.status >= 300) return;
  if (!/json/i.test(exchange.response.headers['content-type'] ?? '')) return;
  const body = parseJsonOrUndefined(exchange.response.text);
  if (body === undefined) return;
  const sources = sourcesOf(contract, operation);
  if (sources.length === 0) return;
  const visit = (node: unknown, depth: number) => {
    if (depth > 3) return;
    if (Array.isArray(node)) {
      for (const item of node.slice(0, 8)) visit(item, depth + 1);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if ((typeof value === 'string' && value !== '') || typeof value === 'number')
        for (const source of sources) if (source.key === key) store.add(source.parameter, value);
      if (typeof value === 'object' && value !== null) visit(value, depth + 1);
    }
  };
  visit(body, 0);
}

/**
 * The GET whose answer lists the records an item operation names: the collection path the item path extends
 * (`/pets` for `/pets/{petId}`, `/clients.json` for `/client/{client_id}.json`), itself without path parameters.
 */
export function listFor(contract: Contract, operation: Operation): Operation | undefined {
  const item = itemPathOf(operation.path);
  if (!item) return undefined;
  return contract.operations.find(
    (o) =>
      o.method === 'GET' &&
      o !== operation &&
      pathParameters(o).length === 0 &&
      [item.collection, `${item.collection}s`, item.collection.replace(/y$/, 'ies')].includes(stem(o.path)),
  );
}

export { pathParameters };
