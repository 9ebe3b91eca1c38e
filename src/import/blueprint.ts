import apibParser from '@apielements/apib-parser';
import apiElements from '@apielements/core';
import migrate from 'json-schema-migrate';
import { ImportError, ImportErrorCode } from './errors.ts';
import { authFromHeader, isCredentialHeader, isTransportHeader } from './headers.ts';
import { essence } from '../core/wire.ts';
import { isJsonMediaType, readJsonBody } from './json-body.ts';
import {
  TrailNamer,
  type LeftOut,
  type SourceAuth,
  type SourceBody,
  type SourceDocument,
  type SourceExample,
  type SourceItem,
  type SourceParameter,
  type SourceRequest,
} from './model.ts';

/** The few members of API Elements (minim) elements the reader uses. */
interface Element {
  element: string;
  content: unknown;
  classes?: { toValue(): string[] };
  meta: { get(key: string): Element | undefined };
  attributes: { get(key: string): Element | undefined };
  toValue(): unknown;
  title?: Element;
  key?: Element;
  value?: Element;
  href?: Element;
  hrefVariables?: Element;
  method?: Element;
  statusCode?: Element;
  headers?: Element;
  messageBody?: Element;
  messageBodySchema?: Element;
  contentType?: Element;
  request?: Element;
  response?: Element;
}

const text = (element: Element | undefined): string => {
  const value = element?.toValue();
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
};

const children = (element: Element): Element[] => (Array.isArray(element.content) ? (element.content as Element[]) : []);

/**
 * Reads an API Blueprint with the API Blueprint project's own parser (drafter, as the pure-JavaScript
 * `drafter.js` build behind `@apielements/apib-parser`), into API Elements: resource groups, resources,
 * actions and their request/response pairs, URI parameters with their stated types, and the JSON Schemas drafter
 * renders from `Attributes` (MSON) and `Schema` sections. A blueprint the parser refuses is one IMPORT_INVALID line.
 */
export async function readBlueprint(source: string, options: { url?: string } = {}): Promise<SourceDocument> {
  const fury = new apiElements.Fury();
  fury.use(apibParser);
  let result: Element & { api?: Element; annotations: { toValue(): unknown[] } & Element };
  try {
    result = await fury.parse({ source, mediaType: 'text/vnd.apiblueprint' });
  } catch (error) {
    throw new ImportError(ImportErrorCode.invalid, `API Blueprint parser failed: ${(error as Error).message.split('\n')[0]}`);
  }
  const annotations = children(result).filter((e) => e.element === 'annotation');
  const errors = annotations.filter((a) => a.classes?.toValue().includes('error'));
  if (errors.length > 0 || !result.api) {
    const first = errors[0];
    throw new ImportError(
      ImportErrorCode.invalid,
      `not a valid API Blueprint${first ? ` (line ${lineOf(source, first)}): ${text(first)}` : ''}; fix the blueprint (Apiary's editor shows the same error)`,
    );
  }
  const api = result.api;
  const title = text(api.meta.get('title')) || 'API Blueprint';
  const metadata = (api.attributes.get('metadata')?.toValue() ?? []) as { key: string; value: string }[];
  const host = metadata.find((m) => m.key.toUpperCase() === 'HOST')?.value?.replace(/\/+$/, '');
  const reader = new BlueprintReader(host);
  reader.walk(api, []);
  const warnings = annotations.filter((a) => a.classes?.toValue().includes('warning'));
  const notes = [...reader.notes()];
  if (warnings.length > 0)
    notes.push(
      `The API Blueprint parser warned ${warnings.length} time(s), e.g. line ${lineOf(source, warnings[0])}: ${text(warnings[0])}.`,
    );
  if (!host) notes.push('The blueprint names no `HOST`: the contract lists no server.');
  if (reader.requests.length === 0) throw new ImportError(ImportErrorCode.noRequests, `"${title}" describes no action: nothing to import`);
  return {
    format: 'api-blueprint',
    title,
    documentName: `${title} (API Blueprint)`,
    url: options.url,
    requests: reader.requests,
    items: reader.items,
    leftOut: reader.leftOut,
    notes,
  };
}

function lineOf(source: string, annotation: Element): number | string {
  const map = annotation.attributes.get('sourceMap')?.toValue() as number[][][] | undefined;
  const offset = map?.[0]?.[0]?.[0];
  return typeof offset === 'number' ? Buffer.from(source).subarray(0, offset).toString().split('\n').length : '?';
}

class BlueprintReader {
  readonly namer = new TrailNamer();
  readonly items: SourceItem[] = [];
  readonly requests: SourceRequest[] = [];
  readonly leftOut: LeftOut[] = [];
  private readonly repaired = new Set<string>();

  constructor(private readonly host: string | undefined) {}

  notes(): string[] {
    return this.repaired.size > 0
      ? [
          `Example bodies that are not strict JSON were read leniently (${[...this.repaired].sort().join('; ')}); each such example says so.`,
        ]
      : [];
  }

  walk(element: Element, trail: string[], group?: string): void {
    for (const child of children(element)) {
      if (child.element === 'category' && child.classes?.toValue().includes('resourceGroup')) {
        const name = text(child.meta.get('title')) || 'Group';
        this.items.push({ trail: this.namer.name([...trail, name]), kind: 'folder' });
        this.walk(child, [...trail, name], group ?? name);
      } else if (child.element === 'resource') this.resource(child, trail, group);
    }
  }

  private resource(resource: Element, trail: string[], group: string | undefined): void {
    const name = text(resource.meta.get('title')) || text(resource.attributes.get('href'));
    for (const transition of children(resource).filter((c) => c.element === 'transition')) {
      const href = text(transition.attributes.get('href')) || text(resource.attributes.get('href'));
      const variables = [...members(resource.attributes.get('hrefVariables')), ...members(transition.attributes.get('hrefVariables'))];
      const transactions = children(transition).filter((c) => c.element === 'httpTransaction');
      const method = text(transactions[0]?.request?.attributes.get('method')).toUpperCase() || 'GET';
      const actionName = text(transition.meta.get('title')) || method;
      const actionTrail = this.namer.name([...trail, name, actionName]);
      this.items.push({ trail: actionTrail, kind: 'request' });
      const { path, pathNames, queryNames } = parseUriTemplate(href);
      const parameter = (variable: string): SourceParameter => {
        const member = [...variables].reverse().find((m) => text(m.key) === variable);
        return member ? describeParameter(member, actionTrail) : { name: variable, values: [], trail: actionTrail };
      };
      const request: SourceRequest = {
        trail: actionTrail,
        name: actionName,
        group,
        method,
        path,
        server: this.host,
        pathParameters: pathNames.map(parameter),
        query: queryNames.map(parameter),
        headers: [],
        examples: [],
      };
      this.transactions(transactions, request);
      this.requests.push(request);
    }
  }

  private transactions(transactions: Element[], request: SourceRequest): void {
    const many = transactions.length > 1;
    transactions.forEach((transaction, index) => {
      const httpRequest = transaction.request;
      const httpResponse = transaction.response;
      const requestTitle = text(httpRequest?.meta.get('title'));
      const status = Number(text(httpResponse?.attributes.get('statusCode')) || 200);
      const label = [requestTitle || (many ? `Example ${index + 1}` : ''), `Response ${status}`].filter(Boolean);
      const trail = this.namer.name([request.trail, ...label]);
      this.items.push({ trail, kind: 'example' });
      const requestHeaders = headerList(httpRequest);
      const headers: SourceParameter[] = [];
      for (const { key, value } of requestHeaders) {
        if (isTransportHeader(key)) continue;
        if (isCredentialHeader(key)) {
          request.auth ??= authFromHeader(key, value, trail) as SourceAuth;
          continue;
        }
        headers.push({ name: key, values: [value], trail });
      }
      const contentType = requestHeaders.find((h) => h.key.toLowerCase() === 'content-type')?.value;
      const body = httpRequest ? this.body(httpRequest, contentType, trail) : undefined;
      const responseHeaders = headerList(httpResponse);
      const responseType = responseHeaders.find((h) => h.key.toLowerCase() === 'content-type')?.value;
      const example: SourceExample = {
        trail,
        name: label.join(' › '),
        status,
        headers: responseHeaders.map(({ key, value }) => ({ name: key, value })),
        body: httpResponse ? this.body(httpResponse, responseType, trail) : undefined,
        ...(body || headers.length > 0 ? { request: { query: [], headers, ...(body ? { body } : {}) } } : {}),
      };
      request.examples.push(example);
    });
  }

  private body(message: Element, contentType: string | undefined, trail: string): SourceBody | undefined {
    const raw = text(message.messageBody);
    const schemaText = text(message.messageBodySchema);
    if (raw.trim() === '' && schemaText.trim() === '') return undefined;
    const mediaType = contentType ? essence(contentType) : isJsonText(raw) ? 'application/json' : 'text/plain';
    const schema = schemaText.trim() === '' ? undefined : documentedSchema(schemaText);
    if (!isJsonMediaType(mediaType)) return { mediaType, value: raw, trail, ...(schema ? { schema } : {}) };
    const json = raw.trim() === '' ? undefined : readJsonBody(raw);
    if (raw.trim() !== '' && !json)
      return { mediaType, value: raw, trail, repaired: 'not JSON: kept as the text the document shows', ...(schema ? { schema } : {}) };
    if (json?.repaired) this.repaired.add(json.repaired);
    return {
      mediaType,
      value: json?.value,
      trail,
      ...(json?.repaired ? { repaired: json.repaired } : {}),
      ...(schema ? { schema } : {}),
    };
  }
}

const isJsonText = (raw: string): boolean => /^\s*[[{]/.test(raw) && readJsonBody(raw) !== undefined;

function headerList(message: Element | undefined): { key: string; value: string }[] {
  const value = message?.attributes.get('headers')?.toValue();
  return Array.isArray(value) ? (value as { key: string; value: string }[]).filter((h) => h && typeof h.key === 'string') : [];
}

function members(element: Element | undefined): Element[] {
  return element ? children(element).filter((m) => m.element === 'member') : [];
}

/** A URI parameter as API Blueprint states it: `+ id: 1 (number, required) - …`, or an `enum[string]`. */
function describeParameter(member: Element, trail: string): SourceParameter {
  const name = text(member.key);
  const value = member.value;
  const typeName = text(member.meta.get('title')).toLowerCase();
  const attributes = (member.attributes.get('typeAttributes')?.toValue() ?? []) as string[];
  const enumeration = value?.element === 'enum' ? (value.attributes.get('enumerations')?.toValue() as unknown[] | undefined) : undefined;
  const example = value?.element === 'enum' ? value.toValue() : value?.toValue();
  const declaredType = /^(number|integer|boolean|string)$/.test(typeName)
    ? (typeName as SourceParameter['declaredType'])
    : typeName.startsWith('enum')
      ? 'string'
      : undefined;
  return {
    name,
    values: example === undefined || example === null || example === '' ? [] : [String(example)],
    declaredType,
    ...(enumeration?.length ? { declaredEnum: enumeration.map(String) } : {}),
    declaredRequired: attributes.includes('required') ? true : attributes.includes('optional') ? false : undefined,
    trail,
  };
}

/** `/messages/{id}{?limit,offset}` → path `/messages/{id}`, path `id`, query `limit`, `offset` (RFC 6570 forms). */
export function parseUriTemplate(href: string): { path: string; pathNames: string[]; queryNames: string[] } {
  const queryNames: string[] = [];
  const pathNames: string[] = [];
  const withoutQuery = href.replace(/\{[?&]([^}]*)\}/g, (_m, list: string) => {
    for (const name of list.split(',')) queryNames.push(cleanName(name));
    return '';
  });
  const [bare, literalQuery] = withoutQuery.split('?');
  let path = bare;
  path = path.replace(/\{[+#./;]?([^}]*)\}/g, (_m, list: string) => {
    const names = list.split(',').map(cleanName);
    pathNames.push(...names);
    return names.map((n) => `{${n}}`).join(',');
  });
  for (const pair of literalQuery ? literalQuery.split('&') : []) {
    const name = pair.split('=')[0];
    if (name && !/[{}]/.test(name)) queryNames.push(name);
  }
  return { path: path === '' ? '/' : path, pathNames, queryNames };
}

const cleanName = (name: string): string => name.trim().replace(/\*$/, '').replace(/:\d+$/, '');

/** A JSON Schema stated in the blueprint, as draft 2020-12 (OpenAPI 3.1's dialect): `$schema` and `id` dropped. */
function documentedSchema(schemaText: string): Record<string, unknown> | undefined {
  try {
    const schema = JSON.parse(schemaText) as Record<string, unknown>;
    // A reference inside the schema would resolve against the contract, not the schema: inferred instead.
    if (schema === null || typeof schema !== 'object' || schemaText.includes('"$ref"')) return undefined;
    migrate.draft2020(schema as never);
    delete schema.$schema;
    delete schema.id;
    delete schema.$id;
    return schema;
  } catch {
    return undefined;
  }
}
