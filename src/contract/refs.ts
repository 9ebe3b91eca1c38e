import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { ContractError, ContractErrorCode } from './errors.ts';
import { escapeToken, isObject } from '../core/pointer.ts';

/**
 * Where a contract may read from. A vendor document dropped into `contracts/` is untrusted: a `$ref` may name
 * `/etc/passwd`, `../../secrets.env` or a URL, and whatever it names ends up in the mock's answers and in the
 * report. Files are confined to the contract's own folder (symbolic links followed), and the network is refused
 * unless `CONTRACT_REMOTE_REFS=1`.
 */
export interface RefScope {
  /** The real path of the folder that holds the contract. */
  root: string;
  /** The contract's path as shown in messages. */
  shown: string;
  allowRemote: boolean;
  /** The first refusal seen inside the ref parser, which wraps resolver errors in its own. */
  refused?: ContractError;
  /** Every external file read, for the cache key. */
  files: Set<string>;
}

export function refScope(file: string, shown: string, env: NodeJS.ProcessEnv = process.env): RefScope {
  return { root: realOrSelf(dirname(resolve(file))), shown, allowRemote: env.CONTRACT_REMOTE_REFS === '1', files: new Set() };
}

const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/** Throws `CONTRACT_REF_OUTSIDE` for the first `$ref` in `document` (read from `baseFile`) that leaves the scope. */
export function assertRefsConfined(document: unknown, baseFile: string, scope: RefScope, label = scope.shown): void {
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${pointer}/${i}`));
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${escapeToken(key)}`;
      if (key === '$ref' && typeof value === 'string') checkRef(value, baseFile, scope, label, at);
      else walk(value, at);
    }
  };
  walk(document, '#');
}

function checkRef(ref: string, baseFile: string, scope: RefScope, label: string, pointer: string): void {
  if (ref.startsWith('#')) return;
  const scheme = SCHEME.exec(ref)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'file') {
    if ((scheme === 'http' || scheme === 'https') && scope.allowRemote) return;
    throw outside(label, pointer, `$ref "${ref}" reaches the network; set CONTRACT_REMOTE_REFS=1 to allow remote references`);
  }
  const path = ref.split('#')[0];
  if (path === '') return;
  const target = scheme === 'file' ? fileURLToPath(path) : resolve(dirname(baseFile), decodeURIComponent(path));
  if (!isInside(scope.root, realOrSelf(target))) {
    throw outside(label, pointer, `$ref "${ref}" reads outside the contract's folder; keep referenced files next to the contract`);
  }
}

const outside = (label: string, pointer: string, detail: string): ContractError =>
  new ContractError(ContractErrorCode.refOutside, label, pointer, detail);

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const toPath = (url: string): string => (url.startsWith('file:') ? fileURLToPath(url) : url);

/**
 * Resolver options for swagger-parser (json-schema-ref-parser `resolve`): an external file is read only when it
 * lies inside the scope, and its own `$ref`s are checked before the parser follows them; URLs are refused
 * unless remote references are allowed.
 */
export function confinedResolvers(scope: RefScope): Record<string, unknown> {
  return {
    external: true,
    file: {
      order: 1,
      canRead: (file: { url: string }) => !/^https?:/i.test(file.url),
      read(file: { url: string }): string {
        const path = toPath(file.url.split('#')[0]);
        const real = realOrSelf(path);
        const label = relative(scope.root, real) || real;
        try {
          if (!isInside(scope.root, real)) throw outside(scope.shown, '#', `$ref to "${path}" reads outside the contract's folder`);
          const text = readFileSync(real, 'utf8');
          scope.files.add(real);
          let parsed: unknown;
          try {
            parsed = parseYaml(text, { maxAliasCount: 100 });
          } catch {
            return text; // the parser reports it
          }
          assertRefsConfined(parsed, real, scope, label);
          return text;
        } catch (error) {
          if (error instanceof ContractError) scope.refused ??= error;
          throw error;
        }
      },
    },
    // Remote references keep the parser's own HTTP resolver when allowed.
    ...(scope.allowRemote
      ? {}
      : {
          http: {
            order: 2,
            canRead: (file: { url: string }) => /^https?:/i.test(file.url),
            read(file: { url: string }): never {
              const error = outside(
                scope.shown,
                '#',
                `$ref "${file.url}" reaches the network; set CONTRACT_REMOTE_REFS=1 to allow remote references`,
              );
              scope.refused ??= error;
              throw error;
            },
          },
        }),
  };
}
