/**
 * What a request does to a live target, read from the contract: a read, a create, a write to one record, a write
 * to a singleton (a configuration named by the integration's own ids), or an operation on a credential (minting,
 * revoking or rotating one). The sandbox guard (guard.ts) decides from this what a run may send.
 *
 * These are the engine's own rules, not the vendor's: a document rarely says "this revokes the caller's token". The
 * contract can state it (`x-credential-effect`); otherwise the engine infers it from names, and every inference errs
 * on the side of touching less.
 */
import type { Contract, Operation } from '../contract/types.ts';
import { get, isObject, resolve } from '../core/pointer.ts';
import { resourceOf, type ResourceLinks } from '../generate/phases/resources.ts';
import { isReadMethod } from '../core/wire.ts';

export type WriteKind = 'read' | 'create' | 'item-write' | 'singleton-write' | 'credential-mint' | 'credential-effect';

export interface WriteClass {
  kind: WriteKind;
  /** Why the operation is taken to be of this kind (shown in skip reasons and in the run's opening lines). */
  reason: string;
  /** `credential-effect`: whether it revokes or rotates, and the parameters that carry the credential it acts on. */
  effect?: 'revokes' | 'rotates';
  credentialParameters?: string[];
  /** `item-write`: the path parameters that name records (enum-valued ones name none). */
  recordParameters?: string[];
  /** `singleton-write`: the singleton's read and removal, where the contract documents them. */
  singleton?: { read?: Operation; remove?: Operation };
  /** `create`: the resource whose records it creates, where the contract shows its item operations. */
  resource?: ResourceLinks;
}

/** `refreshToken` → `refresh_token`, `API-Key` → `api_key`. */
export const snakeName = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();

/** A name that carries a credential: `refresh_token`, `api_key`, `client_secret`, `password`, `request_key`. */
export function isCredentialName(name: string): boolean {
  const words = snakeName(name).split('_');
  const joined = words.join('_');
  return (
    words.some((w) => ['token', 'secret', 'password', 'passwd', 'apikey', 'credential', 'credentials'].includes(w)) ||
    /(^|_)(api|app|access|request|private|signing|secret)_key($|_)/.test(joined)
  );
}

const REVOKING = /^(revoke|revocation|logout|signout|invalidate|deauthorize|deauthorise|disconnect)$/;
const ROTATING = /^(rotate|regenerate|roll|reissue|reset)$/;
const CREDENTIAL_NOUN =
  /^(token|tokens|key|keys|apikey|apikeys|secret|secrets|credential|credentials|password|session|sessions|oauth|auth)$/;

/** Words of the path (without parameters) and operationId: `/oauth/revoke` → oauth, revoke. */
function wordsOf(operation: Operation): string[] {
  const path = operation.path.replace(/\{[^}]+\}/g, ' ');
  const id = operation.hasOperationId ? operation.id : '';
  return snakeName(`${path} ${id}`.replace(/log[-_ ]?out/gi, 'logout').replace(/sign[-_ ]?out/gi, 'signout'))
    .split('_')
    .filter(Boolean);
}

/** The contract's own statement, `x-credential-effect: revokes` or `{ effect: revokes, credential: refresh_token }`. */
function declaredEffect(contract: Contract, operation: Operation): { effect: string; credential?: string } | undefined {
  const raw = get(contract.document, operation.pointer);
  const mark = isObject(raw) ? raw['x-credential-effect'] : undefined;
  if (typeof mark === 'string') return { effect: mark };
  if (isObject(mark) && typeof mark.effect === 'string')
    return { effect: mark.effect, credential: typeof mark.credential === 'string' ? mark.credential : undefined };
  return undefined;
}

/** Paths of the contract's OAuth 2 token and refresh URLs (`/o/token/`). */
function tokenPaths(contract: Contract): Set<string> {
  const schemes = get(contract.document, '#/components/securitySchemes');
  const paths = new Set<string>();
  if (!isObject(schemes)) return paths;
  for (const scheme of Object.values(schemes)) {
    if (!isObject(scheme) || !isObject(scheme.flows)) continue;
    for (const flow of Object.values(scheme.flows)) {
      if (!isObject(flow)) continue;
      for (const url of [flow.tokenUrl, flow.refreshUrl]) {
        if (typeof url !== 'string') continue;
        try {
          paths.add(new URL(url, 'http://relative.invalid').pathname.replace(/\/+$/, ''));
        } catch {
          /* an unreadable URL names no path */
        }
      }
    }
  }
  return paths;
}

/**
 * True when a request body of the operation has a `grant_type` field (in its schema, through `$ref`s and the
 * branches of compositions, or in an example): an OAuth 2 token request (RFC 6749 §4).
 */
function takesGrantType(contract: Contract, operation: Operation): boolean {
  const hasField = (schema: unknown, depth: number): boolean => {
    if (!isObject(schema) || depth > 6) return false;
    if (typeof schema.$ref === 'string') return hasField(resolve(contract.document, schema.$ref).value, depth + 1);
    if (isObject(schema.properties) && 'grant_type' in schema.properties) return true;
    return ['allOf', 'oneOf', 'anyOf'].some(
      (key) => Array.isArray(schema[key]) && (schema[key] as unknown[]).some((b) => hasField(b, depth + 1)),
    );
  };
  return (operation.requestBody?.content ?? []).some(
    (media) => hasField(schemaOf(contract, media), 0) || media.examples.some((e) => isObject(e.value) && 'grant_type' in e.value),
  );
}

const enumValued = (contract: Contract, operation: Operation, name: string): boolean => {
  const parameter = operation.parameters.find((p) => p.in === 'path' && p.name === name);
  const schema = parameter?.schemaPointer ? resolve(contract.document, parameter.schemaPointer).value : parameter?.schema;
  return isObject(schema) && (Array.isArray(schema.enum) || 'const' in schema);
};

const classCache = new WeakMap<Operation, WriteClass>();

/** The kind of one operation; remembered per loaded operation. */
export function writeClassOf(contract: Contract, operation: Operation): WriteClass {
  let known = classCache.get(operation);
  if (!known) classCache.set(operation, (known = classify(contract, operation)));
  return known;
}

function classify(contract: Contract, operation: Operation): WriteClass {
  const declared = declaredEffect(contract, operation);
  const pathParameters = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  if (declared?.effect === 'mints') return { kind: 'credential-mint', reason: 'the contract marks it x-credential-effect: mints' };
  if (declared?.effect === 'revokes' || declared?.effect === 'rotates') {
    const named = declared.credential ? [declared.credential] : credentialCarriers(contract.document, operation);
    return {
      kind: 'credential-effect',
      effect: declared.effect,
      credentialParameters: named,
      reason: `the contract marks it x-credential-effect: ${declared.effect}`,
    };
  }
  if (isReadMethod(operation.method)) return { kind: 'read', reason: `${operation.method} reads` };
  if (tokenPaths(contract).has(operation.path.replace(/\/+$/, '')) || takesGrantType(contract, operation))
    return { kind: 'credential-mint', reason: 'an OAuth 2 token request (a token URL of the contract, or a grant_type field)' };
  const carriers = pathParameters.filter(isCredentialName);
  if (carriers.length > 0)
    return {
      kind: 'credential-effect',
      effect: wordsOf(operation).some((w) => ROTATING.test(w)) ? 'rotates' : 'revokes',
      credentialParameters: carriers,
      reason: `its path carries a credential (${carriers.map((c) => `{${c}}`).join(', ')})`,
    };
  const words = wordsOf(operation);
  const verb = words.find((w) => REVOKING.test(w) || ROTATING.test(w));
  if (verb && (REVOKING.test(verb) ? true : words.some((w) => CREDENTIAL_NOUN.test(w))))
    return {
      kind: 'credential-effect',
      effect: ROTATING.test(verb) ? 'rotates' : 'revokes',
      credentialParameters: credentialCarriers(contract.document, operation),
      reason: `its path or operationId says "${verb}"`,
    };
  if (pathParameters.length > 0) {
    return {
      kind: 'item-write',
      recordParameters: pathParameters.filter((name) => !enumValued(contract, operation, name)),
      reason: `${operation.method} on a record named by its path`,
    };
  }
  const samePath = (method: string) => contract.operations.find((o) => o.path === operation.path && o.method === method);
  const read = samePath('GET');
  if (operation.method === 'POST') {
    const resource = resourceOf(contract, operation);
    if (resource?.kind === 'collection') return { kind: 'create', resource, reason: `creates a record of ${resource.read?.path}` };
    // A POST beside a GET that answers a list adds to that list; beside one that answers one object it sets it.
    if (resource?.kind === 'singleton' && !(read && answersList(contract, read)))
      return {
        kind: 'singleton-write',
        singleton: { read: resource.read, remove: resource.remove },
        reason: 'sets the one record at its path (read and written on the same path)',
      };
    return { kind: 'create', resource, reason: 'a POST to a path without parameters' };
  }
  return {
    kind: 'singleton-write',
    singleton: { read, remove: samePath('DELETE') },
    reason: `${operation.method} on a path without parameters changes whatever that path names`,
  };
}

/** Query, header and body parameters named like the credential an operation acts on (`token`, `refresh_token`). */
function credentialCarriers(document: unknown, operation: Operation): string[] {
  const acted = (name: string) => /(^|_)(token|refresh_token|access_token|api_key|apikey|key|secret)$/.test(snakeName(name));
  const authenticating = (name: string) => /^(client|app)_(id|secret|key)$/.test(snakeName(name));
  const names = operation.parameters.map((p) => p.name);
  for (const media of operation.requestBody?.content ?? []) {
    const schema = media.schemaPointer ? resolve(document, media.schemaPointer).value : media.schema;
    if (isObject(schema) && isObject(schema.properties)) names.push(...Object.keys(schema.properties));
  }
  return [...new Set(names.filter((n) => acted(n) && !authenticating(n)))];
}

/** True when the operation's 2xx answers a list: an array, or an envelope whose only array holds the records. */
function answersList(contract: Contract, read: Operation): boolean {
  const success = read.responses.find((r) => /^2/.test(r.status));
  const media = success?.content.find((m) => /json/i.test(m.mediaType)) ?? success?.content[0];
  const schema = media ? schemaOf(contract, media) : undefined;
  return isObject(schema) && schema.type === 'array';
}

/** A media type's schema with its `$ref` chain followed. */
function schemaOf(contract: Contract, media: { schema?: unknown; schemaPointer?: string }): unknown {
  if (media.schemaPointer) return resolve(contract.document, media.schemaPointer).value;
  return media.schema;
}
