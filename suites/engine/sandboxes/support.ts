/**
 * Helpers of the sandbox self-tests. They return data and never call `expect`: validation by contract schema
 * pointer, JSON calls with a sandbox's credentials, a raw GET that leaves gzip bodies compressed, a clock a test
 * moves by hand, and the generated sandbox-mode cases run against a sandbox.
 */
import { failsGate } from '../../../src/checks/findings.ts';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { SchemaValidators, type SchemaError } from '../../../src/checks/schema-validators.ts';
import type { Violation } from '../../../src/core/violation.ts';
import { loadContract } from '../../../src/contract/load.ts';
import type { Contract, Operation } from '../../../src/contract/types.ts';
import { casesFor } from '../../../src/generate/cases.ts';
import { exercise } from '../../../src/generate/exercise.ts';
import { envPrefix } from '../../../src/targets/env.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { sandboxProfile } from '../../../src/targets/sandbox.ts';
import { runState } from '../../../src/targets/run-state.ts';
import { fetchSend } from '../../../src/targets/transport.ts';
import { resolveTarget } from '../../../src/targets/target.ts';
import type { RunningSandbox } from '../../../fixtures/sandboxes/index.ts';
import { sandboxUrlVariable } from '../../../fixtures/sandboxes/index.ts';

export interface ContractSchemas {
  contract: Contract;
  validators: SchemaValidators;
  operation(operationId: string): Operation;
  /** Errors of `body` against the schema of `operationId`'s `status` response in `mediaType`; [] when it validates. */
  validate(operationId: string, status: number | string, body: unknown, mediaType?: string): SchemaError[];
}

/** The vendor's contract from `contracts/`, with validators compiled by schema pointer. */
export async function contractSchemas(vendor: string): Promise<ContractSchemas> {
  const contract = await loadContract(join(ROOT, 'contracts', `${vendor}.yaml`));
  const validators = new SchemaValidators(contract);
  const operation = (operationId: string): Operation => {
    const found = contract.operations.find((o) => o.id === operationId);
    if (!found) throw new Error(`${vendor} contract has no operation "${operationId}"`);
    return found;
  };
  return {
    contract,
    validators,
    operation,
    validate(operationId, status, body, mediaType = 'application/json') {
      const response = operation(operationId).responses.find((r) => r.status === String(status));
      if (!response) throw new Error(`${operationId} documents no ${status} response`);
      const media = response.content.find((m) => m.mediaType === mediaType);
      if (!media?.schemaPointer) throw new Error(`${operationId} ${status} documents no ${mediaType} schema`);
      return validators.validate(media.schemaPointer, body);
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET over node:http: unlike fetch it does not ask for or undo compression, so the wire body is visible. */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The statuses of `count` GETs of `url`, sent one after another over one kept-alive connection: the cheapest
 * way to make many calls (a rate limit's worth) to a loopback server.
 */
export async function statusesOfRepeatedGets(url: string, headers: Record<string, string>, count: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    return await Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<number>((resolve, reject) => {
            httpRequest(url, { agent, headers }, (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            })
              .on('error', reject)
              .end();
          }),
      ),
    );
  } finally {
    agent.destroy();
  }
}

export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

/** A clock that only moves when told to; starts at a fixed instant unless given one. */
export function manualClock(start = Date.UTC(2026, 0, 5, 12, 0, 0)): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface CaseFailure {
  operation: string;
  title: string;
  violations: string[];
}

/**
 * Runs every case the generated suite would run against this sandbox in `TARGET=sandbox` mode (writes allowed,
 * so the negative cases of write operations run too), through the suite's own vendor profile and target, and
 * returns the cases with violations that fail the gate, plus how many ran.
 */
export async function generatedCaseFailures(
  api: APIRequestContext,
  vendor: string,
  sandbox: RunningSandbox,
  schemas: ContractSchemas,
): Promise<{ ran: number; failures: CaseFailure[] }> {
  const project = `${vendor}@sandbox-selftest`;
  const env: NodeJS.ProcessEnv = { ...sandbox.credentials, [sandboxUrlVariable(vendor)]: sandbox.url };
  const session = await sandboxProfile(vendor).bootstrap({
    vendor,
    env,
    baseURL: sandbox.url,
    send: fetchSend,
    timeout: 5_000,
    contract: schemas.contract,
    prefix: `${envPrefix(vendor)}_`,
  });
  runState.session(project).write(session, env);
  const target = resolveTarget({ vendor, project, kind: 'sandbox', contract: schemas.contract, env });
  const failures: CaseFailure[] = [];
  let ran = 0;
  for (const operation of schemas.contract.operations) {
    for (const testCase of casesFor(operation, 'sandbox', { writes: true })) {
      if (testCase.skipReason) continue;
      ran++;
      const { violations } = await exercise(target, schemas.contract, schemas.validators, operation, testCase);
      // What the gate fails on; a contradicted guess (an assumption finding naming its rule) is a reading, not a failure.
      const failing = violations.filter((v) => failsGate(v, false));
      if (failing.length > 0) failures.push({ operation: operation.key, title: testCase.title, violations: failing.map(describe) });
    }
  }
  return { ran, failures };
}

const describe = (v: Violation): string => `[${v.check} › ${v.rule}] ${v.message}`;

/** Parses a JSON answer; the status and headers come along. */
export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** A JSON call to a sandbox: `body` sent as JSON (a string as it is, to send malformed JSON), `headers` by default. */
export type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => ReturnType<typeof getJson>;

/** Calls to `sandbox` with the given default headers (its credentials). */
export const caller =
  (sandbox: RunningSandbox, defaults: Record<string, string>): Call =>
  (method, path, body, headers = defaults) =>
    getJson(`${sandbox.url}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
