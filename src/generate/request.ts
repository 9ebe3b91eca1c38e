import type { Contract, MediaSpec, Operation, ParameterSpec, SecurityRequirement } from '../contract/types.ts';
import { essence, isJsonMediaType } from '../checks/media.ts';
import { serialise, valueFor } from './values.ts';

/** Values for security schemes by scheme name, resolved by the target (placeholders for a mock, env for a sandbox). */
export type CredentialSource = (scheme: SecurityRequirement[number]) => string | undefined;

export interface PlannedRequest {
  method: string;
  /** Path with parameters filled in, relative to the target's base URL. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: { mediaType: string; value: unknown };
}

export interface RequestOptions {
  credentials: CredentialSource;
  /** Parameter to leave out, for a negative case. */
  drop?: Pick<ParameterSpec, 'in' | 'name'>;
  /** Leave out every credential, for a negative case. */
  withoutCredentials?: boolean;
  /** Values that win over generated ones (e.g. from a sandbox bootstrap), by parameter name. */
  overrides?: Record<string, string>;
}

/** Builds a request that satisfies the operation's contract: required parameters, body and one security alternative. */
export function planRequest(contract: Contract, operation: Operation, options: RequestOptions): PlannedRequest {
  const planned: PlannedRequest = { method: operation.method, path: operation.path, query: {}, headers: {} };
  for (const parameter of operation.parameters) {
    if (!parameter.required) continue;
    if (options.drop && options.drop.in === parameter.in && options.drop.name === parameter.name) continue;
    const value = options.overrides?.[parameter.name] ?? serialise(valueFor(parameter.examples, parameter.schema, contract.document));
    place(planned, parameter.in, parameter.name, value);
  }
  if (!options.withoutCredentials) applyCredentials(planned, operation.security, options.credentials);
  const media = operation.requestBody && preferredMedia(operation.requestBody.content);
  if (media) {
    planned.body = { mediaType: media.mediaType, value: withOverrides(valueFor(media.examples, media.schema, contract.document), options.overrides) };
    planned.headers['content-type'] = media.mediaType;
  }
  return planned;
}

function place(planned: PlannedRequest, location: ParameterSpec['in'], name: string, value: string): void {
  if (location === 'path') planned.path = planned.path.split(`{${name}}`).join(encodeURIComponent(value));
  else if (location === 'query') planned.query[name] = value;
  else if (location === 'header') planned.headers[name.toLowerCase()] = value;
  else if (location === 'cookie') planned.headers.cookie = [planned.headers.cookie, `${name}=${encodeURIComponent(value)}`].filter(Boolean).join('; ');
}

/** Satisfies the first security alternative whose every scheme has a value. */
function applyCredentials(planned: PlannedRequest, security: SecurityRequirement[], credentials: CredentialSource): void {
  for (const requirement of security) {
    const values = requirement.map((scheme) => [scheme, credentials(scheme)] as const);
    if (values.some(([, value]) => value === undefined)) continue;
    for (const [scheme, value] of values) {
      if (scheme.type === 'apiKey' && scheme.in && scheme.paramName) place(planned, scheme.in, scheme.paramName, value!);
      else if (scheme.type === 'http' && scheme.scheme === 'basic') planned.headers.authorization = `Basic ${value}`;
      else if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') planned.headers.authorization = `Bearer ${value}`;
    }
    return;
  }
}

/** JSON first, then form bodies, then whatever the contract lists first. */
export function preferredMedia(content: MediaSpec[]): MediaSpec | undefined {
  return content.find((m) => isJsonMediaType(m.mediaType) && essence(m.mediaType) !== '*/*')
    ?? content.find((m) => essence(m.mediaType) === 'application/x-www-form-urlencoded')
    ?? content[0];
}

/** The request as bytes on the wire: body encoded per its media type. */
export function encodeBody(body: PlannedRequest['body']): string | undefined {
  if (!body || body.value === undefined) return undefined;
  const type = essence(body.mediaType);
  if (type === 'application/x-www-form-urlencoded' && body.value && typeof body.value === 'object') {
    return new URLSearchParams(Object.entries(body.value as Record<string, unknown>).map(([k, v]) => [k, serialise(v)])).toString();
  }
  if (typeof body.value === 'string' && !isJsonMediaType(type)) return body.value;
  return JSON.stringify(body.value);
}

export function urlOf(baseURL: string, planned: PlannedRequest): string {
  const query = new URLSearchParams(planned.query).toString();
  return `${baseURL.replace(/\/+$/, '')}${planned.path}${query ? `?${query}` : ''}`;
}

/** A live target's values (client ids, refresh tokens) replace the example's top-level body fields of the same name. */
function withOverrides(value: unknown, overrides: Record<string, string> | undefined): unknown {
  if (!overrides || !value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out = { ...(value as Record<string, unknown>) };
  for (const key of Object.keys(out)) if (overrides[key] !== undefined && typeof out[key] !== 'object') out[key] = overrides[key];
  return out;
}
