import fc from 'fast-check';
import type { Contract, Operation } from '../../../src/contract/types.ts';
import type { RecordedRequest } from '../../../src/core/wire.ts';
import { encodedBody, planRequest, urlOf } from '../../../src/generate/plan-request.ts';
import {
  renderRequest,
  requestArbitrary,
  requestViolation,
  styledParameters,
  RequestPlanError,
} from '../../../src/generate/arbitraries/request-arbitrary.ts';
import { requestValidators } from '../../../src/generate/arbitraries/validity.ts';
import { unreadableByMock } from '../../../src/checks/mock-capabilities.ts';
import { unroutable } from '../../../src/targets/mock.ts';
import { scalarText } from '../../../src/generate/serialise.ts';
import { unsendableOperation } from '../../../src/generate/unsendable.ts';
import { readWithPrism, type PrismReading } from './prism-reader.ts';

/** One value that did not come back from Prism's parser as it was sent. */
export interface Mismatch {
  operation: string;
  path: 'example' | 'generative';
  where: string;
  sent: unknown;
  read: unknown;
  request: RecordedRequest;
}

export interface RoundTrip {
  /** Parameters and bodies compared (read back as sent). */
  compared: number;
  /** Parts the mock-capability table says Prism cannot read: not compared, counted by reason. */
  unreadable: Map<string, number>;
  /** Operations neither path builds a request for, or the mock cannot route (each a skip with its reason in a run). */
  uncallable: number;
  /** Parameters and bodies of the operations that were called: what could be compared or named unreadable. */
  parts: number;
  mismatches: Mismatch[];
}

const BASE = 'http://127.0.0.1:9';

/**
 * Equal as a reader of the wire sees it: the same structure, leaves equal as text (a reader coercing by the schema
 * may keep `"12"` as a string where the schema also allows one), and a `null` (written as the empty value) read back
 * as null, empty or absent.
 */
export function sameOnWire(read: unknown, sent: unknown): boolean {
  if (sent === null || sent === undefined) return read === null || read === undefined || read === '';
  if (Array.isArray(sent)) return Array.isArray(read) && read.length === sent.length && sent.every((v, i) => sameOnWire(read[i], v));
  if (typeof sent === 'object') {
    if (!read || typeof read !== 'object' || Array.isArray(read)) return false;
    const keys = Object.keys(sent as object).filter((k) => (sent as Record<string, unknown>)[k] !== undefined);
    return keys.every((k) => sameOnWire((read as Record<string, unknown>)[k], (sent as Record<string, unknown>)[k]));
  }
  if (read === null || read === undefined || typeof read === 'object') return false;
  if (typeof sent === 'number' && typeof read === 'number') return sent === read || (Object.is(sent, -0) && read === 0);
  return String(read) === scalarText(sent);
}

export interface RoundTripOptions {
  /** Seed of the generative draws. */
  seed?: number;
  /** Changes each request before Prism reads it (to show the property red on a wrong wire form). */
  mutate?: (request: RecordedRequest) => RecordedRequest;
  /** The parts Prism cannot read (the mock-capability table by default). */
  unreadable?: typeof unreadableByMock;
}

function compare(
  result: RoundTrip,
  unreadable: typeof unreadableByMock,
  operation: Operation,
  path: Mismatch['path'],
  request: RecordedRequest,
  reading: PrismReading,
  params: { in: string; name: string; value: unknown }[],
  body: { mediaType: string; value: unknown } | undefined,
): void {
  const skipped = unreadable(operation, params, body);
  const skip = (where: string) => skipped.find((u) => u.where === where);
  if (reading.error && skipped.length === 0) {
    result.mismatches.push({ operation: operation.key, path, where: 'request', sent: params, read: reading.error, request });
    return;
  }
  for (const p of params) {
    const where = `${p.in}.${p.name}`;
    const limitation = skip(where);
    if (limitation) {
      result.unreadable.set(limitation.id, (result.unreadable.get(limitation.id) ?? 0) + 1);
      continue;
    }
    const location = p.in === 'header' ? reading.header : p.in === 'query' ? reading.query : reading.path;
    const read = location[p.name.toLowerCase()];
    result.compared += 1;
    if (!sameOnWire(read, p.value)) result.mismatches.push({ operation: operation.key, path, where, sent: p.value, read, request });
  }
  if (body && body.value !== undefined) {
    const bodyParts = skipped.filter((u) => u.where.startsWith('body'));
    for (const part of bodyParts) result.unreadable.set(part.id, (result.unreadable.get(part.id) ?? 0) + 1);
    const unread = new Set(bodyParts.map((u) => u.where.slice('body.'.length)));
    if (unread.has('')) return;
    const sent =
      body.value && typeof body.value === 'object' && !Array.isArray(body.value)
        ? Object.fromEntries(Object.entries(body.value).filter(([k]) => !unread.has(k)))
        : body.value;
    result.compared += 1;
    if (!sameOnWire(reading.body, sent))
      result.mismatches.push({ operation: operation.key, path, where: 'body', sent, read: reading.body, request });
  }
}

/**
 * Every request either path builds for an operation (the example-based plan; `generated` valid draws of the
 * generative phases), read back through Prism's parser and compared with the values the engine meant to send.
 */
export async function roundTrip(
  contract: Contract,
  operations: Operation[],
  generated: number,
  options: RoundTripOptions = {},
): Promise<RoundTrip> {
  const result: RoundTrip = { compared: 0, unreadable: new Map(), mismatches: [], uncallable: 0, parts: 0 };
  const { seed = 1, mutate = (r: RecordedRequest) => r, unreadable = unreadableByMock } = options;
  const validators = requestValidators(contract);
  const credentials = () => 'round-trip-credential';
  for (const operation of operations) {
    // An operation the mock never routes (src/targets/mock.ts) is never called there: no reading to compare.
    if (operation.kind === 'webhook' || operation.skipReason || unroutable(operation)) {
      result.uncallable += 1;
      continue;
    }
    const planned = planRequest(contract, operation, { credentials });
    if (planned.skipReason && unsendableOperation(operation)) {
      result.uncallable += 1;
      continue;
    }
    result.parts += operation.parameters.length + (operation.requestBody ? 1 : 0);
    if (!planned.skipReason) {
      const encoded = encodedBody(planned.body);
      const request: RecordedRequest = mutate({
        method: planned.method,
        url: urlOf(BASE, planned),
        headers: { ...planned.headers, ...(encoded ? { 'content-type': encoded.contentType } : {}) },
        ...(encoded ? { body: encoded.text } : {}),
      });
      compare(
        result,
        unreadable,
        operation,
        'example',
        request,
        await readWithPrism(contract, operation, request),
        planned.values,
        planned.body,
      );
    }
    if (generated === 0) continue;
    let draws;
    try {
      draws = fc.sample(requestArbitrary(contract, operation), { seed, numRuns: generated });
    } catch (error) {
      if (error instanceof RequestPlanError) continue;
      throw error;
    }
    const parameters = styledParameters(contract, operation);
    for (const draw of draws) {
      if (requestViolation(operation, draw, validators)) continue;
      const request = mutate(renderRequest(operation, parameters, draw, { baseURL: BASE, credentials, security: operation.security }));
      const params = draw.params.map((p) => ({ in: p.location, name: p.name, value: p.value }));
      compare(result, unreadable, operation, 'generative', request, await readWithPrism(contract, operation, request), params, draw.body);
    }
  }
  return result;
}
