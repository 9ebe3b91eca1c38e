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

/** The security alternatives whose credentials can be sent, and why the others cannot. */
export function sendableAlternatives(security: SecurityRequirement[]): { alternatives: SecurityRequirement[]; reason?: string } {
  const reasons: string[] = [];
  const alternatives = security.filter((requirement) => {
    const reason = requirement.map(unsendableScheme).find((r) => r !== undefined);
    if (reason) reasons.push(reason);
    return reason === undefined;
  });
  return { alternatives, reason: reasons[0] };
}

/**
 * Why no valid request of this operation can be sent, or undefined: a required header or cookie parameter with a
 * name no client can write, or credentials that can only travel under such a name.
 */
export function unsendableOperation(operation: Pick<Operation, 'parameters' | 'security' | 'requestBody'>): string | undefined {
  for (const parameter of operation.parameters) {
    if (!parameter.required || isIgnoredHeader(parameter)) continue;
    const reason = unsendableParameter(parameter);
    if (reason) return reason;
  }
  const body = operation.requestBody;
  if (body?.required && body.content.length > 0 && !body.content.some((m) => isMediaType(m.mediaType)))
    return `the required request body is documented only under ${body.content.map((m) => JSON.stringify(m.mediaType)).join(', ')}, which is not a media type a request can be sent with`;
  const secured = operation.security.length > 0 && operation.security.every((alternative) => alternative.length > 0);
  if (!secured) return undefined;
  const sendable = sendableAlternatives(operation.security);
  return sendable.alternatives.length === 0 ? sendable.reason : undefined;
}
