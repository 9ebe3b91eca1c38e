import fc from 'fast-check';
import type { Operation } from '../../contract/types.ts';
import { parseJsonOrUndefined } from '../../core/json.ts';
import { isObject } from '../../core/pointer.ts';
import type { Exchange } from '../../core/wire.ts';
import type { Violation } from '../../core/violation.ts';
import { asAssumption } from '../../checks/findings.ts';
import { fcOptions } from '../../properties/fc.ts';
import {
  curlCommand,
  exampleRequest,
  renderRequest,
  requestArbitrary,
  requestViolation,
  styledParameters,
  RequestPlanError,
  type GeneratedRequest,
} from '../arbitraries/request-arbitrary.ts';
import { requestValidators } from '../arbitraries/validity.ts';
import { withUniqueAddresses } from '../unique-values.ts';
import { readbackDifferences } from './readback.ts';
import { readAfterWriteProvenance, resourceOf, type ResourceLinks } from './resources.ts';
import { check } from './check.ts';
import type { PhaseContext, PhaseOutcome } from './types.ts';

export { resourceOf, type ResourceLinks };

/** The record's id in a create answer: the item parameter's name, or `id`, at the top or one wrapper down. */
export function idIn(body: unknown, parameter: string): string | undefined {
  const names = [parameter, 'id', parameter.replace(/_id$/, 'Id')];
  const look = (node: unknown, depth: number): string | undefined => {
    if (Array.isArray(node)) return depth > 0 ? look(node[0], depth - 1) : undefined;
    if (!isObject(node)) return undefined;
    for (const name of names) if (typeof node[name] === 'string' || typeof node[name] === 'number') return String(node[name]);
    if (depth === 0) return undefined;
    for (const value of Object.values(node)) {
      const found = look(value, depth - 1);
      if (found) return found;
    }
    return undefined;
  };
  return look(body, 2);
}

const ok = (exchange: Exchange) => exchange.response.status >= 200 && exchange.response.status < 300;

/** The written body's top-level scalars, as text: the keys a singleton's read takes (`pmsId` written, `?pmsId=` read). */
export function keysOf(body: unknown): Record<string, string> {
  if (!isObject(body)) return {};
  return Object.fromEntries(
    Object.entries(body)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      .map(([k, v]) => [k, String(v)]),
  );
}

/**
 * Stateful phase over one resource: create (a generated valid body), read it back and compare what was written
 * (read-only fields aside), update and read the change, find it in the list, delete and read a 404/410. A
 * collection's id comes from the create answer, a singleton's keys from the body written (feedback), so reads hit
 * the record just made. Whatever was created is deleted at the end, also when a step fails; a singleton without a
 * DELETE gets its previous state written back where the contract allows that state as a body.
 *
 * A read that shows other values than those written is a finding about the contract unless the contract marks the
 * round trip documented (`x-read-after-write`): few documents state it.
 */
export async function statefulPhase(ctx: PhaseContext, resource: ResourceLinks): Promise<PhaseOutcome> {
  const outcome: PhaseOutcome = { violations: [], exchanges: [], sent: 0, discarded: 0, notes: [] };
  const validators = requestValidators(ctx.contract);
  const overrides = ctx.target.kind === 'sandbox' ? (await ctx.target.session()).values : undefined;
  const parameters = fcOptions({ kind: 'target', numRuns: ctx.examples });
  const singleton = resource.kind === 'singleton';
  outcome.seed = parameters.seed;
  const sample = (operation: Operation, fed?: Record<string, string>): GeneratedRequest | undefined => {
    // Values fed back from the create (its id, or a singleton's keys) name the record just made in every later call,
    // in the path and where the body names the record again.
    const recordId = !singleton && resource.idParameter ? fed?.[resource.idParameter] : undefined;
    try {
      return fc
        .sample(
          requestArbitrary(ctx.contract, operation, {
            overrides: { ...overrides, ...fed },
            livePaths: true,
            overrideBodies: singleton,
            recordId,
          }),
          {
            seed: parameters.seed,
            numRuns: 30,
          },
        )
        .find((r) => !requestViolation(operation, r, validators));
    } catch (error) {
      if (error instanceof RequestPlanError) return undefined;
      throw error;
    }
  };
  const call = async (operation: Operation, request: GeneratedRequest): Promise<Exchange> => {
    const session = await ctx.target.session();
    const recorded = renderRequest(operation, styledParameters(ctx.contract, operation), request, {
      baseURL: ctx.target.baseURL,
      credentials: ctx.target.credential(session),
      security: operation.security,
    });
    const response = await ctx.target.send(recorded, ctx.target.timeout);
    outcome.sent += 1;
    const exchange = { request: recorded, response };
    // Every answer of the sequence is held to the contract as any other answer is (schemas, headers, vendor rules);
    // what the sequence itself expects (a 200 for the record just made, a 404 after deleting it) is judged below.
    const found = check(ctx, exchange, undefined, true, operation);
    if (found.length > 0) {
      outcome.violations.push(...found);
      if (found.some((v) => v.severity === 'error'))
        outcome.exchanges.push({ label: `${operation.key} answer`, exchange, curl: curlCommand(exchange.request) });
    }
    return exchange;
  };
  const report = (operation: Operation, exchange: Exchange, rule: string, message: string, assumed = false) => {
    const violation: Violation = {
      check: 'generative-stateful',
      operation: operation.key,
      rule,
      status: exchange.response.status,
      message,
      docSource: operation.docSource,
      severity: 'error',
    };
    outcome.violations.push(assumed ? asAssumption(violation, readAfterWriteProvenance(ctx.contract, operation)) : violation);
    outcome.exchanges.push({ label: `${rule} (${operation.key})`, exchange, curl: curlCommand(exchange.request) });
  };
  const compare = (operation: Operation, exchange: Exchange, written: unknown, rule: string, verb: string) => {
    for (const difference of readbackDifferences(written, parseJsonOrUndefined(exchange.response.text)))
      report(
        operation,
        exchange,
        rule,
        `Field "${difference.field}": ${verb} ${JSON.stringify(difference.written)}, read ${JSON.stringify(difference.read)}`,
        true,
      );
  };

  // A valid body may still be refused for what a schema cannot say (a duplicate e-mail, say): a few tries.
  let creates: GeneratedRequest[];
  try {
    creates = fc
      .sample(requestArbitrary(ctx.contract, resource.create, { overrides, livePaths: true, overrideBodies: singleton }), {
        seed: parameters.seed,
        numRuns: 60,
      })
      .filter((r) => !requestViolation(resource.create, r, validators))
      .slice(0, 4);
    // The vendor's own example knows the rules a schema cannot say; generated bodies come after it.
    const example = exampleRequest(ctx.contract, resource.create, overrides, singleton);
    if (example && !requestViolation(resource.create, example, validators)) creates.splice(1, 0, example);
    // A record's address must be one and be unique, which few schemas say: each create gets one of its own.
    if (!singleton)
      creates = creates.map((request) => {
        const addressed = withUniqueAddresses(request);
        return requestViolation(resource.create, addressed, validators) ? request : addressed;
      });
  } catch (error) {
    if (!(error instanceof RequestPlanError)) throw error;
    creates = [];
  }
  if (creates.length === 0) return { ...outcome, skipReason: `no valid request for ${resource.create.key}` };

  // A singleton is overwritten, not added: its state before the run is read first, to be written back after it.
  let previous: { state: unknown; request: GeneratedRequest } | undefined;
  if (singleton && resource.read && !resource.remove) {
    const before = sample(resource.read, keysOf(creates[0].body?.value));
    if (before) {
      const exchange = await call(resource.read, before);
      if (exchange.response.status === 200) previous = { state: parseJsonOrUndefined(exchange.response.text), request: creates[0] };
    }
  }

  let created: GeneratedRequest | undefined;
  let createExchange: Exchange | undefined;
  for (const candidate of creates) {
    createExchange = await call(resource.create, candidate);
    if (ok(createExchange)) {
      created = candidate;
      break;
    }
  }
  if (!created || !createExchange) {
    return {
      ...outcome,
      skipReason: `the create call answered ${createExchange?.response.status} to ${creates.length} valid request(s); the generative positive phase judges those answers`,
    };
  }
  let fed: Record<string, string>;
  let label: string;
  if (resource.kind === 'collection') {
    const id = idIn(parseJsonOrUndefined(createExchange.response.text), resource.idParameter!);
    if (!id) {
      outcome.notes.push(`the create answer carries no "${resource.idParameter}" or "id": the record cannot be named to delete it`);
      return { ...outcome, skipReason: `the create answer carries no "${resource.idParameter}" or "id" to read the record back with` };
    }
    fed = { [resource.idParameter!]: id };
    label = `the record ${id}`;
  } else {
    fed = keysOf(created.body?.value);
    label = `the record at ${resource.create.path}`;
  }
  let deleted = false;
  try {
    const readRequest = resource.read ? sample(resource.read, fed) : undefined;
    if (resource.read && !readRequest) outcome.notes.push(`no valid request for ${resource.read.key}: ${label} is not read back`);
    if (resource.read && readRequest) {
      const read = await call(resource.read, readRequest);
      if (read.response.status !== 200)
        report(
          resource.read,
          read,
          'created-record-not-found',
          `Received: ${read.response.status}\nExpected: 200 for ${label} just written`,
        );
      else compare(resource.read, read, created.body?.value, 'created-record-differs', 'written');
    }
    if (resource.list && resource.kind === 'collection') {
      const listRequest = sample(resource.list);
      if (listRequest) {
        const list = await call(resource.list, listRequest);
        const id = fed[resource.idParameter!];
        // A list may page: not finding the record is a finding about the contract's reading, not the vendor.
        if (list.response.status === 200 && !list.response.text.includes(JSON.stringify(id)) && !list.response.text.includes(id))
          report(resource.list, list, 'created-record-not-listed', `The list does not contain ${label} just created`, true);
      }
    }
    if (resource.update) {
      const update = sample(resource.update, fed);
      if (update) {
        const updated = await call(resource.update, update);
        if (ok(updated) && resource.read && readRequest) {
          const again = await call(resource.read, readRequest);
          compare(resource.read, again, update.body?.value, 'update-not-visible', 'updated to');
        }
      }
    }
    if (resource.remove) {
      const removal = sample(resource.remove, fed);
      if (removal) {
        const removed = await call(resource.remove, removal);
        // A refusal may be a rule the schema cannot say (a client with appointments): the positive phase judges the status.
        if (!ok(removed)) outcome.notes.push(`deleting ${label} answered ${removed.response.status}: it may stay on the target`);
        else {
          deleted = true;
          const documentsGone = resource.read?.responses.some((r) => r.status === '404' || r.status === '410') ?? false;
          // A singleton read after removal may answer an empty state: only a documented 404/410 is expected of it.
          if (resource.read && readRequest && (resource.kind === 'collection' || documentsGone)) {
            const gone = await call(resource.read, readRequest);
            const goneOk = documentsGone
              ? gone.response.status === 404 || gone.response.status === 410
              : gone.response.status >= 400 && gone.response.status < 500;
            if (!goneOk)
              report(
                resource.read,
                gone,
                'deleted-record-still-readable',
                `Received: ${gone.response.status}\nExpected: ${documentsGone ? '404 or 410' : 'a 4xx'} after deleting ${label}`,
              );
          }
        }
      }
    }
  } finally {
    if (!deleted && resource.remove) {
      const removal = sample(resource.remove, fed);
      if (removal) await call(resource.remove, removal).catch(() => undefined);
      else outcome.notes.push(`${label} could not be deleted: no valid delete request`);
    } else if (!resource.remove && previous) {
      await restore(previous.state, created).catch(() => undefined);
    } else if (!resource.remove) {
      outcome.notes.push(`the contract documents no DELETE for ${resource.read?.path ?? resource.create.path}; ${label} stays`);
    }
  }
  return outcome;

  /** Writes a singleton's earlier state back: in place of the part of the body the read showed, if the contract allows it. */
  async function restore(state: unknown, written: GeneratedRequest): Promise<void> {
    const body = written.body?.value;
    // The state as the whole body (`{ organizationId, pmsId, fields }` read back), or in place of one part of it (the config).
    const candidates: unknown[] = [state];
    if (isObject(body)) for (const key of Object.keys(body)) if (isObject(body[key])) candidates.push({ ...body, [key]: state });
    const valid = candidates
      .map((value) => ({ ...written, body: { mediaType: written.body!.mediaType, value } }))
      .find((request) => written.body && !requestViolation(resource.create, request, validators));
    if (!valid) {
      outcome.notes.push(
        `the earlier state of ${label} (${JSON.stringify(state)?.slice(0, 80)}) is no valid body for ${resource.create.key}: not written back`,
      );
      return;
    }
    const exchange = await call(resource.create, valid);
    if (!ok(exchange)) outcome.notes.push(`writing back the earlier state of ${label} answered ${exchange.response.status}`);
  }
}

export type { Violation };
