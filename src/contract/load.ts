import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname, relative, resolve } from 'node:path';
import type SwaggerParserType from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { ContractError, ContractErrorCode } from './errors.ts';
import { docSourceOf, listOperations } from './operations.ts';
import { isObject, unescapeToken } from '../core/pointer.ts';
import { assertRefsConfined, confinedResolvers, refScope, type RefScope } from './refs.ts';
import type { Contract, ContractFormat, ContractProblem } from './types.ts';

/**
 * The parser and the Swagger 2.0 converter are imported when a contract is parsed, not when this module is: a
 * worker that finds its contract in the disk cache never parses, and importing them cost each worker and each
 * nested run 100-150 ms.
 */
const swaggerParser = async (): Promise<typeof SwaggerParserType> => (await import('@apidevtools/swagger-parser')).default;

export const CONTRACT_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The project name of a contract file: `contracts/sikka.yaml` → `sikka`. */
export const vendorOf = (file: string): string => basename(file, extname(file));

const displayPath = (file: string): string => relative(process.cwd(), file) || file;

/**
 * The one way in for contracts: reads, validates (swagger-parser) and flattens a contract file.
 * Throws `ContractError` naming the file and JSON pointer when the document cannot be used. `$ref`s may read
 * files in the contract's own folder only (src/contract/refs.ts); `externalFiles` collects those read.
 */
export async function loadContract(file: string, externalFiles?: Set<string>): Promise<Contract> {
  const shown = displayPath(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ContractError(ContractErrorCode.unreadable, shown, '#', (error as Error).message);
  }
  const parsed = parseDocument(text, shown);
  const format = formatOf(parsed, shown);
  // Refused before any parser follows a reference: nothing outside the contract's folder is read.
  const scope = refScope(file, shown);
  assertRefsConfined(parsed, resolve(file), scope);
  await validate(parsed, file, scope);

  let document: Record<string, unknown>;
  try {
    const openapi = format === 'swagger-2.0' ? await toOpenApi3(parsed, shown) : parsed;
    document = isSelfContained(openapi)
      ? openapi
      : ((await (
          await swaggerParser()
        ).bundle(resolve(file), structuredClone(openapi) as never, parserOptions(scope))) as unknown as Record<string, unknown>);
  } catch (error) {
    throw scope.refused ?? (error instanceof ContractError ? error : refError(error, shown));
  }
  for (const read of scope.files) externalFiles?.add(read);
  const problems: ContractProblem[] = [];
  const { operations, webhooks } = listOperations(document, problems);
  const info = isObject(document.info) ? document.info : {};
  return {
    vendor: vendorOf(file),
    file: shown,
    format,
    title: typeof info.title === 'string' ? info.title : vendorOf(file),
    version: typeof info.version === 'string' ? info.version : String(info.version ?? ''),
    hash: createHash('sha256').update(text).digest('hex'),
    document,
    operations,
    webhooks,
    servers: Array.isArray(document.servers) ? document.servers.filter(isObject).map((s) => String(s.url)) : [],
    vendorRules: isObject(document['x-vendor-rules']) ? document['x-vendor-rules'] : {},
    docSource: docSourceOf(info),
    problems,
  };
}

/**
 * True when the document is already what bundling makes of it: every `$ref` is a local pointer that reaches its
 * target by plain JSON-pointer lookup, without passing through another `$ref` (which the ref parser would follow
 * and plain lookup would not), without percent-encoding, and no schema has an `$id` of its own. Bundling such a document changes at most how a chain of
 * references is spelt (`A → B` becomes `B`), while the ref parser looks every reference up in a list of those it
 * has seen, which grows with the square of the references: 2.6 of the 3.8 s a 5,000-operation document took to load.
 */
export function isSelfContained(document: unknown): boolean {
  const refs: string[] = [];
  let resources = false;
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (isObject(node))
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') refs.push(value);
        // A schema with its own `$id` (OpenAPI 3.1) is a resource of its own: a fragment inside it resolves against
        // it, not against the document, which only the ref parser knows how to follow.
        else if (key === '$id' && typeof value === 'string') resources = true;
        else collect(value);
      }
  };
  collect(document);
  return !resources && refs.every((ref) => reachesPlainly(document, ref));
}

function reachesPlainly(document: unknown, ref: string): boolean {
  if (ref === '#') return true;
  if (!ref.startsWith('#/') || ref.includes('%')) return false;
  let node = document;
  for (const token of ref.slice(2).split('/')) {
    if (!isObject(node) && !Array.isArray(node)) return false;
    if (isObject(node) && typeof node.$ref === 'string') return false;
    const key = unescapeToken(token);
    if (!Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * Swagger 2.0 documents are read as OpenAPI 3.0 (swagger2openapi, the converter of the oas-kit tools), so
 * that one code path serves every format; Prism mocks the original file itself.
 */
async function toOpenApi3(document: Record<string, unknown>, shown: string): Promise<Record<string, unknown>> {
  try {
    const { openapi } = await (
      await import('swagger2openapi')
    ).default.convertObj(structuredClone(document), { patch: true, warnOnly: true, resolve: false });
    shareResponseSchemas(openapi as Record<string, unknown>);
    return openapi as Record<string, unknown>;
  } catch (error) {
    throw new ContractError(
      ContractErrorCode.invalid,
      shown,
      '#',
      `Swagger 2.0 document could not be converted: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

/**
 * A 2.0 response's `examples` are keyed by media type, and the converter gives each such media type an entry
 * without a schema (the schema stays under the `produces` types). The schema applies to every media type of
 * the response, so it is shared with those entries.
 */
function shareResponseSchemas(document: Record<string, unknown>): void {
  for (const item of Object.values(isObject(document.paths) ? document.paths : {})) {
    for (const operation of Object.values(isObject(item) ? item : {})) {
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const response of Object.values(operation.responses)) {
        if (!isObject(response) || !isObject(response.content)) continue;
        const media = Object.values(response.content).filter(isObject);
        const schema = media.find((m) => m.schema !== undefined)?.schema;
        if (schema !== undefined) for (const m of media) m.schema ??= schema;
      }
    }
  }
}

function parseDocument(text: string, shown: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new ContractError(ContractErrorCode.unparsable, shown, '#', `not valid YAML or JSON: ${message}`);
  }
  if (!isObject(parsed)) throw new ContractError(ContractErrorCode.notOpenApi, shown, '#', 'the document is not an object');
  return parsed;
}

function formatOf(document: Record<string, unknown>, shown: string): ContractFormat {
  const openapi = String(document.openapi ?? '');
  if (openapi.startsWith('3.1')) return 'openapi-3.1';
  if (openapi.startsWith('3.0')) return 'openapi-3.0';
  if (String(document.swagger ?? '') === '2.0') return 'swagger-2.0';
  throw new ContractError(
    ContractErrorCode.notOpenApi,
    shown,
    '#',
    'no `openapi: 3.x` or `swagger: "2.0"` field: only OpenAPI 3.0, 3.1 and Swagger 2.0 documents are supported',
  );
}

/** Relative references resolve against the contract's own path, through the confined resolvers. */
const parserOptions = (scope: RefScope): SwaggerParserType.Options => ({ resolve: confinedResolvers(scope) }) as SwaggerParserType.Options;

async function validate(document: Record<string, unknown>, file: string, scope: RefScope): Promise<void> {
  const shown = scope.shown;
  try {
    await (await swaggerParser()).validate(resolve(file), structuredClone(document) as never, parserOptions(scope));
  } catch (error) {
    if (scope.refused) throw scope.refused;
    const details = (error as { details?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[] }).details;
    if (Array.isArray(details) && details.length > 0) {
      const messages = details.map((d) => `#${d.instancePath ?? ''}: ${d.message ?? 'invalid'}${paramsHint(d.params)}`);
      const [first] = details;
      throw new ContractError(
        ContractErrorCode.invalid,
        shown,
        `#${first.instancePath ?? ''}`,
        `${first.message ?? 'invalid'}${paramsHint(first.params)}`,
        messages.slice(1),
      );
    }
    throw refError(error, shown);
  }
}

function paramsHint(params: Record<string, unknown> | undefined): string {
  if (!params) return '';
  const value = params.missingProperty ?? params.unevaluatedProperty ?? params.additionalProperty ?? params.allowedValues;
  return value === undefined ? '' : ` (${JSON.stringify(value)})`;
}

function refError(error: unknown, shown: string): ContractError {
  const e = error as { code?: string; parentPath?: string; message?: string };
  if (e.code === 'EMISSINGPOINTER' || e.code === 'EUNMATCHEDRESOLVER' || e.code === 'ERESOLVER') {
    return new ContractError(ContractErrorCode.brokenRef, shown, e.parentPath ?? '#', e.message ?? 'unresolvable $ref');
  }
  return new ContractError(ContractErrorCode.invalid, shown, '#', (e.message ?? String(error)).split('\n')[0]);
}
