import type { Operation } from '../../contract/types.ts';
import { limitation, unjudgedLocation, unreadableByMock, type MockCapabilityId, type Unreadable } from '../../checks/mock-capabilities.ts';
import { asLimitation } from '../../checks/mock-findings.ts';
import { isObject } from '../../core/pointer.ts';
import type { Violation } from '../../core/violation.ts';
import type { GeneratedRequest } from '../arbitraries/request-arbitrary.ts';
import { wireMediaType } from '../form.ts';

/** A body as the mock sees it: with the Content-Type it goes out under (a multipart boundary, say). */
const asSent = <B extends { mediaType: string }>(body: B | undefined) => body && { ...body, contentType: wireMediaType(body.mediaType) };

/**
 * What the generative phases may expect of a mock, read from the mock-capability table
 * (src/checks/mock-capabilities.ts) rather than from the document alone.
 */

const paramsOf = (request: GeneratedRequest) => request.params.map((p) => ({ in: p.location, name: p.name, value: p.value }));

/** The parts of a request the mock cannot read as sent (nothing against a live target). */
export function unreadableIn(
  target: 'mock' | 'sandbox',
  operation: Operation,
  request: GeneratedRequest,
  document?: unknown,
): Unreadable[] {
  if (target !== 'mock') return [];
  const body = request.body?.raw === undefined ? request.body : undefined;
  return unreadableByMock(operation, paramsOf(request), asSent(body), document);
}

/** What the mock cannot read of an example-based request as planned: its values, and its body as sent (Content-Type). */
export function unreadablePlanned(
  operation: Operation,
  planned: { values: { in: string; name: string; value: unknown }[]; body?: { mediaType: string; value: unknown } },
  document: unknown,
): Unreadable[] {
  return unreadableByMock(operation, planned.values, asSent(planned.body), document);
}

/**
 * The parts a broken request changed (a parameter's value, a body field) that the mock cannot read: a rule broken
 * there is one the mock cannot see, so its accepting the request judges nobody.
 */
export function brokenUnreadable(
  target: 'mock' | 'sandbox',
  operation: Operation,
  valid: GeneratedRequest,
  broken: GeneratedRequest,
  document?: unknown,
): Unreadable[] {
  if (target !== 'mock') return [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  // A parameter left out is unjudged where the mock judges nothing of its location.
  const dropped = valid.params
    .filter((p) => !broken.params.some((q) => q.location === p.location && q.name === p.name))
    .filter((p) => document !== undefined && unjudgedLocation(operation, p.location, document))
    .map((p) => limitation(`${p.location}.${p.name}`, 'uncompiled-schema'));
  const changed = broken.params.filter(
    (p) => !same(p.value, valid.params.find((q) => q.location === p.location && q.name === p.name)?.value),
  );
  let body: GeneratedRequest['body'];
  if (broken.body && broken.body.raw === undefined && !same(broken.body.value, valid.body?.value)) {
    const before = valid.body?.value;
    const after = broken.body.value;
    body =
      isObject(after) && before && typeof before === 'object'
        ? {
            ...broken.body,
            value: Object.fromEntries(Object.entries(after).filter(([k, v]) => !same(v, (before as Record<string, unknown>)[k]))),
          }
        : broken.body;
  }
  return [
    ...dropped,
    ...unreadableByMock(
      operation,
      changed.map((p) => ({ in: p.location, name: p.name, value: p.value })),
      asSent(body),
      document,
    ),
  ];
}

/** Errors re-labelled as mock limitations of one row of the table (warnings and other findings stay as they are). */
export function asMockLimitations(violations: Violation[], id: MockCapabilityId): Violation[] {
  // A guess (the engine's or the contract's) the mock seems to contradict where it cannot judge is not contradicted.
  const judgedHere = (v: Violation) => ['violation', 'assumption'].includes(v.finding ?? 'violation');
  return violations.map((v) => (v.severity === 'error' && judgedHere(v) ? asLimitation(v, id) : v));
}
