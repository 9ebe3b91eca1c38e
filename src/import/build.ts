import { isTransportHeader } from './headers.ts';
import { inferSchema, parameterType, type Schema } from './infer.ts';
import { isJsonMediaType, PLACEHOLDER } from './json-body.ts';
import {
  OPENAPI_METHODS,
  type SourceAuth,
  type SourceBody,
  type SourceDocument,
  type SourceExample,
  type SourceParameter,
  type SourceRequest,
} from './model.ts';
import { validatesAll } from './validate.ts';

export interface ImportedFrom {
  /** The source file, relative to the contract's folder. */
  file: string;
  sha256: string;
}

/**
 * The draft contract for a vendor document: OpenAPI 3.1 in this project's conventions. What the document shows
 * (operations, parameters, headers, example requests and responses) is documented and cites its item in
 * `x-doc-source`; what it leaves open is marked `x-provenance` with the decision in `x-decision`. Everything is
 * built in document order, so that the same document always gives the same contract.
 */
export function buildContract(source: SourceDocument, importedFrom: ImportedFrom): Record<string, unknown> {
  const builder = new ContractBuilder(source);
  return builder.build(importedFrom);
}

interface OperationGroup {
  key: string;
  method: string;
  path: string;
  requests: SourceRequest[];
}

class ContractBuilder {
  private readonly schemas: Record<string, Schema> = {};
  private readonly securitySchemes = new Map<string, { name: string; scheme: Record<string, unknown> }>();
  private readonly operationIds = new Set<string>();

  /** The document's requests, their paths read under the most specific base URL. */
  private readonly requests: SourceRequest[];

  constructor(private readonly source: SourceDocument) {
    this.requests = rebase(source.requests);
  }

  private cite(section: string): Record<string, string> {
    return { document: this.source.documentName, ...(this.source.url ? { url: this.source.url } : {}), section };
  }

  build(importedFrom: ImportedFrom): Record<string, unknown> {
    const groups = groupOperations(this.requests);
    const rootAuth = this.rootAuth(groups);
    const paths: Record<string, Record<string, unknown>> = {};
    for (const group of groups) {
      const item = (paths[group.path] ??= {});
      item[group.method.toLowerCase()] = this.operation(group, rootAuth);
    }
    // Named before the components are gathered, so that the root's scheme is among them.
    const rootScheme = rootAuth ? this.scheme(rootAuth) : undefined;
    const tags = [...new Set(this.requests.map((r) => r.group).filter((g): g is string => !!g))];
    const components: Record<string, unknown> = {};
    if (Object.keys(this.schemas).length > 0) components.schemas = this.schemas;
    if (this.securitySchemes.size > 0)
      components.securitySchemes = Object.fromEntries([...this.securitySchemes.values()].map(({ name, scheme }) => [name, scheme]));
    return {
      openapi: '3.1.0',
      info: {
        title: this.source.title,
        version: this.source.version ?? 'unversioned',
        description: this.description(),
        'x-doc-source': this.cite(this.source.title),
        'x-imported-from': {
          file: importedFrom.file,
          format: this.source.format,
          sha256: importedFrom.sha256,
          ...(this.source.leftOut.length > 0 ? { 'left-out': this.source.leftOut.map((l) => ({ item: l.item, reason: l.reason })) } : {}),
        },
      },
      ...(this.servers().length > 0 ? { servers: this.servers().map((url) => ({ url })) } : {}),
      ...(rootScheme ? { security: [{ [rootScheme]: [] }] } : {}),
      ...(tags.length > 0 ? { tags: tags.map((name) => ({ name })) } : {}),
      paths,
      ...(Object.keys(components).length > 0 ? { components } : {}),
    };
  }

  private description(): string {
    const lines = [
      `Draft contract imported from ${this.source.documentName} by \`npm run contracts:import\`. Operations, parameters, headers and examples are the document's and cite their item in \`x-doc-source\`; what the document leaves open is marked \`x-provenance\` with the decision in \`x-decision\`, so the gate treats it as a guess until someone confirms it.`,
      '',
      '- Body schemas are inferred from all the examples of each body (a field missing from one example is optional, a field `null` in one may be null), unless the document states a schema.',
      '- Parameter types are read from the values the examples show; a parameter is required only where the document says so (path parameters always are).',
      '- Only the statuses the examples show are documented; a request without any example answers an assumed `200`.',
      ...this.source.notes.map((note) => `- ${note}`),
    ];
    return `${lines.join('\n')}\n`;
  }

  private servers(): string[] {
    const counts = new Map<string, number>();
    for (const request of this.requests) if (request.server) counts.set(request.server, (counts.get(request.server) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]).map(([url]) => url);
  }

  /** The document's own root auth, else the one every request shares. */
  private rootAuth(groups: OperationGroup[]): SourceAuth | undefined {
    if (this.source.auth) return this.source.auth;
    const all = groups.flatMap((g) => g.requests.map((r) => r.auth));
    const first = all[0];
    if (!first || first === 'none') return undefined;
    return all.every((a) => a !== undefined && a !== 'none' && authKey(a) === authKey(first)) ? first : undefined;
  }

  private scheme(auth: SourceAuth): string {
    const key = authKey(auth);
    const known = this.securitySchemes.get(key);
    if (known) return known.name;
    const base =
      auth.kind === 'apiKey'
        ? `apiKey${pascal(auth.name ?? 'key')}${auth.in === 'query' ? 'Query' : ''}`
        : auth.kind === 'header'
          ? 'authorizationHeader'
          : `${auth.kind}Auth`;
    let name = base;
    for (let n = 2; [...this.securitySchemes.values()].some((s) => s.name === name); n++) name = `${base}${n}`;
    const scheme: Record<string, unknown> =
      auth.kind === 'apiKey' || auth.kind === 'header'
        ? { type: 'apiKey', in: auth.in ?? 'header', name: auth.name ?? 'Authorization' }
        : { type: 'http', scheme: auth.kind };
    scheme.description = `${auth.label}.`;
    if (auth.valueFormat) scheme['x-value-format'] = auth.valueFormat;
    scheme['x-doc-source'] = this.cite(auth.trail);
    this.securitySchemes.set(key, { name, scheme });
    return name;
  }

  private operation(group: OperationGroup, rootAuth: SourceAuth | undefined): Record<string, unknown> {
    const [first] = group.requests;
    const operationId = this.operationId(first);
    const operation: Record<string, unknown> = {
      operationId,
      summary: first.name,
      description: `${group.requests.map((r) => `\`${r.trail}\``).join(', ')} in the document.`,
      ...(first.group ? { tags: [first.group] } : {}),
      'x-doc-source': this.cite(first.trail),
    };
    if (group.requests.length > 1) operation['x-doc-sources'] = group.requests.map((r) => this.cite(r.trail));
    const parameters = this.parameters(group);
    if (parameters.length > 0) operation.parameters = parameters;
    const body = this.requestBody(group);
    if (body) operation.requestBody = body;
    operation.responses = this.responses(group, operationId);
    const security = this.operationSecurity(group, rootAuth);
    if (security) operation.security = security;
    const effective = security ?? (rootAuth ? [{ [this.scheme(rootAuth)]: [] }] : []);
    const digest = [...this.securitySchemes.values()].filter((s) => s.scheme.scheme === 'digest').map((s) => s.name);
    if (effective.length > 0 && effective.every((alternative) => Object.keys(alternative).some((name) => digest.includes(name))))
      operation['x-conformance-skip'] =
        'HTTP Digest authentication answers a server challenge (nonce) with a signed response; the suite cannot present such credentials, so the operation is documented and not called.';
    return operation;
  }

  private operationId(request: SourceRequest): string {
    const words = request.name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, ' ')
      .trim();
    const base = words ? camel(words) : `${request.method.toLowerCase()}${pascal(request.path.replace(/[{}]/g, ' '))}`;
    const start = /^[A-Za-z]/.test(base) ? base : `op${pascal(base)}`;
    let id = start;
    for (let n = 2; this.operationIds.has(id); n++) id = `${start}${n}`;
    this.operationIds.add(id);
    return id;
  }

  private operationSecurity(group: OperationGroup, rootAuth: SourceAuth | undefined): Record<string, string[]>[] | undefined {
    const auths = group.requests.map((r) => r.auth);
    if (auths.every((a) => a === undefined)) return undefined;
    if (auths.every((a) => a === 'none')) return rootAuth ? [] : undefined;
    const explicit = auths.map((a) => (a === undefined ? rootAuth : a)).filter((a): a is SourceAuth => a !== undefined && a !== 'none');
    const keys = [...new Set(explicit.map(authKey))];
    if (rootAuth && keys.length === 1 && keys[0] === authKey(rootAuth)) return undefined;
    const alternatives = keys.map((key) => ({ [this.scheme(explicit.find((a) => authKey(a) === key) as SourceAuth)]: [] as string[] }));
    return auths.includes('none') ? [...alternatives, {}] : alternatives;
  }

  private parameters(group: OperationGroup): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    const names = [...group.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    names.forEach((name, position) => {
      const shown = group.requests.map((r) => r.pathParameters[position]).filter((p): p is SourceParameter => p !== undefined);
      out.push(this.parameter('path', name, shown, true, group.requests[0].trail));
    });
    const excluded = new Set(
      group.requests
        .map((r) => r.auth)
        .filter((a): a is SourceAuth => typeof a === 'object')
        .map((a) => `${a.in}:${(a.name ?? '').toLowerCase()}`),
    );
    for (const where of ['query', 'header'] as const) {
      const byName = new Map<string, SourceParameter[]>();
      for (const request of group.requests) {
        const lists = [
          where === 'query' ? request.query : request.headers,
          ...request.examples.map((e) => (where === 'query' ? e.request?.query : e.request?.headers) ?? []),
        ];
        for (const parameter of lists.flat()) {
          const key = where === 'header' ? parameter.name.toLowerCase() : parameter.name;
          if (excluded.has(`${where}:${key.toLowerCase()}`) || (where === 'header' && isTransportHeader(key))) continue;
          const list = byName.get(key) ?? [];
          list.push(parameter);
          byName.set(key, list);
        }
      }
      for (const shown of byName.values()) out.push(this.parameter(where, shown[0].name, shown, false, shown[0].trail));
    }
    return out;
  }

  private parameter(
    where: 'path' | 'query' | 'header',
    name: string,
    shown: SourceParameter[],
    path: boolean,
    fallbackTrail: string,
  ): Record<string, unknown> {
    const values = shown.flatMap((p) => p.values);
    const declared = shown.find((p) => p.declaredType !== undefined);
    const type = declared?.declaredType ?? (where === 'header' ? 'string' : parameterType(values));
    const declaredRequired = shown.find((p) => p.declaredRequired !== undefined)?.declaredRequired;
    const required = path ? true : (declaredRequired ?? false);
    const schema: Schema = { type };
    const enumeration = shown.find((p) => p.declaredEnum)?.declaredEnum;
    if (enumeration) schema.enum = enumeration;
    const example = values.find((v) => v !== '' && !PLACEHOLDER.test(v));
    const parameter: Record<string, unknown> = { name, in: where, required, schema };
    if (example !== undefined && (!enumeration || enumeration.includes(example))) parameter.example = typed(example, type);
    const guesses: string[] = [];
    if (!declared)
      guesses.push(
        values.length > 0
          ? `The document shows only the value(s) ${[...new Set(values)]
              .slice(0, 3)
              .map((v) => `\`${v}\``)
              .join(', ')} and no type; the type is read from them.`
          : 'The document shows no value and no type; any string is accepted.',
      );
    if (!path && declaredRequired === undefined)
      guesses.push('The document does not say whether the parameter is required: the contract takes it as optional.');
    if (guesses.length > 0) {
      parameter['x-provenance'] = 'assumed';
      parameter['x-decision'] = guesses.join(' ');
    }
    parameter['x-doc-source'] = this.cite(shown[0]?.trail ?? fallbackTrail);
    return parameter;
  }

  private requestBody(group: OperationGroup): Record<string, unknown> | undefined {
    const bodies: SourceBody[] = [];
    for (const request of group.requests) {
      if (request.body) bodies.push(request.body);
      for (const example of request.examples) if (example.request?.body) bodies.push(example.request.body);
    }
    if (bodies.length === 0) return undefined;
    const content = this.content(bodies, 'request', undefined);
    return { required: group.requests.every((r) => r.body !== undefined), content };
  }

  private responses(group: OperationGroup, operationId: string): Record<string, unknown> {
    const examples = group.requests.flatMap((r) => r.examples);
    if (examples.length === 0) {
      return {
        '200': {
          description: 'Not shown: the document has no example response for this request.',
          'x-provenance': 'assumed',
          'x-decision':
            'The document shows no response for this request. The contract assumes a 200 and does not know its body; a vendor that answers otherwise contradicts this guess, not its document.',
          'x-doc-source': this.cite(group.requests[0].trail),
        },
      };
    }
    const statuses = [...new Set(examples.map((e) => e.status))].sort((a, b) => a - b);
    const responses: Record<string, unknown> = {};
    for (const status of statuses) {
      const shown = examples.filter((e) => e.status === status);
      const withBody = shown.filter((e) => e.body !== undefined);
      const names = shown.map((e) => `"${e.name}"`);
      const response: Record<string, unknown> = {
        description: `Shown by the document's example${shown.length > 1 ? 's' : ''} ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}.`,
        'x-doc-source': this.cite(shown[0].trail),
      };
      const headers = this.responseHeaders(shown);
      if (Object.keys(headers).length > 0) response.headers = headers;
      if (withBody.length > 0) {
        const error = status >= 400 ? `${pascal(operationId)}${status}Error` : undefined;
        response.content = this.content(
          withBody.map((e) => e.body as SourceBody),
          'response',
          error,
        );
        if (withBody.length < shown.length) response['x-body-optional'] = true;
      }
      responses[String(status)] = response;
    }
    return responses;
  }

  private responseHeaders(examples: SourceExample[]): Record<string, unknown> {
    const headers: Record<string, unknown> = {};
    const seen = new Map<string, string>();
    for (const example of examples) {
      for (const { name, value } of example.headers) {
        const key = name.toLowerCase();
        if (isTransportHeader(key) || seen.has(key)) continue;
        seen.set(key, name);
        headers[name] = {
          schema: { type: 'string' },
          ...(value !== '' ? { example: value } : {}),
          'x-provenance': 'assumed',
          'x-decision': 'Shown in an example response; the document does not say that every response carries it: optional.',
          'x-doc-source': this.cite(example.trail),
        };
      }
    }
    return headers;
  }

  /** One media type entry per media type the bodies show, each with its schema and every body as an example. */
  private content(bodies: SourceBody[], side: 'request' | 'response', errorName: string | undefined): Record<string, unknown> {
    const content: Record<string, unknown> = {};
    const mediaTypes = [...new Set(bodies.map((b) => b.mediaType))];
    for (const mediaType of mediaTypes) {
      const shown = bodies.filter((b) => b.mediaType === mediaType);
      let schema = this.schemaFor(mediaType, shown, side);
      if (errorName) {
        const name =
          mediaTypes.length > 1 ? `${errorName.replace(/Error$/, '')}${pascal(mediaType.split('/')[1] ?? 'body')}Error` : errorName;
        this.schemas[name] = schema;
        schema = { $ref: `#/components/schemas/${name}` };
      }
      const examples: Record<string, unknown> = {};
      const keys = new Set<string>();
      for (const body of shown) {
        if (body.files?.includes('')) continue;
        let key = exampleKey(body.trail.split(' › ').slice(-1)[0]);
        const base = key;
        for (let n = 2; keys.has(key); n++) key = `${base}-${n}`;
        keys.add(key);
        examples[key] = {
          summary: body.trail,
          ...(body.repaired ? { description: `Not strict JSON in the document (${body.repaired}).` } : {}),
          value: body.value,
          'x-doc-source': this.cite(body.trail),
        };
      }
      content[mediaType] = { schema, ...(Object.keys(examples).length > 0 ? { examples } : {}) };
    }
    return content;
  }

  private schemaFor(mediaType: string, bodies: SourceBody[], side: 'request' | 'response'): Schema {
    return withArrayItems(this.bodySchema(mediaType, bodies, side));
  }

  private bodySchema(mediaType: string, bodies: SourceBody[], side: 'request' | 'response'): Schema {
    const stated = bodies.find((b) => b.schema)?.schema;
    const parsed = bodies.filter((b) => !(b.repaired ?? '').startsWith('not JSON')).map((b) => b.value);
    if (stated && validatesAll(stated, parsed)) return structuredClone(stated);
    const shownAs = `${bodies.length} example ${side} bod${bodies.length === 1 ? 'y' : 'ies'}`;
    const statedNote = stated ? ' The schema the document states rejects its own examples, so it is not used.' : '';
    if (mediaType === 'multipart/form-data' || mediaType === 'application/x-www-form-urlencoded' || isJsonMediaType(mediaType)) {
      const schema = inferSchema(parsed);
      for (const file of new Set(bodies.flatMap((b) => b.files ?? []))) {
        const properties = schema.properties as Record<string, Schema> | undefined;
        if (file && properties) properties[file] = { type: 'string', format: 'binary' };
        if (file === '') return { type: 'string', format: 'binary', 'x-provenance': 'assumed', 'x-decision': 'A file body: any bytes.' };
      }
      return {
        ...schema,
        'x-provenance': 'inferred',
        'x-decision': `The document states no schema${statedNote ? ' that fits' : ''}; inferred from its ${shownAs}: a field missing from one is optional, a field null in one may be null, types are those the values show.${statedNote}`,
      };
    }
    return {
      type: 'string',
      'x-provenance': 'inferred',
      'x-decision': `A ${mediaType} body, shown by ${shownAs}; the document states nothing about its content beyond them.`,
    };
  }
}

/**
 * Every array schema with an `items` (`{}` where nothing is known): what an empty example array or a stated schema
 * leaves out, and what OpenAPI linters require.
 */
function withArrayItems(schema: Schema): Schema {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const record = node as Schema;
      const type = record.type;
      if (
        (type === 'array' || (Array.isArray(type) && type.includes('array'))) &&
        record.items === undefined &&
        record.prefixItems === undefined
      )
        record.items = {};
      for (const [key, value] of Object.entries(record))
        if (key !== 'examples' && key !== 'example' && key !== 'enum' && key !== 'const') visit(value);
    }
  };
  visit(schema);
  return schema;
}

/**
 * Paths relative to the most specific base URL the document uses: where one request names
 * `https://api.example.com/v1` in a variable and another writes `https://api.example.com/v1/health` in full, both
 * paths are read under `/v1`, so that one operation is not listed twice under two servers.
 */
function rebase(requests: SourceRequest[]): SourceRequest[] {
  const bases = [...new Set(requests.map((r) => r.server).filter((s): s is string => !!s))].sort((a, b) => b.length - a.length);
  return requests.map((request) => {
    if (!request.server) return request;
    const full = `${request.server}${request.path}`;
    const base = bases.find((b) => b.length > request.server!.length && full.startsWith(`${b}/`));
    return base ? { ...request, server: base, path: full.slice(base.length) } : request;
  });
}

/** Requests with the same method and path (parameter names aside) are one operation, in document order. */
function groupOperations(requests: SourceRequest[]): OperationGroup[] {
  const groups = new Map<string, OperationGroup>();
  for (const request of requests) {
    if (!OPENAPI_METHODS.has(request.method)) continue;
    const key = `${request.method} ${request.path.replace(/\{[^}]+\}/g, '{}')}`;
    const group = groups.get(key);
    if (group) group.requests.push(request);
    else groups.set(key, { key, method: request.method, path: request.path, requests: [request] });
  }
  return [...groups.values()];
}

const authKey = (auth: SourceAuth): string => [auth.kind, auth.in ?? '', (auth.name ?? '').toLowerCase(), auth.valueFormat ?? ''].join('|');

function typed(value: string, type: string): unknown {
  if (type === 'integer' || type === 'number') return Number(value);
  if (type === 'boolean') return value === 'true';
  return value;
}

const words = (text: string): string[] => text.split(/[^A-Za-z0-9]+/).filter(Boolean);
const pascal = (text: string): string =>
  words(text)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
const camel = (text: string): string => {
  const p = pascal(text);
  return p ? p[0].toLowerCase() + p.slice(1) : p;
};

/** An example's name as Prism can be asked for it (`Prefer: example=…`). */
function exampleKey(name: string): string {
  const key = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return key || 'example';
}
