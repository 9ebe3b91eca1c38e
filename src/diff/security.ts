import { get, isObject, join } from '../core/pointer.ts';
import type { Operation } from '../contract/types.ts';
import { Rule } from './rules.ts';
import type { Change, Document } from './types.ts';
import { sameJson } from './values.ts';

/** Keys of a security scheme that document it and do not change how a client authenticates. */
const DOC_KEYS = new Set(['description', 'x-doc-source']);

/**
 * `components.securitySchemes`, which openapi-diff does not read (its OPENAPI3.md: "securitySchemes: no").
 * Any change of type, `in`, `name`, `scheme`, `bearerFormat`, a flow URL or a removed scope or flow is breaking;
 * an added scheme, flow or scope is not. Schemes are compared even when no operation applies them, because
 * some contracts (Sikka) declare them only to document the authentication.
 */
export function securitySchemeChanges(before: Document, after: Document): Change[] {
  const schemesBefore = schemesOf(before);
  const schemesAfter = schemesOf(after);
  const changes: Change[] = [];
  for (const [name, scheme] of Object.entries(schemesBefore)) {
    const pointer = join('#/components/securitySchemes', name);
    if (!(name in schemesAfter)) {
      changes.push({
        rule: Rule.securitySchemeRemoved,
        location: pointer,
        message: `security scheme \`${name}\` was removed`,
        before: strip(scheme),
      });
      continue;
    }
    diffScheme(scheme, schemesAfter[name], pointer, name, changes);
  }
  for (const [name, scheme] of Object.entries(schemesAfter)) {
    if (!(name in schemesBefore)) {
      changes.push({
        rule: Rule.securitySchemeAdded,
        location: join('#/components/securitySchemes', name),
        message: `security scheme \`${name}\` was added`,
        after: strip(scheme),
      });
    }
  }
  return changes;
}

function diffScheme(before: unknown, after: unknown, pointer: string, scheme: string, changes: Change[]): void {
  if (sameJson(before, after)) return;
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (DOC_KEYS.has(key)) continue;
      const at = join(pointer, key);
      // A new scope or flow is one more thing a client may use; a scope's text is documentation.
      if (pointer.endsWith('/scopes')) {
        if (!(key in before))
          changes.push({
            rule: Rule.securitySchemeAdded,
            location: at,
            message: `scope \`${key}\` was added to \`${scheme}\``,
            after: key,
          });
        else if (!(key in after))
          changes.push({
            rule: Rule.securitySchemeChanged,
            location: at,
            message: `scope \`${key}\` was removed from \`${scheme}\``,
            before: key,
          });
        continue;
      }
      if (pointer.endsWith('/flows') && !(key in before)) {
        changes.push({
          rule: Rule.securitySchemeAdded,
          location: at,
          message: `flow \`${key}\` was added to \`${scheme}\``,
          after: after[key],
        });
        continue;
      }
      diffScheme(before[key], after[key], at, scheme, changes);
    }
    return;
  }
  changes.push({
    rule: Rule.securitySchemeChanged,
    location: pointer,
    message: `security scheme \`${scheme}\`: ${pointer.split('/').slice(4).join('/') || 'definition'} changed`,
    before,
    after,
  });
}

function schemesOf(document: Document): Record<string, unknown> {
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  return Object.fromEntries(
    Object.entries(schemes).map(([name, scheme]) => {
      const ref = isObject(scheme) && typeof scheme.$ref === 'string' ? get(document, scheme.$ref) : scheme;
      return [name, ref];
    }),
  );
}

const strip = (scheme: unknown): unknown =>
  isObject(scheme) ? Object.fromEntries(Object.entries(scheme).filter(([key]) => !DOC_KEYS.has(key))) : scheme;

/**
 * An operation's security requirement, as its alternatives (`a + b[scope]` means both at once); `(none)` is the
 * anonymous alternative that an empty list or `{}` stands for. Losing an alternative (including anonymous
 * access) or changing one is breaking; gaining one is not. Scopes are read from the raw document, because
 * the flattened operation keeps schemes only.
 */
export function operationSecurityChanges(before: Document, after: Document, old: Operation, op: Operation): Change[] {
  const was = alternatives(before, old);
  const now = alternatives(after, op);
  const lost = was.filter((alternative) => !now.includes(alternative));
  const gained = now.filter((alternative) => !was.includes(alternative));
  const location = `${op.key} security`;
  if (lost.length) {
    return [
      {
        rule: Rule.operationSecurityChanged,
        location,
        message: `${op.key} no longer accepts ${lost.join(' or ')}${gained.length ? `; it now asks for ${gained.join(' or ')}` : ''}`,
        before: was,
        after: now,
      },
    ];
  }
  if (gained.length) {
    return [
      {
        rule: Rule.operationSecurityAlternativeAdded,
        location,
        message: `${op.key} now also accepts ${gained.join(' or ')}`,
        before: was,
        after: now,
      },
    ];
  }
  return [];
}

function alternatives(document: Document, op: Operation): string[] {
  const raw = get(document, op.pointer);
  const declared = isObject(raw) && Array.isArray(raw.security) ? raw.security : Array.isArray(document.security) ? document.security : [];
  if (declared.length === 0) return ['(none)'];
  return [
    ...new Set(
      declared.filter(isObject).map(
        (requirement) =>
          Object.keys(requirement)
            .sort()
            .map((name) => {
              const scopes = Array.isArray(requirement[name]) ? (requirement[name] as unknown[]).map(String).sort() : [];
              return scopes.length ? `${name}[${scopes.join(' ')}]` : name;
            })
            .join(' + ') || '(none)',
      ),
    ),
  ].sort();
}
