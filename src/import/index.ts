import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { stringify } from 'yaml';
import { isObject } from '../core/pointer.ts';
import { readBlueprint } from './blueprint.ts';
import { buildContract } from './build.ts';
import { ImportError, ImportErrorCode } from './errors.ts';
import type { SourceDocument } from './model.ts';
import { readPostman } from './postman.ts';

export { ImportError, ImportErrorCode } from './errors.ts';
export type { SourceDocument } from './model.ts';

/** A vendor document larger than this is refused before it is read: no published collection comes near it. */
export const MAX_SOURCE_BYTES = 32 * 1024 * 1024;

export interface ReadOptions {
  /** The document's public URL, for `x-doc-source.url` (a Postman documenter page names its own). */
  url?: string;
}

/** Reads a vendor document from disk: a Postman collection (v2.0/v2.1, or a documenter page's JSON) or an API Blueprint. */
export async function readSource(file: string, options: ReadOptions = {}): Promise<{ source: SourceDocument; text: string }> {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_SOURCE_BYTES)
      throw new ImportError(
        ImportErrorCode.unreadable,
        `${file} is ${Math.round(size / 1048576)} MB; the importer reads documents up to 32 MB`,
      );
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(
      ImportErrorCode.unreadable,
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return { source: await parseSource(text.replace(/^\uFEFF/, ''), file, options), text };
}

/** Reads a vendor document from its text; `name` only labels messages. */
export async function parseSource(text: string, name: string, options: ReadOptions = {}): Promise<SourceDocument> {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      throw new ImportError(ImportErrorCode.invalid, `${name} is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
    }
    if (isPostman(json)) return readPostman(json as Record<string, unknown>, options);
    if (isObject(json) && (json.openapi !== undefined || json.swagger !== undefined))
      throw new ImportError(
        ImportErrorCode.unknownFormat,
        `${name} is already an OpenAPI document: drop it into contracts/ as it is (see "Any vendor's OpenAPI document" in the README)`,
      );
    if (isObject(json) && Array.isArray(json.requests))
      throw new ImportError(
        ImportErrorCode.unknownFormat,
        `${name} is a Postman collection v1: open it in Postman and export it as Collection v2.1, then import that file`,
      );
    throw new ImportError(
      ImportErrorCode.unknownFormat,
      `${name} is JSON but not a Postman collection (no info.schema of getpostman.com, no item list)`,
    );
  }
  if (isBlueprint(text)) return readBlueprint(text, options);
  throw new ImportError(
    ImportErrorCode.unknownFormat,
    `${name} is neither a Postman collection (JSON) nor an API Blueprint (FORMAT: 1A, or "## Name [GET /path]" sections)`,
  );
}

function isPostman(json: unknown): boolean {
  if (!isObject(json)) return false;
  const collection = isObject(json.collection) && json.item === undefined ? json.collection : json;
  const info = isObject(collection.info) ? collection.info : undefined;
  return (
    !!info &&
    (/getpostman\.com\/json\/collection\/v2/.test(String(info.schema ?? '')) ||
      (Array.isArray(collection.item) && typeof info.name === 'string'))
  );
}

const isBlueprint = (text: string): boolean =>
  /^FORMAT:\s*1A/im.test(text) ||
  /^#{1,6} .*\[(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)( [^\]]*)?\]\s*$/m.test(text) ||
  /^#{1,6} .*\[\/[^\]]*\]\s*$/m.test(text);

export interface ImportResult {
  source: SourceDocument;
  document: Record<string, unknown>;
  /** The contract as written: YAML, the same bytes for the same document. */
  yaml: string;
}

/**
 * Imports a vendor document into a draft contract. `sourcePath` is how the contract names the source file,
 * relative to the contract's folder (`info.x-imported-from.file`); the import is a pure function of the text.
 */
export async function importText(text: string, sourcePath: string, options: ReadOptions = {}): Promise<ImportResult> {
  const source = await parseSource(text.replace(/^\uFEFF/, ''), sourcePath, options);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const document = buildContract(source, { file: sourcePath, sha256 });
  return { source, document, yaml: toYaml(document, source) };
}

/** The YAML text of a contract: no anchors (each node written out), folded at 120 columns, a header comment. */
export function toYaml(document: Record<string, unknown>, source: SourceDocument): string {
  const header = [
    `# Draft contract imported from ${source.documentName} by \`npm run contracts:import\`.`,
    '# Re-importing the same document gives this file byte for byte; review every x-provenance before relying on it.',
  ].join('\n');
  return `${header}\n${stringify(document, { aliasDuplicateObjects: false, lineWidth: 120 })}`;
}
