import type { DocSource } from '../core/violation.ts';
import type {
  HeaderSpec,
  MediaSpec,
  MissingResponse,
  NamedExample,
  Operation,
  ParameterLocation,
  ParameterSpec,
  RequestBodySpec,
  ResponseSpec,
  SecurityRequirement,
  SecuritySchemeSpec,
  ContractProblem,
} from './types.ts';
import { get, isObject, join, resolve } from '../core/pointer.ts';
import { DOCUMENTED, declaredProvenance, nearestProvenance, type Provenance } from './provenance.ts';

/** The methods an OpenAPI path item has a place for (its fixed fields), as the document spells them. */
export const PATH_ITEM_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Flattens `paths` (and the 3.1 `webhooks` section) into one operation per method, merging path-level
 * parameters and inheriting root `security`. A malformed operation becomes a problem, not a crash.
 */
export function listOperations(
  document: Record<string, unknown>,
  problems: ContractProblem[],
): { operations: Operation[]; webhooks: Operation[] } {
  const schemes = securitySchemes(document);
  const rootSecurity = Array.isArray(document.security) ? document.security : [];
  const collect = (section: 'paths' | 'webhooks', kind: Operation['kind']): Operation[] => {
    const items = isObject(document[section]) ? (document[section] as Record<string, unknown>) : {};
    const operations: Operation[] = [];
    const usedIds = new Set<string>();
    for (const path of Object.keys(items)) {
      const itemPointer = join('#', section, path);
      const item = resolve(document, itemPointer);
      if (!isObject(item.value)) continue;
      for (const method of PATH_ITEM_METHODS) {
        if (!isObject(item.value[method])) continue;
        const pointer = join(item.pointer, method);
        try {
          operations.push(
            readOperation(document, { path, method, pointer, pathItemPointer: item.pointer, kind, schemes, rootSecurity, usedIds }),
          );
        } catch (error) {
          problems.push({ pointer, message: `${method.toUpperCase()} ${path}: ${(error as Error).message}` });
        }
      }
    }
    return operations;
  };
  return { operations: collect('paths', 'operation'), webhooks: collect('webhooks', 'webhook') };
}

interface ReadContext {
  path: string;
  method: string;
  pointer: string;
  pathItemPointer: string;
  kind: Operation['kind'];
  schemes: Map<string, SecuritySchemeSpec>;
  rootSecurity: unknown[];
  usedIds: Set<string>;
}

function readOperation(document: Record<string, unknown>, ctx: ReadContext): Operation {
  const raw = get(document, ctx.pointer) as Record<string, unknown>;
  const method = ctx.method.toUpperCase();
  const explicitId = typeof raw.operationId === 'string' && raw.operationId.length > 0 ? raw.operationId : undefined;
  let id = explicitId ?? deriveOperationId(ctx.method, ctx.path);
  for (let n = 2; ctx.usedIds.has(id); n++) id = `${explicitId ?? deriveOperationId(ctx.method, ctx.path)}_${n}`;
  ctx.usedIds.add(id);

  const parameters = mergeParameters(
    readParameters(document, join(ctx.pathItemPointer, 'parameters')),
    readParameters(document, join(ctx.pointer, 'parameters')),
  );
  const security = Array.isArray(raw.security) ? raw.security : ctx.rootSecurity;
  const provenance = declaredProvenance(raw, ctx.pointer) ?? DOCUMENTED;
  return {
    key: ctx.kind === 'webhook' ? `WEBHOOK ${ctx.path} ${method}` : `${method} ${ctx.path}`,
    id,
    hasOperationId: explicitId !== undefined,
    method,
    path: ctx.path,
    summary: typeof raw.summary === 'string' ? raw.summary : undefined,
    parameters,
    requestBody: readRequestBody(document, join(ctx.pointer, 'requestBody')),
    responses: readResponses(document, join(ctx.pointer, 'responses'), provenance),
    security: readSecurity(security, ctx.schemes),
    docSource: docSourceOf(raw),
    provenance,
    skipReason: typeof raw['x-conformance-skip'] === 'string' ? raw['x-conformance-skip'] : undefined,
    kind: ctx.kind,
    pointer: ctx.pointer,
  };
}

/** `get /v2/patients/{patient_id}` → `getV2PatientsByPatientId`. */
export function deriveOperationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = segment.match(/^\{(.+)\}$/);
      const text = param ? `by_${param[1]}` : segment;
      return text
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join('');
    });
  return method.toLowerCase() + words.join('');
}

function mergeParameters(pathLevel: ParameterSpec[], operationLevel: ParameterSpec[]): ParameterSpec[] {
  const merged = new Map<string, ParameterSpec>();
  for (const p of [...pathLevel, ...operationLevel]) merged.set(`${p.in}:${p.name}`, p);
  return [...merged.values()];
}

function readParameters(document: Record<string, unknown>, pointer: string): ParameterSpec[] {
  const list = get(document, pointer);
  if (!Array.isArray(list)) return [];
  return list.flatMap((_, index) => {
    const { value, pointer: at } = resolve(document, join(pointer, index));
    if (!isObject(value) || typeof value.name !== 'string' || typeof value.in !== 'string') return [];
    // A parameter is described by `schema`, or by `content` with exactly one media type.
    const mediaType = value.schema === undefined && isObject(value.content) ? Object.keys(value.content)[0] : undefined;
    const schemaAt = mediaType ? join(at, 'content', mediaType, 'schema') : join(at, 'schema');
    const schema = resolve(document, schemaAt);
    const provenance = declaredProvenance(value, at);
    const invalid = readMissingResponses(value['x-invalid-response'], join(at, 'x-invalid-response'), provenance ?? DOCUMENTED);
    return [
      {
        ...(provenance ? { provenance } : {}),
        ...(invalid.length > 0 ? { invalidResponses: invalid } : {}),
        name: value.name,
        in: value.in as ParameterLocation,
        required: value.required === true || value.in === 'path',
        schema: schema.value as ParameterSpec['schema'],
        examples: readExamples(document, mediaType ? join(at, 'content', mediaType) : at, schema.pointer),
        missingResponses: readMissingResponses(
          value['x-missing-response'],
          join(at, 'x-missing-response'),
          declaredProvenance(value, at) ?? DOCUMENTED,
        ),
        style: typeof value.style === 'string' ? value.style : undefined,
        explode: typeof value.explode === 'boolean' ? value.explode : undefined,
        allowReserved: value.allowReserved === true ? true : undefined,
        mediaType,
        schemaPointer: schema.value === undefined ? undefined : schemaAt,
        pointer: at,
      },
    ];
  });
}

/** One `{ status, match }` or a list of alternatives, each with its own provenance (else the parameter's). */
function readMissingResponses(value: unknown, pointer: string, inherited: Provenance): MissingResponse[] {
  const entries = Array.isArray(value) ? value.map((entry, i) => [entry, join(pointer, i)] as const) : [[value, pointer] as const];
  return entries.flatMap(([entry, at]) => {
    if (!isObject(entry) || typeof entry.status !== 'number') return [];
    return [
      {
        status: entry.status,
        match: isObject(entry.match) ? entry.match : undefined,
        provenance: nearestProvenance([{ node: entry, pointer: at }], inherited),
      },
    ];
  });
}

function readRequestBody(document: Record<string, unknown>, pointer: string): RequestBodySpec | undefined {
  const { value, pointer: at } = resolve(document, pointer);
  if (!isObject(value)) return undefined;
  return { required: value.required === true, content: readContent(document, join(at, 'content')), pointer: at };
}

function readResponses(document: Record<string, unknown>, pointer: string, inherited: Provenance): ResponseSpec[] {
  const responses = get(document, pointer);
  if (!isObject(responses)) return [];
  return Object.keys(responses)
    .filter((status) => !status.startsWith('x-'))
    .map((status) => {
      const { value, pointer: at } = resolve(document, join(pointer, status));
      const response = isObject(value) ? value : {};
      // An annotation on the referring entry wins over the shared component it points to.
      const provenance = nearestProvenance(
        [
          { node: get(document, join(pointer, status)), pointer: join(pointer, status) },
          { node: response, pointer: at },
        ],
        inherited,
      );
      return {
        status: status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase(),
        description: typeof response.description === 'string' ? response.description : '',
        content: readContent(document, join(at, 'content')),
        headers: readHeaders(document, join(at, 'headers'), provenance),
        provenance,
        ...(response['x-body-optional'] === true ? { bodyOptional: true } : {}),
        docSource: docSourceOf(response) ?? docSourceOf(get(document, join(pointer, status))),
        pointer: at,
      };
    });
}

function readContent(document: Record<string, unknown>, pointer: string): MediaSpec[] {
  const content = get(document, pointer);
  if (!isObject(content)) return [];
  return Object.keys(content).map((mediaType) => {
    const at = join(pointer, mediaType);
    const schemaPointer = join(at, 'schema');
    const hasSchema = get(document, schemaPointer) !== undefined;
    const encoding = get(document, join(at, 'encoding'));
    const provenance = declaredProvenance(get(document, at), at);
    return {
      ...(provenance ? { provenance } : {}),
      mediaType,
      schema: hasSchema ? (resolve(document, schemaPointer).value as MediaSpec['schema']) : undefined,
      schemaPointer: hasSchema ? schemaPointer : undefined,
      examples: readExamples(document, at, hasSchema ? resolve(document, schemaPointer).pointer : undefined),
      ...(isObject(encoding) ? { encoding: encoding as MediaSpec['encoding'] } : {}),
    };
  });
}

/** Named `examples`, then a lone `example`, then the schema's own `examples`/`example`. */
function readExamples(document: Record<string, unknown>, at: string, schemaPointer: string | undefined): NamedExample[] {
  const holder = get(document, at);
  if (!isObject(holder)) return [];
  if (isObject(holder.examples)) {
    return Object.keys(holder.examples).flatMap((name) => {
      const ex = resolve(document, join(at, 'examples', name));
      if (!isObject(ex.value) || !('value' in ex.value)) return [];
      return [{ name, value: ex.value.value, pointer: join(ex.pointer, 'value') }];
    });
  }
  if ('example' in holder) return [{ value: holder.example, pointer: join(at, 'example') }];
  if (schemaPointer) {
    const schema = get(document, schemaPointer);
    if (isObject(schema)) {
      if (Array.isArray(schema.examples) && schema.examples.length > 0) {
        return [{ value: schema.examples[0], pointer: join(schemaPointer, 'examples', 0) }];
      }
      if ('example' in schema) return [{ value: schema.example, pointer: join(schemaPointer, 'example') }];
    }
  }
  return [];
}

function readHeaders(document: Record<string, unknown>, pointer: string, inherited: Provenance): HeaderSpec[] {
  const headers = get(document, pointer);
  if (!isObject(headers)) return [];
  return Object.keys(headers).map((name) => {
    const { value, pointer: at } = resolve(document, join(pointer, name));
    const header = isObject(value) ? value : {};
    const schemaPointer = header.schema !== undefined ? join(at, 'schema') : undefined;
    const schema = schemaPointer ? (resolve(document, schemaPointer).value as HeaderSpec['schema']) : undefined;
    return {
      name,
      required: header.required === true,
      schema,
      schemaPointer,
      hasExample: [header, schema].some((node) => isObject(node) && (node.example !== undefined || node.examples !== undefined)),
      provenance: nearestProvenance([{ node: header, pointer: at }], inherited),
    };
  });
}

function securitySchemes(document: Record<string, unknown>): Map<string, SecuritySchemeSpec> {
  const schemes = new Map<string, SecuritySchemeSpec>();
  const components = isObject(document.components) ? document.components : {};
  const declared = isObject(components.securitySchemes) ? components.securitySchemes : {};
  for (const name of Object.keys(declared)) {
    const { value } = resolve(document, join('#/components/securitySchemes', name));
    if (!isObject(value)) continue;
    schemes.set(name, {
      name,
      type: String(value.type),
      in: typeof value.in === 'string' ? (value.in as ParameterLocation) : undefined,
      paramName: typeof value.name === 'string' ? value.name : undefined,
      scheme: typeof value.scheme === 'string' ? value.scheme.toLowerCase() : undefined,
    });
  }
  return schemes;
}

function readSecurity(requirements: unknown[], schemes: Map<string, SecuritySchemeSpec>): SecurityRequirement[] {
  return requirements
    .filter(isObject)
    .map((requirement) => Object.keys(requirement).map((name) => schemes.get(name) ?? { name, type: 'unknown' }));
}

export function docSourceOf(node: unknown): DocSource | undefined {
  if (!isObject(node) || !isObject(node['x-doc-source'])) return undefined;
  const source = node['x-doc-source'];
  if (typeof source.document !== 'string') return undefined;
  return {
    document: source.document,
    url: typeof source.url === 'string' ? source.url : undefined,
    section: typeof source.section === 'string' ? source.section : undefined,
  };
}

/** The documented response for a received status: exact code, then `4XX`-style range, then `default`. */
export function responseFor(operation: Operation, status: number): ResponseSpec | undefined {
  return (
    operation.responses.find((r) => r.status === String(status)) ??
    operation.responses.find((r) => r.status === `${String(status)[0]}XX`) ??
    operation.responses.find((r) => r.status === 'default')
  );
}

/**
 * OpenAPI 3 (Parameter Object): a header parameter named Accept, Content-Type or Authorization "SHALL be ignored";
 * the media types and the security schemes say those.
 */
/**
 * Whether a parameter is where one of the operation's apiKey schemes puts its credential (SoundCloud's `client_id`
 * query parameter and `ClientId` scheme): the credential fills it, so it is sent once, with the credential, and its
 * absence is the missing-credentials case, not a missing parameter.
 */
export function isCredentialParameter(operation: Pick<Operation, 'security'>, parameter: Pick<ParameterSpec, 'in' | 'name'>): boolean {
  const same = (a: string, b: string) => (parameter.in === 'header' ? a.toLowerCase() === b.toLowerCase() : a === b);
  return operation.security.some((alternative) =>
    alternative.some(
      (scheme) =>
        scheme.type === 'apiKey' && scheme.in === parameter.in && scheme.paramName !== undefined && same(scheme.paramName, parameter.name),
    ),
  );
}

export function isIgnoredHeader(parameter: Pick<ParameterSpec, 'in' | 'name'>): boolean {
  return parameter.in === 'header' && ['accept', 'content-type', 'authorization'].includes(parameter.name.toLowerCase());
}
