import sdk from 'postman-collection';
import { isObject } from '../core/pointer.ts';
import { essence } from '../core/wire.ts';
import { ImportError, ImportErrorCode } from './errors.ts';
import { isJsonMediaType, PLACEHOLDER, readJsonBody } from './json-body.ts';
import {
  OPENAPI_METHODS,
  TrailNamer,
  type LeftOut,
  type SourceAuth,
  type SourceBody,
  type SourceDocument,
  type SourceExample,
  type SourceHeader,
  type SourceItem,
  type SourceParameter,
  type SourceRequest,
} from './model.ts';
import { authFromHeader, isCredentialHeader, isTransportHeader } from './headers.ts';

/**
 * Reads a Postman collection (v2.0 or v2.1, or the documenter page JSON that wraps one under `collection`) with
 * Postman's own SDK, `postman-collection`: it parses URLs (`:id` path variables, `{{variables}}`, query strings),
 * legacy v2.0 auth objects and string URLs alike, and resolves auth inherited from folders and the collection.
 * Converters such as `@readme/postman-to-openapi` were not used: they keep one example per status, infer schemas
 * from one example and forget which item each rule came from, which is what a contract needs to keep.
 */
export function readPostman(raw: Record<string, unknown>, options: { url?: string } = {}): SourceDocument {
  const wrapped = isObject(raw.collection) && raw.item === undefined;
  const json = (wrapped ? raw.collection : raw) as Record<string, unknown>;
  const info = isObject(json.info) ? json.info : {};
  const schema = String(info.schema ?? '');
  const format = /v2\.0\.\d/.test(schema) ? 'postman-collection-v2.0' : 'postman-collection-v2.1';
  const title = String(info.name ?? 'Postman collection').trim();
  const collection = new sdk.Collection(json as never);
  const variables = collectionVariables(collection);
  const reader = new Reader(title, variables);
  const items: SourceItem[] = [];
  const requests: SourceRequest[] = [];
  const walk = (list: sdk.PropertyList<sdk.Item | sdk.ItemGroup<sdk.Item>>, folders: string[], group: string | undefined): void => {
    list.each((entry) => {
      if (sdk.ItemGroup.isItemGroup(entry)) {
        const folder = entry as sdk.ItemGroup<sdk.Item>;
        items.push({ trail: reader.namer.name([...folders, folder.name]), kind: 'folder' });
        walk(folder.items as never, [...folders, folder.name], group ?? folder.name);
      } else {
        const request = reader.request(entry as sdk.Item, folders, group);
        items.push({ trail: request.trail, kind: 'request' });
        for (const example of request.examples) items.push({ trail: example.trail, kind: 'example' });
        requests.push(request);
      }
    });
  };
  walk(collection.items as never, [], undefined);
  if (requests.length + reader.leftOut.length === 0) {
    throw new ImportError(
      ImportErrorCode.noRequests,
      wrapped
        ? `"${title}" is a Postman documenter page whose JSON lists no requests (the page loads them separately): export the collection from Postman (… › Export › Collection v2.1) and import that file`
        : `"${title}" holds no requests: nothing to import`,
    );
  }
  const collectionAuth = reader.auth(collection.auth as sdk.RequestAuth | undefined, title);
  return {
    format,
    title,
    documentName: `${title} (Postman collection)`,
    version: typeof info.version === 'string' ? info.version : undefined,
    url: options.url ?? (typeof info.publicUrl === 'string' ? info.publicUrl : undefined),
    auth: collectionAuth === 'none' ? undefined : collectionAuth,
    requests,
    items,
    leftOut: reader.leftOut,
    notes: reader.notes(),
  };
}

/** The collection's variables that hold a concrete value (`{{base_url}}` → `https://api.example.com`). */
function collectionVariables(collection: sdk.Collection): Map<string, string> {
  const out = new Map<string, string>();
  collection.variables.each((variable: sdk.Variable) => {
    const value = variable.get();
    if (variable.key && typeof value === 'string' && value !== '' && !PLACEHOLDER.test(value)) out.set(variable.key, value);
  });
  return out;
}

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

const PREVIEW_MEDIA: Record<string, string> = {
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  text: 'text/plain',
  javascript: 'application/javascript',
};

class Reader {
  readonly namer = new TrailNamer();
  readonly leftOut: LeftOut[] = [];
  private readonly undefinedHosts = new Set<string>();
  private readonly repaired = new Set<string>();

  constructor(
    private readonly title: string,
    private readonly variables: Map<string, string>,
  ) {}

  notes(): string[] {
    const notes: string[] = [];
    if (this.undefinedHosts.size > 0)
      notes.push(
        `The document names the host only as ${[...this.undefinedHosts].map((h) => `\`${h}\``).join(', ')}, which it defines nowhere: the contract lists no server for those requests.`,
      );
    if (this.repaired.size > 0)
      notes.push(
        `Example bodies that are not strict JSON were read leniently (${[...this.repaired].sort().join('; ')}); each such example says so in its description.`,
      );
    return notes;
  }

  request(item: sdk.Item, folders: string[], group: string | undefined): SourceRequest {
    const trail = this.namer.name([...folders, item.name]);
    const request = item.request;
    const method = (request.method ?? 'GET').toUpperCase();
    const url = request.url;
    const { path, pathParameters } = this.path(url, trail);
    const server = this.server(url);
    const query = this.query(url, trail);
    const { headers, headerAuth } = this.headers(request.headers, trail);
    const own = request.auth ? this.auth(request.auth, trail) : undefined;
    // The collection's own auth is the contract's root security; a request without its own inherits a folder's.
    const auth = own ?? headerAuth ?? this.folderAuth(item, trail);
    const body = this.body(request, method, trail);
    const examples: SourceExample[] = [];
    item.responses.each((response: sdk.Response) => {
      const example = this.example(response, trail, request);
      if (example) examples.push(example);
    });
    if (!OPENAPI_METHODS.has(method)) this.leftOut.push({ item: trail, reason: `OpenAPI has no place for the method ${method}` });
    return { trail, name: item.name, group, method, path, server, pathParameters, query, headers, body, auth, examples };
  }

  /** Auth set on a folder between the request and the collection (the collection's own is the root's). */
  private folderAuth(item: sdk.Item, trail: string): SourceAuth | 'none' | undefined {
    let parent = item.parent() as unknown as { auth?: sdk.RequestAuth; parent?: () => unknown } | undefined;
    while (parent && typeof parent.parent === 'function' && parent.parent()) {
      if (parent.auth) return this.auth(parent.auth, trail);
      parent = parent.parent() as typeof parent;
    }
    return undefined;
  }

  auth(auth: sdk.RequestAuth | undefined, trail: string): SourceAuth | 'none' | undefined {
    if (!auth) return undefined;
    const type = auth.type;
    const param = (key: string): string | undefined => {
      const value = auth.parameters?.()?.get(key);
      return typeof value === 'string' ? value : undefined;
    };
    const label = `Postman auth "${type}"`;
    switch (type) {
      case 'noauth':
        return 'none';
      case 'apikey': {
        const where = param('in') === 'query' ? 'query' : 'header';
        return { kind: 'apiKey', name: param('key') || 'X-API-Key', in: where, label, trail };
      }
      case 'bearer':
        return { kind: 'bearer', label, trail };
      case 'basic':
        return { kind: 'basic', label, trail };
      case 'digest':
        return { kind: 'digest', label, trail };
      case 'oauth2':
        // Postman's OAuth 2.0 helper sends the token it obtained as `Authorization: Bearer …` unless told otherwise.
        return param('addTokenTo') === 'queryParams'
          ? { kind: 'apiKey', name: 'access_token', in: 'query', label, trail }
          : { kind: 'bearer', label, trail };
      default:
        // hawk, oauth1, ntlm, akamai, awsv4, edgegrid, jwt, asap: each signs an `Authorization` header.
        return { kind: 'header', name: 'Authorization', in: 'header', label, trail };
    }
  }

  private path(url: sdk.Url, trail: string): { path: string; pathParameters: SourceParameter[] } {
    const parameters: SourceParameter[] = [];
    const variables = new Map<string, string>();
    url.variables.each((variable: sdk.Variable) => {
      if (variable.key) variables.set(variable.key, String(variable.get() ?? ''));
    });
    const segments = (url.path ?? []).map((segment) => {
      const text = String(segment);
      if (/^:[^/]+$/.test(text)) {
        const name = text.slice(1);
        parameters.push({ name, values: valueList(variables.get(name)), trail });
        return `{${name}}`;
      }
      return text.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_m, name: string) => {
        const value = this.variables.get(name);
        parameters.push({ name, values: valueList(value ?? `{{${name}}}`), trail });
        return `{${name}}`;
      });
    });
    return { path: `/${segments.join('/')}`.replace(/\/{2,}/g, '/'), pathParameters: parameters };
  }

  private server(url: sdk.Url): string | undefined {
    const host = (url.host ?? []).join('.');
    if (host === '') return undefined;
    const resolved = host.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, name: string) => this.variables.get(name) ?? whole);
    if (/\{\{/.test(resolved)) {
      this.undefinedHosts.add(host);
      return undefined;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(resolved)) return resolved.replace(/\/+$/, '');
    const protocol = url.protocol ? String(url.protocol).replace(/:$/, '') : 'https';
    return `${protocol}://${resolved}${url.port ? `:${url.port}` : ''}`;
  }

  private query(url: sdk.Url, trail: string): SourceParameter[] {
    const out: SourceParameter[] = [];
    url.query.each((param: sdk.QueryParam) => {
      if (!param.key) return;
      const existing = out.find((p) => p.name === param.key);
      const value = param.value ?? '';
      if (existing) existing.values.push(value);
      else out.push({ name: param.key, values: [value], trail });
    });
    return out;
  }

  private headers(list: sdk.HeaderList, trail: string): { headers: SourceParameter[]; headerAuth?: SourceAuth } {
    const headers: SourceParameter[] = [];
    let headerAuth: SourceAuth | undefined;
    list.each((header: sdk.Header) => {
      const name = header.key;
      if (!name || isTransportHeader(name)) return;
      const value = String(header.value ?? '');
      if (isCredentialHeader(name)) {
        headerAuth ??= authFromHeader(name, value, trail);
        return;
      }
      const existing = headers.find((h) => h.name.toLowerCase() === name.toLowerCase());
      if (existing) existing.values.push(value);
      else headers.push({ name, values: [value], trail });
    });
    return { headers, headerAuth };
  }

  private body(request: sdk.Request, method: string, trail: string): SourceBody | undefined {
    const body = request.body as (sdk.RequestBody & { graphql?: { query?: string; variables?: string } }) | undefined;
    if (!body || !body.mode || body.isEmpty?.()) return undefined;
    const contentType = request.headers.get('Content-Type');
    const read = this.bodyOf(body, contentType, trail);
    if (!read) return undefined;
    if (BODYLESS.has(method)) {
      this.leftOut.push({ item: trail, reason: `the request's ${read.mediaType} body: HTTP gives a ${method} body no meaning` });
      return undefined;
    }
    return read;
  }

  private bodyOf(
    body: sdk.RequestBody & { graphql?: { query?: string; variables?: string }; options?: { raw?: { language?: string } } },
    contentType: string | undefined,
    trail: string,
  ): SourceBody | undefined {
    switch (body.mode) {
      case 'raw': {
        const text = String(body.raw ?? '');
        if (text.trim() === '') return undefined;
        const declared = contentType ? essence(contentType) : PREVIEW_MEDIA[body.options?.raw?.language ?? ''];
        const json = readJsonBody(text);
        const mediaType = declared ?? (json ? 'application/json' : 'text/plain');
        return this.textual(mediaType, text, trail);
      }
      case 'urlencoded':
      case 'formdata': {
        const fields: Record<string, string> = {};
        const files: string[] = [];
        const list = (body.mode === 'urlencoded' ? body.urlencoded : body.formdata) as unknown as
          { each(callback: (field: { key: string | null; value?: unknown; type?: string }) => void): void } | undefined;
        list?.each((field) => {
          if (!field.key) return;
          if (field.type === 'file') {
            files.push(field.key);
            fields[field.key] = '';
          } else fields[field.key] = String(field.value ?? '');
        });
        if (Object.keys(fields).length === 0) return undefined;
        const mediaType = body.mode === 'urlencoded' ? 'application/x-www-form-urlencoded' : 'multipart/form-data';
        return { mediaType, value: fields, trail, ...(files.length > 0 ? { files } : {}) };
      }
      case 'graphql': {
        const query = body.graphql?.query ?? '';
        if (query.trim() === '') return undefined;
        const variables = body.graphql?.variables ? readJsonBody(body.graphql.variables)?.value : undefined;
        return { mediaType: 'application/json', value: { query, ...(variables === undefined ? {} : { variables }) }, trail };
      }
      case 'file':
        return { mediaType: contentType ? essence(contentType) : 'application/octet-stream', value: '', trail, files: [''] };
      default:
        return undefined;
    }
  }

  /** A body as text, read as JSON where its media type is JSON. */
  private textual(mediaType: string, text: string, trail: string): SourceBody {
    if (!isJsonMediaType(mediaType)) return { mediaType, value: text, trail };
    const json = readJsonBody(text);
    if (!json) return { mediaType, value: text, trail, repaired: 'not JSON: kept as the text the document shows' };
    if (json.repaired) this.repaired.add(json.repaired);
    return { mediaType, value: json.value, trail, ...(json.repaired ? { repaired: json.repaired } : {}) };
  }

  private example(response: sdk.Response, requestTrail: string, request: sdk.Request): SourceExample | undefined {
    const trail = this.namer.name([requestTrail, response.name || `Response ${response.code ?? ''}`.trim()]);
    const status = Number(response.code);
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      this.leftOut.push({ item: trail, reason: 'the example shows no HTTP status code' });
      return undefined;
    }
    const headers: SourceHeader[] = [];
    response.headers.each((header: sdk.Header) => {
      if (header.key) headers.push({ name: header.key, value: String(header.value ?? '') });
    });
    const text = response.body ?? '';
    let body: SourceBody | undefined;
    if (text.trim() !== '') {
      const contentType = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value;
      const preview = (response as unknown as { _?: { postman_previewlanguage?: string } })._?.postman_previewlanguage;
      const mediaType = contentType
        ? essence(contentType)
        : (PREVIEW_MEDIA[preview ?? ''] ?? (readJsonBody(text) ? 'application/json' : 'text/plain'));
      body = this.textual(mediaType, text, trail);
    }
    return {
      trail,
      name: response.name || `Response ${status}`,
      status,
      headers,
      body,
      request: this.originalRequest(response, request, trail),
    };
  }

  /** What the example's own request shows beyond the request item: other query values, another body. */
  private originalRequest(response: sdk.Response, request: sdk.Request, trail: string): SourceExample['request'] {
    const original = response.originalRequest;
    if (!original) return undefined;
    const query = this.query(original.url, trail);
    const { headers } = this.headers(original.headers, trail);
    const method = (original.method ?? request.method ?? 'GET').toUpperCase();
    const originalBody =
      original.body && !original.body.isEmpty?.()
        ? this.bodyOf(original.body as never, original.headers.get('Content-Type'), trail)
        : undefined;
    const body = originalBody && !BODYLESS.has(method) ? originalBody : undefined;
    const sameBody =
      body &&
      JSON.stringify(body.value) ===
        JSON.stringify(request.body ? this.bodyOf(request.body as never, request.headers.get('Content-Type'), trail)?.value : undefined);
    const ownQuery = request.url.getQueryString?.() ?? '';
    const sameQuery = (original.url.getQueryString?.() ?? '') === ownQuery;
    if ((sameQuery || query.length === 0) && (!body || sameBody) && headers.length === 0) return undefined;
    return { query: sameQuery ? [] : query, headers, ...(body && !sameBody ? { body } : {}) };
  }
}

const valueList = (value: string | undefined): string[] => (value === undefined || value === '' ? [] : [value]);
