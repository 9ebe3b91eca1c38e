import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contractFor } from '../../../src/contract/cache.ts';
import { discoverContracts } from '../../../src/contract/discover.ts';
import { casesFor } from '../../../src/generate/cases.ts';
import { exercise } from '../../../src/generate/exercise.ts';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import { failsGate, findingOf, strictMode } from '../../../src/checks/findings.ts';
import { describeExchange, describeViolations } from '../../../src/report/attach.ts';
import { formatViolations } from '../../../src/report/format.ts';
import { secretValues } from '../../../src/targets/secret-values.ts';
import { envPrefix } from '../../../src/targets/env.ts';
import { join } from 'node:path';
import { ROOT } from '../../../src/targets/paths.ts';
import { sandboxProfile, type SandboxContext } from '../../../src/targets/sandbox.ts';
import { runState } from '../../../src/targets/run-state.ts';
import { boundedFetchSend, DEFAULT_RETRY, politeSend, resetRateLimits, type RetryPolicy } from '../../../src/targets/transport.ts';
import { fcOptions } from '../../../src/properties/fc.ts';
import { conformanceMessage } from '../../../fixtures/matchers.ts';
import { resolveTarget } from '../../../src/targets/target.ts';
import { categoryOf } from './categories.ts';
import { startHostileSandbox } from './hostile.ts';

/**
 * Hostile sandboxes against each vendor's sandbox path (its bootstrap, then generated cases through the live
 * target's transport): whatever the sandbox does, every case ends, nothing secret is rendered, and every failure
 * lands in a named Allure category. The budget is judged by awaiting with a generous bound and by counting calls,
 * never by timing.
 */
test.describe.configure({ mode: 'parallel', timeout: 240_000 });

const MAX_BYTES = 64 * 1024;
const CASE_BOUND_MS = 90_000;
const TIMEOUT_MS = 400;
/**
 * The run's retry logic at a shorter scale: the same attempts and the same decisions (retry within patience, give
 * up beyond it), with back-offs of milliseconds. A `Retry-After` of 0 is waited for and retried; 1 s or more is past
 * this patience and ends the request as the run's own patience ends a longer one.
 */
const FUZZ_RETRY: RetryPolicy = { ...DEFAULT_RETRY, baseDelayMs: 10, maxDelayMs: 500 };

/** What one hostile sandbox does with every request. */
interface Behaviour {
  status: number;
  contentType: string | undefined;
  retryAfter: string | undefined;
  body:
    | { kind: 'json'; value: unknown }
    | { kind: 'grant' }
    | { kind: 'raw'; text: string }
    | { kind: 'huge'; bytes: number }
    | { kind: 'gzip-bomb' }
    | { kind: 'bad-gzip' }
    | { kind: 'empty' };
  /** Where the sandbox echoes what the request carried (credentials included). */
  echo: ('header-name' | 'header-value' | 'json-key' | 'json-value')[];
  delayMs: number;
  end: 'whole' | 'drip' | 'truncate' | 'reset' | 'hang';
  redirect: string | undefined;
  /** Hostile from the first call, or only once the bootstrap got its grant (so that the generated cases meet it). */
  hostileFrom: 'start' | 'after-bootstrap';
}

export const BehaviourArb: fc.Arbitrary<Behaviour> = fc.record({
  status: fc.oneof(
    fc.constantFrom(200, 201, 204, 301, 302, 307, 400, 401, 404, 429, 500, 502, 503, 504),
    fc.integer({ min: 200, max: 599 }),
  ),
  contentType: fc.option(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-16',
      'text/html',
      'application/problem+json',
      'application/octet-stream',
      ';;;',
    ),
    { nil: undefined },
  ),
  retryAfter: fc.option(fc.constantFrom('0', '1', '3600', 'soon', 'Wed, 21 Oct 2065 07:28:00 GMT', '-5'), { nil: undefined }),
  body: fc.oneof(
    fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 3 }) }),
    fc.record({ kind: fc.constant('grant' as const) }),
    fc.record({ kind: fc.constant('raw' as const), text: fc.string({ unit: 'binary', maxLength: 200 }) }),
    fc.record({ kind: fc.constant('huge' as const), bytes: fc.integer({ min: MAX_BYTES + 1, max: 4 * MAX_BYTES }) }),
    fc.constant({ kind: 'gzip-bomb' as const }),
    fc.constant({ kind: 'bad-gzip' as const }),
    fc.constant({ kind: 'empty' as const }),
  ),
  // Mostly everywhere at once, so that each run tries every place a secret could be rendered from.
  echo: fc.oneof(
    { weight: 3, arbitrary: fc.constant(['header-name', 'header-value', 'json-key', 'json-value'] as Behaviour['echo']) },
    { weight: 1, arbitrary: fc.subarray(['header-name', 'header-value', 'json-key', 'json-value'] as const) },
  ),
  delayMs: fc.integer({ min: 0, max: 150 }),
  end: fc.constantFrom('whole', 'whole', 'whole', 'drip', 'truncate', 'reset', 'hang'),
  redirect: fc.option(fc.constantFrom('http://example.invalid/steal', 'file:///etc/passwd', '/elsewhere'), { nil: undefined }),
  hostileFrom: fc.constantFrom('start', 'after-bootstrap'),
}) as fc.Arbitrary<Behaviour>;

let bomb: Buffer | undefined;
/** 16 MB of spaces, gzipped to a few kB: built once, since compressing it costs more than the rest of a case. */
const gzipBomb = (): Buffer => (bomb ??= gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20)));

const TOKEN_CHARS = /^[A-Za-z0-9._~-]{4,}$/;

/** Everything a request carried that a sandbox could echo back: header values, query values, body strings. */
async function carried(req: IncomingMessage): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const values = Object.values(req.headers)
    .flat()
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.replace(/^(Bearer|Basic)\s+/i, ''));
  const url = new URL(req.url ?? '/', 'http://x');
  values.push(...url.searchParams.values());
  const body = Buffer.concat(chunks).toString('utf8');
  values.push(...new URLSearchParams(body).values(), ...(body.match(/"([^"\\]{4,})"/g) ?? []).map((s) => s.slice(1, -1)));
  return values.filter((v) => TOKEN_CHARS.test(v));
}

const FRIENDLY: Behaviour = {
  status: 200,
  contentType: 'application/json',
  retryAfter: undefined,
  body: { kind: 'grant' },
  echo: [],
  delayMs: 0,
  end: 'whole',
  redirect: undefined,
  hostileFrom: 'start',
};

function respond(hostile: Behaviour, state: { hostile: boolean }): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const behaviour = state.hostile ? hostile : FRIENDLY;
    const echoed = await carried(req);
    await new Promise((r) => setTimeout(r, behaviour.delayMs));
    if (behaviour.end === 'reset') return void res.destroy();
    if (behaviour.end === 'hang') return; // never answers: the client's time-out ends it
    const headers: Record<string, string> = {};
    if (behaviour.contentType) headers['content-type'] = behaviour.contentType;
    if (behaviour.retryAfter) headers['retry-after'] = behaviour.retryAfter;
    if (behaviour.redirect) headers.location = behaviour.redirect;
    echoed.forEach((value, i) => {
      if (behaviour.echo.includes('header-name')) headers[`x-echo-${i}-${value}`.slice(0, 200)] = '1';
      if (behaviour.echo.includes('header-value')) headers[`x-seen-${i}`] = value;
    });
    const echoJson = (value: unknown): unknown => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      echoed.forEach((seen, i) => {
        if (behaviour.echo.includes('json-key')) out[seen] = i;
        if (behaviour.echo.includes('json-value')) out[`seen_${i}`] = seen;
      });
      return out;
    };
    let body: Buffer;
    const b = behaviour.body;
    if (b.kind === 'json') body = Buffer.from(JSON.stringify(echoJson(b.value)) ?? '');
    else if (b.kind === 'grant') {
      // Shaped like the bootstraps' grants, so that the run goes on past the bootstrap with these tokens.
      const grant = echoJson({
        request_key: 'srv-request-key-0001',
        access_token: 'srv-access-token-0001',
        token_type: 'Bearer',
        expires_in: 3600,
        patient_id: 'p1',
        items: [{ patient_id: 'p1' }],
      });
      body = Buffer.from(JSON.stringify(grant));
    } else if (b.kind === 'raw') body = Buffer.from(b.text, 'binary');
    else if (b.kind === 'huge') body = Buffer.alloc(b.bytes, 0x61);
    else if (b.kind === 'gzip-bomb') {
      headers['content-encoding'] = 'gzip';
      body = gzipBomb();
    } else if (b.kind === 'bad-gzip') {
      headers['content-encoding'] = 'gzip';
      body = Buffer.from('not gzip at all');
    } else body = Buffer.alloc(0);
    try {
      if (behaviour.end === 'truncate') {
        res.writeHead(behaviour.status, { ...headers, 'content-length': String(body.length + 1000) });
        res.write(body.subarray(0, Math.floor(body.length / 2)));
        setTimeout(() => res.destroy(), 20);
        return;
      }
      res.writeHead(behaviour.status, headers);
      if (behaviour.end === 'drip') {
        for (let i = 0; i < body.length && !res.destroyed; i += Math.max(1, Math.ceil(body.length / 5))) {
          res.write(body.subarray(i, i + Math.ceil(body.length / 5)));
          await new Promise((r) => setTimeout(r, 30));
        }
        res.end();
        return;
      }
      res.end(body);
    } catch {
      res.destroy(); // a header the fuzz made that Node refuses: the client sees a reset
    }
  };
}

/** The run every fuzz starts with: through the bootstrap, then 200 JSON answers that echo what each request carried. */
const ECHOING_AFTER_BOOTSTRAP: Behaviour = {
  ...FRIENDLY,
  body: { kind: 'json', value: { ok: true } },
  echo: ['header-name', 'header-value', 'json-key', 'json-value'],
  hostileFrom: 'after-bootstrap',
};

/** Categories a sandbox's misbehaviour may land in: whose fault is named, and never the engine's. */
const NAMED_FOR_ERRORS = new Set(['sandbox unavailable', 'sandbox rate limited', 'response too large']);
const NAMED_FOR_VIOLATIONS = new Set([
  'contract violation',
  'vendor error',
  // With STRICT=1 a finding fails its test; its category comes from the test's `finding` label.
  'contract assumption contradicted: update the contract?',
  'document gap',
  'document defect',
]);

/** Awaits `work`, failing the property if it has not ended after a generous bound (a hang, not slowness). */
async function withinBound<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end`)), CASE_BOUND_MS);
  });
  try {
    return await Promise.race([work, bound]);
  } finally {
    clearTimeout(timer);
  }
}

const vendors = discoverContracts(join(ROOT, 'contracts'));

test('the fuzz covers every vendor contract', () => {
  expect(vendors.length).toBeGreaterThan(0);
});

for (const { vendor, file } of vendors) {
  test(`${vendor}: a hostile sandbox ends within budget, leaks no secret, and every failure is named`, async () => {
    const contract = await contractFor(file);
    const validators = new SchemaValidators(contract);
    const profile = sandboxProfile(vendor);
    const prefix = `${envPrefix(vendor)}_`;
    const operations = contract.operations.filter((op) => casesFor(op, 'sandbox', { writes: true }).some((c) => !c.skipReason)).slice(0, 2);
    // A contract that documents operations must give the fuzz some to send; one that documents none (journy.io,
    // HubSpot Webhooks) has its bootstrap fuzzed alone, and says so.
    expect(operations.length > 0 || contract.operations.length === 0, `${vendor}: no operation of the contract has a case to send`).toBe(
      true,
    );
    if (operations.length === 0)
      test.info().annotations.push({ type: 'fuzz', description: 'the contract documents no operation: the bootstrap alone is fuzzed' });
    const casesPerSession = operations.flatMap((op) =>
      casesFor(op, 'sandbox', { writes: true })
        .filter((c) => !c.skipReason)
        .slice(0, 2),
    ).length;
    const stats = { cases: 0, exchanges: 0, failures: 0, bootstraps: 0, bootstrapFailures: 0, caseFailures: 0 };
    const parameters = fcOptions({ kind: 'target', numRuns: 8 });
    test.info().annotations.push({ type: 'fc-seed', description: `FC_SEED=${parameters.seed} (numRuns ${parameters.numRuns})` });

    await fc.assert(
      fc.asyncProperty(BehaviourArb, async (behaviour) => {
        stats.cases++;
        resetRateLimits();
        const state = { hostile: behaviour.hostileFrom === 'start' };
        const sandbox = await startHostileSandbox(respond(behaviour, state));
        const project = `${vendor}-fuzz-${stats.cases}`;
        const credentials: Record<string, string> = {};
        const names = profile.required.length > 1 ? profile.required : [...profile.required, ...(profile.optional ?? []).slice(0, 1)];
        for (const name of names)
          credentials[name] = name.endsWith('BASE_URL') ? sandbox.url : `fz-${name.toLowerCase().replace(/_/g, '-')}-${stats.cases}x`;
        const saved = { ...process.env };
        Object.assign(process.env, credentials);
        const rendered: string[] = [];
        const named = async (error: unknown, where: string) => {
          const message = (error as Error).message ?? String(error);
          rendered.push(message);
          const category = await categoryOf(message, 'broken');
          expect(NAMED_FOR_ERRORS.has(category ?? ''), `${where} failed outside a named category (${category}): ${message}`).toBe(true);
          stats.failures++;
        };
        try {
          const env = { ...process.env, REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) };
          const ctx: SandboxContext = {
            vendor,
            env,
            baseURL: sandbox.url,
            send: politeSend(project, boundedFetchSend(MAX_BYTES), FUZZ_RETRY),
            timeout: TIMEOUT_MS,
            contract,
            prefix,
          };
          let session;
          try {
            session = await withinBound(profile.bootstrap(ctx), 'the bootstrap');
            stats.bootstraps++;
          } catch (error) {
            if (/did not end/.test((error as Error).message)) throw error;
            // A bootstrap refusal names its step (SANDBOX_BOOTSTRAP), which the "sandbox unavailable" category holds.
            await named(error, 'the bootstrap');
            stats.bootstrapFailures++;
          }
          state.hostile = true;
          if (session) {
            runState.session(project).write(session);
            const target = resolveTarget({
              vendor,
              project,
              kind: 'sandbox',
              contract,
              env: { ...process.env, MAX_RESPONSE_BYTES: String(MAX_BYTES), REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) },
              retry: FUZZ_RETRY,
            });
            for (const [operation, testCase] of operations.flatMap((op) =>
              casesFor(op, 'sandbox', { writes: true })
                .filter((c) => !c.skipReason)
                .slice(0, 2)
                .map((c) => [op, c] as const),
            )) {
              try {
                const result = await withinBound(exercise(target, contract, validators, operation, testCase), `${operation.key}`);
                stats.exchanges++;
                rendered.push(
                  describeExchange(result.exchange),
                  describeViolations(result.violations),
                  formatViolations(result.violations),
                );
                // What fails the gate, as `toConform` decides it: a finding that only STRICT=1 turns into a failure
                // (a contradicted assumption, say) passes the test and is labelled, so it needs no failure category.
                const errors = result.violations.filter((v) => failsGate(v, strictMode()));
                if (errors.length > 0) {
                  const message = conformanceMessage(errors, 'sandbox', project);
                  rendered.push(message);
                  const findings = [...new Set(errors.map(findingOf).filter((kind) => kind !== 'violation'))];
                  const category = await categoryOf(message, 'failed', findings);
                  expect(
                    NAMED_FOR_VIOLATIONS.has(category ?? ''),
                    `${operation.key}: violations outside a named category (${category}): ${message.slice(0, 500)}`,
                  ).toBe(true);
                }
              } catch (error) {
                if (/did not end/.test((error as Error).message)) throw error;
                await named(error, operation.key);
                stats.caseFailures++;
              }
            }
          }
          // Whatever was rendered for the report or the console holds no credential the run knows.
          const secrets = secretValues();
          expect(secrets.length, 'the fuzz knows some secrets').toBeGreaterThan(0);
          for (const text of rendered)
            for (const secret of secrets) expect(text.includes(secret), `a secret reached the report: ${secret}`).toBe(false);
          // Bounded calls: attempts × (bootstrap steps + operations), never a retry storm.
          expect(sandbox.requests).toBeLessThanOrEqual(3 * (6 + 2 * 2 * operations.length));
        } finally {
          for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
          Object.assign(process.env, saved);
          await sandbox.close();
        }
      }),
      // The first run always reaches the cases: a friendly bootstrap, then a sandbox answering 200 with JSON that
      // echoes every credential back, so each vendor's cases are judged and scanned for leaks whatever the seed.
      { numRuns: parameters.numRuns, seed: parameters.seed, endOnFailure: true, examples: [[ECHOING_AFTER_BOOTSTRAP]] },
    );

    expect(stats.cases, 'the property ran').toBe(parameters.numRuns);
    // Every case is accounted for: each bootstrap got through or failed by name, and after each one that got through,
    // every case of every operation was judged or failed by name.
    expect(stats.bootstraps + stats.bootstrapFailures, 'bootstraps through or failed by name').toBe(stats.cases);
    expect(stats.exchanges + stats.caseFailures, 'cases judged or failed by name').toBe(stats.bootstraps * casesPerSession);
    expect(stats.bootstraps, 'bootstraps through (the first run is friendly until then)').toBeGreaterThan(0);
    if (casesPerSession > 0) expect(stats.exchanges, 'exchanges judged').toBeGreaterThan(0);
    test.info().annotations.push({
      type: 'fuzz',
      description: `${stats.cases} sandboxes, ${stats.bootstraps} bootstraps through, ${stats.exchanges} exchanges judged, ${stats.failures} named failures`,
    });
  });
}
