import { get, join } from '../core/pointer.ts';
import type { Contract, MediaSpec, Operation, ParameterSpec, RequestBodySpec } from '../contract/types.ts';
import { Rule, schemaRule, type Side } from './rules.ts';
import { compareSchemas, type SchemaScope } from './schema-changes.ts';
import { operationSecurityChanges } from './security.ts';
import type { Change, Document } from './types.ts';

/**
 * `/patients/{id}` and `/patients/{patient_id}` are one operation, as openapi-diff also treats them
 * (its normalize-path.ts), so that a renamed path parameter is compared rather than reported as removed.
 */
const operationKey = (op: Operation): string => `${op.method} ${op.path.replace(/\{[^}]*\}/g, '{}')}`;

/**
 * What changed inside the operations both versions have (openapi-diff reports added and removed ones):
 * parameters, request bodies, response bodies field by field, and security requirements.
 */
export function operationChanges(before: Contract, after: Contract, scope: SchemaScope): Change[] {
  const changes: Change[] = [];
  const previous = new Map(before.operations.map((op) => [operationKey(op), op]));
  for (const op of after.operations) {
    const old = previous.get(operationKey(op));
    if (!old) continue;
    changes.push(...parameterChanges(scope, 'request', old, op));
    changes.push(...requestBodyChanges(scope, old, op));
    changes.push(...responseBodyChanges(scope, old, op));
    changes.push(...operationSecurityChanges(before.document, after.document, old, op));
  }
  return changes;
}

/**
 * OpenAPI 3.1 `webhooks`, which openapi-diff does not read. The vendor writes the delivery (parameters and
 * body are read by the receiver: side `webhook-payload`) and the receiver answers with a documented status.
 */
export function webhookChanges(before: Contract, after: Contract, scope: SchemaScope): Change[] {
  const changes: Change[] = [];
  const current = new Map(after.webhooks.map((hook) => [hook.key, hook]));
  for (const old of before.webhooks) {
    const hook = current.get(old.key);
    if (!hook) {
      changes.push({ rule: Rule.webhookRemoved, location: old.key, message: `webhook ${old.key} is no longer delivered`, before: old.id });
      continue;
    }
    changes.push(...parameterChanges(scope, 'webhook-payload', old, hook));
    changes.push(
      ...mediaChanges(scope, 'webhook-payload', old.requestBody?.content ?? [], hook.requestBody?.content ?? [], `${hook.key} request`),
    );
    const statuses = new Set(hook.responses.map((r) => r.status));
    const oldStatuses = new Set(old.responses.map((r) => r.status));
    for (const status of oldStatuses) {
      if (!statuses.has(status))
        changes.push({
          rule: Rule.webhookResponseRemoved,
          location: `${hook.key} ${status}`,
          message: `the receiver of ${hook.key} may no longer answer ${status}`,
          before: status,
        });
    }
    for (const status of statuses) {
      if (!oldStatuses.has(status))
        changes.push({
          rule: Rule.webhookResponseAdded,
          location: `${hook.key} ${status}`,
          message: `the receiver of ${hook.key} may now answer ${status}`,
          after: status,
        });
    }
    changes.push(...operationSecurityChanges(before.document, after.document, old, hook));
  }
  const previous = new Set(before.webhooks.map((hook) => hook.key));
  for (const hook of after.webhooks) {
    if (!previous.has(hook.key))
      changes.push({ rule: Rule.webhookAdded, location: hook.key, message: `webhook ${hook.key} was added`, after: hook.id });
  }
  return changes;
}

// Header names are case-insensitive; the other locations are not.
const parameterKey = (p: ParameterSpec): string => `${p.in} ${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
const rawSchema = (document: Document, pointer: string | undefined): unknown => (pointer ? get(document, pointer) : undefined);

function parameterChanges(scope: SchemaScope, side: Side, old: Operation, op: Operation): Change[] {
  const changes: Change[] = [];
  const current = new Map(op.parameters.map((p) => [parameterKey(p), p]));
  const previous = new Map(old.parameters.map((p) => [parameterKey(p), p]));
  const webhook = side === 'webhook-payload';
  for (const [key, p] of previous) {
    const location = `${op.key} ${p.in} ${p.name}`;
    const now = current.get(key);
    if (!now) {
      changes.push(
        webhook
          ? {
              rule: Rule.webhookParameterRemoved,
              location,
              message: `${p.in} parameter \`${p.name}\` is no longer sent with ${op.key}`,
              before: p.required ? 'required' : 'optional',
            }
          : {
              rule: Rule.parameterRemoved,
              location,
              message: `${p.in} parameter \`${p.name}\` was removed from ${op.key}`,
              before: p.required ? 'required' : 'optional',
            },
      );
      continue;
    }
    if (!webhook && !p.required && now.required) {
      changes.push({
        rule: Rule.parameterMadeRequired,
        location,
        message: `${p.in} parameter \`${p.name}\` became required`,
        before: 'optional',
        after: 'required',
      });
    }
    if (!webhook && p.required && !now.required) {
      changes.push({
        rule: Rule.parameterMadeOptional,
        location,
        message: `${p.in} parameter \`${p.name}\` became optional`,
        before: 'required',
        after: 'optional',
      });
    }
    compareSchemas(
      scope,
      side,
      rawSchema(scope.before, join(p.pointer, 'schema')),
      rawSchema(scope.after, join(now.pointer, 'schema')),
      location,
    );
  }
  for (const [key, p] of current) {
    if (previous.has(key)) continue;
    const location = `${op.key} ${p.in} ${p.name}`;
    if (webhook)
      changes.push({
        rule: Rule.webhookParameterAdded,
        location,
        message: `${p.in} parameter \`${p.name}\` is now sent with ${op.key}`,
        after: p.required ? 'required' : 'optional',
      });
    else if (p.required)
      changes.push({
        rule: Rule.parameterAddedRequired,
        location,
        message: `required ${p.in} parameter \`${p.name}\` was added to ${op.key}`,
        after: 'required',
      });
    else
      changes.push({
        rule: Rule.parameterAddedOptional,
        location,
        message: `optional ${p.in} parameter \`${p.name}\` was added to ${op.key}`,
        after: 'optional',
      });
  }
  return changes;
}

function requestBodyChanges(scope: SchemaScope, old: Operation, op: Operation): Change[] {
  const location = `${op.key} request`;
  const was: RequestBodySpec | undefined = old.requestBody;
  const now: RequestBodySpec | undefined = op.requestBody;
  if (!was && !now) return [];
  if (!was && now) {
    return [
      now.required
        ? { rule: Rule.bodyAddedRequired, location, message: `${op.key} now requires a request body`, after: 'required' }
        : { rule: Rule.bodyAddedOptional, location, message: `${op.key} now accepts an optional request body`, after: 'optional' },
    ];
  }
  if (was && !now)
    return [
      {
        rule: Rule.bodyRemoved,
        location,
        message: `${op.key} no longer takes a request body`,
        before: was.required ? 'required' : 'optional',
      },
    ];
  const changes: Change[] = [];
  if (!was!.required && now!.required)
    changes.push({
      rule: Rule.bodyMadeRequired,
      location,
      message: `the request body of ${op.key} became required`,
      before: 'optional',
      after: 'required',
    });
  if (was!.required && !now!.required)
    changes.push({
      rule: Rule.bodyMadeOptional,
      location,
      message: `the request body of ${op.key} became optional`,
      before: 'required',
      after: 'optional',
    });
  changes.push(...mediaChanges(scope, 'request', was!.content, now!.content, location));
  return changes;
}

function responseBodyChanges(scope: SchemaScope, old: Operation, op: Operation): Change[] {
  const previous = new Map(old.responses.map((r) => [r.status, r]));
  return op.responses.flatMap((response) => {
    const was = previous.get(response.status);
    return was ? mediaChanges(scope, 'response', was.content, response.content, `${op.key} ${response.status}`) : [];
  });
}

/** Media types added or removed, and the schemas of the media types both versions have. */
function mediaChanges(scope: SchemaScope, side: Side, before: MediaSpec[], after: MediaSpec[], at: string): Change[] {
  const changes: Change[] = [];
  const current = new Map(after.map((m) => [m.mediaType.toLowerCase(), m]));
  const previous = new Set(before.map((m) => m.mediaType.toLowerCase()));
  for (const media of before) {
    const now = current.get(media.mediaType.toLowerCase());
    if (!now) {
      changes.push({
        rule: schemaRule(side, 'media-type-removed'),
        location: `${at} ${media.mediaType}`,
        message: `${at}: media type ${media.mediaType} was removed`,
        before: media.mediaType,
      });
      continue;
    }
    if (media.schemaPointer || now.schemaPointer) {
      compareSchemas(
        scope,
        side,
        rawSchema(scope.before, media.schemaPointer),
        rawSchema(scope.after, now.schemaPointer),
        `${at} ${now.mediaType} body`,
      );
    }
  }
  for (const media of after) {
    if (!previous.has(media.mediaType.toLowerCase())) {
      changes.push({
        rule: schemaRule(side, 'media-type-added'),
        location: `${at} ${media.mediaType}`,
        message: `${at}: media type ${media.mediaType} was added`,
        after: media.mediaType,
      });
    }
  }
  return changes;
}
