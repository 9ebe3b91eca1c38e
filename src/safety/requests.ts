/**
 * Requests the safety layer sends on its own (a singleton's read before its first write, a record created for a
 * write to point at, the clean-up's deletes and restores), built from the contract like any request of the run.
 */
import fc from 'fast-check';
import type { RecordedRequest } from '../core/wire.ts';
import type { Contract, Operation } from '../contract/types.ts';
import { withUniqueAddresses } from '../generate/unique-values.ts';
import { planRequest, encodedBody, urlOf } from '../generate/plan-request.ts';
import {
  exampleRequest,
  renderRequest,
  requestArbitrary,
  requestViolation,
  styledParameters,
  RequestPlanError,
  type GeneratedRequest,
} from '../generate/arbitraries/request-arbitrary.ts';
import { requestValidators } from '../generate/arbitraries/validity.ts';
import type { CredentialSource } from '../generate/plan-request.ts';

/** A request for `operation` with these values (by parameter or body field name) and the run's credentials. */
export function requestFor(
  contract: Contract,
  operation: Operation,
  baseURL: string,
  credentials: CredentialSource,
  values: Record<string, string>,
  body?: { mediaType: string; value: unknown },
  recordId?: string,
): RecordedRequest | { skipReason: string } {
  const planned = planRequest(contract, operation, { credentials, overrides: values, recordId });
  if (planned.skipReason) return { skipReason: planned.skipReason };
  if (body) {
    planned.body = { mediaType: body.mediaType, value: body.value, encoding: planned.body?.encoding };
    planned.headers['content-type'] = body.mediaType;
  }
  const encoded = encodedBody(planned.body);
  if (encoded?.contentType) planned.headers['content-type'] = encoded.contentType;
  return { method: planned.method, url: urlOf(baseURL, planned), headers: planned.headers, body: encoded?.text };
}

let drawn = 0;

/**
 * A few valid create requests, each with other values (a record's unique fields must differ from the last one's):
 * the contract's example first, then generated ones.
 */
export function createRequests(
  contract: Contract,
  create: Operation,
  baseURL: string,
  credentials: CredentialSource,
  overrides: Record<string, string>,
): RecordedRequest[] {
  const validators = requestValidators(contract);
  let candidates: GeneratedRequest[];
  try {
    candidates = fc
      .sample(requestArbitrary(contract, create, { overrides, livePaths: true }), { seed: (Date.now() % 1_000_000) + ++drawn, numRuns: 40 })
      .filter((r) => !requestViolation(create, r, validators))
      .slice(0, 5);
  } catch (error) {
    if (!(error instanceof RequestPlanError)) throw error;
    candidates = [];
  }
  const example = exampleRequest(contract, create, overrides);
  if (example) candidates.unshift(example);
  // A schema rarely says that an address must be one and must be unique, which most vendors check: each candidate
  // gets an address of its own where that keeps it valid.
  const seen = new Set<string>();
  const unique = candidates
    .map((request) => {
      const addressed = withUniqueAddresses(request);
      return requestViolation(create, addressed, validators) ? request : addressed;
    })
    .filter((request) => !requestViolation(create, request, validators))
    .filter((request) => {
      const key = JSON.stringify(request);
      return !seen.has(key) && seen.add(key) !== undefined;
    });
  const parameters = styledParameters(contract, create);
  return unique.map((request) => renderRequest(create, parameters, request, { baseURL, credentials, security: create.security }));
}
