import { isObject, join } from '../core/pointer.ts';
import { Rule } from './rules.ts';
import type { Change, Document } from './types.ts';
import { sameJson } from './values.ts';

const DOC_KEYS: Record<string, string> = {
  description: Rule.descriptionChanged,
  summary: Rule.descriptionChanged,
  title: Rule.descriptionChanged,
  externalDocs: Rule.descriptionChanged,
  'x-doc-source': Rule.descriptionChanged,
  example: Rule.exampleChanged,
  examples: Rule.exampleChanged,
};

/** Keys whose children are names chosen by the author, so a child called `description` is not the keyword. */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'paths',
  'webhooks',
  'responses',
  'schemas',
  'parameters',
  'headers',
  'content',
  'securitySchemes',
  'requestBodies',
  'links',
  'callbacks',
  '$defs',
  'definitions',
  'mapping',
  'scopes',
  'variables',
  'encoding',
  'dependentSchemas',
]);

/** Root keys another comparer owns: their documentation is reported there, or they carry none. */
const OWNED_ELSEWHERE = new Set(['x-vendor-rules', 'x-breaking-change-ack', 'servers']);

/**
 * Documentation edits (descriptions, summaries, x-doc-source, examples), listed as non-breaking so that a
 * reviewer sees them. Only places both versions have are walked: added and removed structure is classified
 * by the other comparers.
 */
export function documentationChanges(before: Document, after: Document): Change[] {
  const changes: Change[] = [];
  walk(before, after, '#', false, changes);
  return changes;
}

function walk(before: unknown, after: unknown, pointer: string, namesHere: boolean, changes: Change[]): void {
  if (sameJson(before, after)) return;
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (pointer === '#' && OWNED_ELSEWHERE.has(key)) continue;
      const at = join(pointer, key);
      const rule = namesHere ? undefined : DOC_KEYS[key];
      if (rule) {
        if (!sameJson(before[key], after[key])) {
          const how = before[key] === undefined ? 'added' : after[key] === undefined ? 'removed' : 'changed';
          changes.push({ rule, location: at, message: `${key} ${how}`, before: before[key], after: after[key] });
        }
        continue;
      }
      walk(before[key], after[key], at, NAME_MAPS.has(key), changes);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    // Parameters are matched by location and name, so that inserting one does not shift the others.
    const key = (item: unknown, index: number): string =>
      isObject(item) && typeof item.name === 'string'
        ? `${String(item.in)}:${item.name}`
        : isObject(item) && typeof item.$ref === 'string'
          ? item.$ref
          : `#${index}`;
    const current = new Map(after.map((item, index) => [key(item, index), index]));
    before.forEach((item, index) => {
      const j = current.get(key(item, index));
      if (j !== undefined) walk(item, after[j], join(pointer, j), false, changes);
    });
  }
}

/** A removed server URL breaks the clients configured with it; an added one does not. */
export function serverChanges(before: Document, after: Document): Change[] {
  const urls = (document: Document): string[] =>
    Array.isArray(document.servers) ? document.servers.filter(isObject).map((server) => String(server.url)) : [];
  const was = urls(before);
  const now = urls(after);
  return [
    ...was
      .filter((url) => !now.includes(url))
      .map((url): Change => ({ rule: Rule.serverRemoved, location: '#/servers', message: `server ${url} was removed`, before: url })),
    ...now
      .filter((url) => !was.includes(url))
      .map((url): Change => ({ rule: Rule.serverAdded, location: '#/servers', message: `server ${url} was added`, after: url })),
  ];
}

export function versionChanges(before: Document, after: Document): Change[] {
  const version = (document: Document): unknown => (isObject(document.info) ? document.info.version : undefined);
  if (sameJson(version(before), version(after))) return [];
  return [
    {
      rule: Rule.versionChanged,
      location: '#/info/version',
      message: `info.version changed`,
      before: version(before),
      after: version(after),
    },
  ];
}
