import type { ChangeKind, ChangeSource } from './types.ts';

/** One rule of the gate: its id, what it means for clients, and who detects it. */
export interface RuleSpec {
  id: string;
  kind: ChangeKind;
  source: ChangeSource;
  summary: string;
}

const registry = new Map<string, RuleSpec>();

function rule(id: string, kind: ChangeKind, source: ChangeSource, summary: string): string {
  if (registry.has(id)) throw new Error(`diff rule "${id}" is registered twice`);
  registry.set(id, { id, kind, source, summary });
  return id;
}
const B = 'breaking' as const;
const N = 'non-breaking' as const;

/**
 * Schema rules depend on who writes the value. The principle is the one openapi-diff applies to bodies
 * ("request scope removed" and "response scope added" are breaking): what a client sends may not shrink,
 * what a client receives may not grow. So a narrowed type or enum is breaking in a request and not in a
 * response, and a widened one the other way round.
 */
export type Side = 'request' | 'response' | 'webhook-payload';
type Direction = 'write' | 'read';
export const DIRECTION: Record<Side, Direction> = { request: 'write', response: 'read', 'webhook-payload': 'read' };

const SCHEMA_CHANGES: Record<string, { write: ChangeKind; read: ChangeKind; summary: string }> = {
  'field-removed': { write: B, read: B, summary: 'a property was removed (or renamed)' },
  'field-added-required': { write: B, read: N, summary: 'a required property was added' },
  'field-added-optional': { write: N, read: N, summary: 'an optional property was added' },
  'field-made-required': { write: B, read: N, summary: 'an optional property became required' },
  'field-made-optional': { write: N, read: B, summary: 'a required property became optional' },
  'type-narrowed': {
    write: B,
    read: N,
    summary: 'fewer types are allowed (e.g. [string, integer] → string, number → integer, a oneOf variant removed)',
  },
  'type-widened': { write: N, read: B, summary: 'more types are allowed' },
  'enum-narrowed': { write: B, read: N, summary: 'an enum (or const) value was removed, or an enum was added' },
  'enum-widened': { write: N, read: B, summary: 'an enum value was added, or the enum was removed' },
  'constraint-narrowed': {
    write: B,
    read: N,
    summary: 'a bound, length, pattern or format got stricter (a changed pattern counts as stricter here)',
  },
  'constraint-widened': {
    write: N,
    read: B,
    summary: 'a bound, length, pattern or format got looser (a changed pattern counts as looser here)',
  },
  'default-changed': { write: B, read: N, summary: 'the default changed: a client that omits the value now gets another behaviour' },
  'media-type-removed': { write: B, read: B, summary: 'a media type was removed' },
  'media-type-added': { write: N, read: N, summary: 'a media type was added' },
};
export type SchemaChange = keyof typeof SCHEMA_CHANGES;

for (const side of Object.keys(DIRECTION) as Side[]) {
  for (const [change, spec] of Object.entries(SCHEMA_CHANGES)) {
    const direction = DIRECTION[side];
    rule(`${side}-${change}`, spec[direction], 'diff-layer', `${side === 'webhook-payload' ? 'webhook payload' : side}: ${spec.summary}`);
  }
}

/** The rule id for a schema change on one side: `schemaRule('response', 'field-removed')` → `response-field-removed`. */
export const schemaRule = (side: Side, change: SchemaChange): string => `${side}-${change}`;

export const Rule = {
  // Classified by openapi-diff (on a 3.0 projection of the contract, see library.ts).
  operationRemoved: rule('operation-removed', B, 'openapi-diff', 'an operation (path and method) was removed'),
  operationAdded: rule('operation-added', N, 'openapi-diff', 'an operation was added'),
  responseRemoved: rule('response-removed', B, 'openapi-diff', 'a documented response status was removed'),
  responseAdded: rule('response-added', N, 'openapi-diff', 'a response status was added'),
  responseHeaderRemoved: rule('response-header-removed', B, 'openapi-diff', 'a required response header was removed'),
  responseOptionalHeaderRemoved: rule('response-optional-header-removed', N, 'openapi-diff', 'an optional response header was removed'),
  responseHeaderAdded: rule('response-header-added', N, 'openapi-diff', 'a response header was added'),

  // The layer of this module: what openapi-diff does not see.
  contractRemoved: rule('contract-removed', B, 'diff-layer', 'a contract file was deleted'),
  contractAdded: rule('contract-added', N, 'diff-layer', 'a contract file was added'),
  webhookRemoved: rule('webhook-removed', B, 'diff-layer', 'a webhook (OpenAPI 3.1 `webhooks`) was removed'),
  webhookAdded: rule('webhook-added', N, 'diff-layer', 'a webhook was added'),
  webhookResponseRemoved: rule('webhook-response-removed', B, 'diff-layer', 'a status the webhook receiver may answer was removed'),
  webhookResponseAdded: rule('webhook-response-added', N, 'diff-layer', 'a status the webhook receiver may answer was added'),
  webhookParameterRemoved: rule('webhook-parameter-removed', B, 'diff-layer', 'a parameter (header) of a webhook delivery was removed'),
  webhookParameterAdded: rule('webhook-parameter-added', N, 'diff-layer', 'a parameter of a webhook delivery was added'),
  parameterAddedRequired: rule('request-parameter-added-required', B, 'diff-layer', 'a required request parameter was added'),
  parameterAddedOptional: rule('request-parameter-added-optional', N, 'diff-layer', 'an optional request parameter was added'),
  parameterMadeRequired: rule('request-parameter-made-required', B, 'diff-layer', 'an optional request parameter became required'),
  parameterMadeOptional: rule('request-parameter-made-optional', N, 'diff-layer', 'a required request parameter became optional'),
  parameterRemoved: rule('request-parameter-removed', B, 'diff-layer', 'a request parameter was removed (what it controlled is gone)'),
  bodyAddedRequired: rule('request-body-added-required', B, 'diff-layer', 'a required request body was added'),
  bodyAddedOptional: rule('request-body-added-optional', N, 'diff-layer', 'an optional request body was added'),
  bodyMadeRequired: rule('request-body-made-required', B, 'diff-layer', 'the request body became required'),
  bodyMadeOptional: rule('request-body-made-optional', N, 'diff-layer', 'the request body became optional'),
  bodyRemoved: rule('request-body-removed', B, 'diff-layer', 'the request body was removed'),
  securitySchemeChanged: rule('security-scheme-changed', B, 'diff-layer', 'a security scheme changed type, location, name, scheme or flow'),
  securitySchemeRemoved: rule('security-scheme-removed', B, 'diff-layer', 'a security scheme was removed'),
  securitySchemeAdded: rule('security-scheme-added', N, 'diff-layer', 'a security scheme (or an OAuth scope) was added'),
  operationSecurityChanged: rule(
    'operation-security-changed',
    B,
    'diff-layer',
    "an operation's security requirement changed or lost an alternative",
  ),
  operationSecurityAlternativeAdded: rule(
    'operation-security-alternative-added',
    N,
    'diff-layer',
    'an operation accepts one more way to authenticate',
  ),
  vendorRuleChanged: rule(
    'vendor-rule-changed',
    B,
    'diff-layer',
    'a value in `x-vendor-rules` changed (pagination, errors, tokens, signatures, rateLimit, webhookDelivery)',
  ),
  vendorRuleDescriptionChanged: rule(
    'vendor-rule-description-changed',
    N,
    'diff-layer',
    'the description or x-doc-source of a vendor rule changed',
  ),
  serverRemoved: rule('server-removed', B, 'diff-layer', 'a server URL was removed'),
  serverAdded: rule('server-added', N, 'diff-layer', 'a server URL was added'),
  versionChanged: rule('version-changed', N, 'diff-layer', '`info.version` changed'),
  descriptionChanged: rule('description-changed', N, 'diff-layer', 'a description, summary, title, externalDocs or x-doc-source changed'),
  exampleChanged: rule('example-changed', N, 'diff-layer', 'an example was added, changed or removed'),
  ackInvalid: rule(
    'ack-invalid',
    B,
    'diff-layer',
    'an `x-breaking-change-ack` entry is refused (no reason, unknown rule, blanket); it cannot be acknowledged',
  ),
  ackUnused: rule('ack-unused', N, 'diff-layer', 'a new `x-breaking-change-ack` entry matches no breaking finding'),
} as const;

/** Rules that an `x-breaking-change-ack` may not cover: a refused ack, and a contract whose file is gone. */
export const UNACKNOWLEDGEABLE = new Set<string>([Rule.ackInvalid, Rule.contractRemoved]);

export function ruleSpec(id: string): RuleSpec {
  const spec = registry.get(id);
  if (!spec) throw new Error(`unknown diff rule "${id}"`);
  return spec;
}

/** Every rule, in registration order: the table the README lists. */
export const RULES: readonly RuleSpec[] = [...registry.values()];
