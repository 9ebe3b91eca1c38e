import { isSecretName } from '../core/secret-names.ts';
import type { SourceAuth } from './model.ts';

/**
 * Headers that say how a message travels, not what the API is: the client and the server set them whatever the
 * contract says, so they become no parameter and no response header of the contract. `Content-Type` and
 * `Accept` are the media types of bodies and responses; `Authorization` is the security scheme.
 */
const TRANSPORT = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'access-control-allow-credentials',
  'access-control-allow-headers',
  'access-control-allow-methods',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'access-control-max-age',
  'age',
  'alt-svc',
  'cache-control',
  'cf-cache-status',
  'cf-ray',
  'connection',
  'content-encoding',
  'content-length',
  'content-type',
  'cookie',
  'date',
  'etag',
  'expect-ct',
  'expires',
  'host',
  'keep-alive',
  'last-modified',
  'nel',
  'origin',
  'pragma',
  'referer',
  'referrer-policy',
  'report-to',
  'server',
  'set-cookie',
  'strict-transport-security',
  'transfer-encoding',
  'upgrade-insecure-requests',
  'user-agent',
  'vary',
  'via',
  'x-content-type-options',
  'x-frame-options',
  'x-powered-by',
  'x-xss-protection',
]);

export const isTransportHeader = (name: string): boolean => TRANSPORT.has(name.toLowerCase());

/** A request header whose value is a credential (`Authorization`, `X-API-Key`, the project's credential names). */
export const isCredentialHeader = (name: string): boolean => name.toLowerCase() === 'authorization' || isSecretName(name);

/**
 * The security scheme a credential header shown in an example request stands for: `Bearer …` and `Basic …` are
 * HTTP schemes; any other `Authorization` value keeps its form (`Token token={credential}`), the credential being
 * the `{{variable}}` or the last long run of token characters; another header is an API key.
 */
export function authFromHeader(name: string, value: string, trail: string): SourceAuth {
  const label = `${name} header shown in the request`;
  if (name.toLowerCase() !== 'authorization') return { kind: 'apiKey', name, in: 'header', label, trail };
  if (/^bearer\s/i.test(value)) return { kind: 'bearer', label, trail };
  if (/^basic\s/i.test(value)) return { kind: 'basic', label, trail };
  if (/^digest\s/i.test(value)) return { kind: 'digest', label, trail };
  return { kind: 'header', name: 'Authorization', in: 'header', label, trail, valueFormat: credentialForm(value) };
}

function credentialForm(value: string): string | undefined {
  if (/\{\{[^{}]+\}\}/.test(value)) return value.replace(/\{\{[^{}]+\}\}/g, '{credential}');
  const match = /^(.*?)([A-Za-z0-9._~+/=-]{8,})(\s*)$/.exec(value);
  return match ? `${match[1]}{credential}` : undefined;
}
