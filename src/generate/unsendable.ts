import type { Operation, ParameterSpec, SecurityRequirement } from '../contract/types.ts';
import { isIgnoredHeader } from '../contract/operations.ts';
import { unsendableHeaderName } from './serialise.ts';
import { isMediaType } from '../checks/media.ts';

/**
 * What no HTTP client can put on the wire, whatever the value: a header (or cookie) whose name is not an RFC 9110
 * token, such as `api key`. A required one makes the operation's valid requests unsendable (a skip with the reason,
 * on every path that sends requests); an optional one is never sent.
 */
export function unsendableParameter(parameter: Pick<ParameterSpec, 'in' | 'name'>): string | undefined {
  if (parameter.in === 'header') return unsendableHeaderName(parameter.name, 'header parameter');
  if (parameter.in === 'cookie') return unsendableHeaderName(parameter.name, 'cookie parameter');
  return undefined;
}

function unsendableScheme(scheme: SecurityRequirement[number]): string | undefined {
  if (scheme.type !== 'apiKey' || !scheme.paramName) return undefined;
  if (scheme.in === 'header') return unsendableHeaderName(scheme.paramName, `security scheme "${scheme.name}" names the header`);
  if (scheme.in === 'cookie') return unsendableHeaderName(scheme.paramName, `security scheme "${scheme.name}" names the cookie`);
  return undefined;
}

/** Where a scheme's credential travels: every http, oauth2 and openIdConnect credential in the Authorization header. */
function credentialPosition(scheme: SecurityRequirement[number]): string | undefined {
  if (scheme.type === 'apiKey' && scheme.paramName)
    return scheme.in === 'header' ? `the ${scheme.paramName} header` : `the ${scheme.in} parameter ${scheme.paramName}`;
  if (['http', 'oauth2', 'openIdConnect'].includes(scheme.type)) return 'the Authorization header';
  return undefined;
}

/** Schemes whose credential is a bearer token (`Authorization: Bearer …`): one token can meet several of them. */
const bearerKind = (scheme: SecurityRequirement[number]): boolean =>
  scheme.type === 'oauth2' || scheme.type === 'openIdConnect' || (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer');

/**
 * Two schemes of one requirement that need the same place for different credentials (HTTP Basic and an apiKey named
 * Authorization): every scheme must be met at once, and one header holds one credential, so no request meets the
 * requirement. Bearer-token schemes required together (Google's `Oauth2` and `Oauth2c`, two flows of one
 * authorization server) are met by one token, so they do not collide.
 */
function collidingSchemes(requirement: SecurityRequirement): string | undefined {
  const seen = new Map<string, SecurityRequirement[number]>();
  for (const scheme of requirement) {
    const position = credentialPosition(scheme);
    if (position === undefined) continue;
    const key = position.toLowerCase();
    const other = seen.get(key);
    if (other !== undefined && !(bearerKind(other) && bearerKind(scheme)))
      return `security schemes "${other.name}" and "${scheme.name}" are required together and both need ${position}, which holds one credential`;
    seen.set(key, scheme);
  }
  return undefined;
}

/** The security alternatives whose credentials can be sent, and why the others cannot. */
export function sendableAlternatives(security: SecurityRequirement[]): { alternatives: SecurityRequirement[]; reason?: string } {
  const reasons: string[] = [];
  const alternatives = security.filter((requirement) => {
    const reason = requirement.map(unsendableScheme).find((r) => r !== undefined) ?? collidingSchemes(requirement);
    if (reason) reasons.push(reason);
    return reason === undefined;
  });
  return { alternatives, reason: reasons[0] };
}

/**
 * An exploded form-style object in the query (OpenAPI's default for a query object) puts each of its properties on the
 * wire as a pair of its own (`{id: 7}` is `id=7`). Where a property is named like another query parameter of the
 * operation, or like a property of another such object, the two are the same pair: no request says which one a pair
 * is for, and a reader that takes every pair named like a property (Prism does) reads the other parameter's value
 * into the object (sinao.app's `movements`, with `id` and `type` beside the parameters `id` and `type`).
 */
function collidingQueryObjects(
  parameters: readonly Pick<ParameterSpec, 'in' | 'name' | 'schema' | 'style' | 'explode' | 'mediaType'>[],
): string | undefined {
  const query = parameters.filter((p) => p.in === 'query');
  const owner = new Map(query.map((p) => [p.name, `the query parameter "${p.name}"`]));
  for (const parameter of query) {
    // A parameter described by a media type travels as one pair (`filter={"id":7}`).
    if (parameter.mediaType || (parameter.style ?? 'form') !== 'form' || parameter.explode === false) continue;
    const schema = parameter.schema as { type?: unknown; properties?: unknown } | undefined;
    if (schema?.type !== 'object' || schema.properties === null || typeof schema.properties !== 'object') continue;
    const names = Object.keys(schema.properties).filter((name) => name !== parameter.name);
    const clash = names.find((name) => owner.has(name));
    if (clash !== undefined)
      return `the query parameter "${parameter.name}" is an exploded object whose property "${clash}" goes on the wire as the same pair as ${owner.get(clash)}, so no request says which of the two a value is for`;
    for (const name of names) owner.set(name, `the property "${name}" of "${parameter.name}"`);
  }
  return undefined;
}

/**
 * Why no valid request of this operation can be sent, or undefined: a required header or cookie parameter with a
 * name no client can write, query parameters whose pairs cannot be told apart on the wire, or credentials that can
 * only travel under a name no client can write.
 */
export function unsendableOperation(operation: Pick<Operation, 'parameters' | 'security' | 'requestBody'>): string | undefined {
  for (const parameter of operation.parameters) {
    if (!parameter.required || isIgnoredHeader(parameter)) continue;
    const reason = unsendableParameter(parameter);
    if (reason) return reason;
  }
  const colliding = collidingQueryObjects(operation.parameters);
  if (colliding) return colliding;
  const body = operation.requestBody;
  if (body?.required && body.content.length > 0 && !body.content.some((m) => isMediaType(m.mediaType)))
    return `the required request body is documented only under ${body.content.map((m) => JSON.stringify(m.mediaType)).join(', ')}, which is not a media type a request can be sent with`;
  const secured = operation.security.length > 0 && operation.security.every((alternative) => alternative.length > 0);
  if (!secured) return undefined;
  const sendable = sendableAlternatives(operation.security);
  return sendable.alternatives.length === 0 ? sendable.reason : undefined;
}
