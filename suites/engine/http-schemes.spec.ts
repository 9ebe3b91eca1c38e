import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadContract } from '../../src/contract/load.ts';
import type { Contract, Operation } from '../../src/contract/types.ts';
import { planRequest } from '../../src/generate/plan-request.ts';
import { renderRequest, requestArbitrary, styledParameters } from '../../src/generate/arbitraries/request-arbitrary.ts';
import { mockCredential, unformableCredentials } from '../../src/targets/authorization.ts';

/**
 * An `http` security scheme is sent as the scheme the document names (RFC 9110 §11.6.2), not as Bearer: on a mock
 * the credential is one Prism's own security validator accepts; on a live target a challenge-response scheme
 * (Digest) whose credential cannot be formed without the server's challenge is a skip with the reason.
 */

const DOCUMENT = `
openapi: 3.0.3
info: { title: http schemes, version: '1' }
components:
  securitySchemes:
    digest: { type: http, scheme: digest }
    basic: { type: http, scheme: Basic }
    bearer: { type: http, scheme: bearer }
    token: { type: http, scheme: Token }
paths:
  /digest: { get: { security: [{ digest: [] }], responses: { '200': { description: ok } } } }
  /basic: { get: { security: [{ basic: [] }], responses: { '200': { description: ok } } } }
  /bearer: { get: { security: [{ bearer: [] }], responses: { '200': { description: ok } } } }
  /token: { get: { security: [{ token: [] }], responses: { '200': { description: ok } } } }
  /digest-or-key:
    get:
      security: [{ digest: [] }, { bearer: [] }]
      responses: { '200': { description: ok } }
`;

const require = createRequire(import.meta.url);
const fromPrism = createRequire(require.resolve('@stoplight/prism-http'));
const { validateSecurity } = fromPrism('./validator/validators/security') as {
  validateSecurity(input: { element: { headers: Record<string, string> }; resource: { security: unknown[][] } }): {
    _tag: 'Left' | 'Right';
  };
};

/** Prism 5.14's own verdict on a request's credentials for one scheme (its http-spec model lower-cases `scheme`). */
const prismAccepts = (headers: Record<string, string>, scheme: { type: string; scheme?: string }): boolean =>
  validateSecurity({
    element: { headers },
    resource: { security: [[{ type: scheme.type, scheme: scheme.scheme?.toLowerCase(), key: 'x' }]] },
  })._tag === 'Right';

let contract: Contract;
test.beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'http-schemes-')), 'schemes.yaml');
  writeFileSync(file, DOCUMENT);
  contract = await loadContract(file);
});
const operation = (path: string): Operation => contract.operations.find((o) => o.path === path)!;

test('a mock gets the scheme the document names, in a form its security validator accepts, on both paths', () => {
  const cases = [
    { path: '/digest', scheme: /^Digest username="mock", /, judged: true },
    { path: '/basic', scheme: /^Basic [A-Za-z0-9+/]+=*$/, judged: true },
    { path: '/bearer', scheme: /^Bearer mock-bearer$/, judged: true },
    { path: '/token', scheme: /^token mock-token$/i, judged: false },
  ];
  for (const { path, scheme, judged } of cases) {
    const op = operation(path);
    const planned = planRequest(contract, op, { credentials: mockCredential });
    expect(planned.skipReason, path).toBeUndefined();
    expect(planned.headers.authorization, path).toMatch(scheme);
    const [generated] = fc.sample(requestArbitrary(contract, op), { numRuns: 1, seed: 1 });
    const rendered = renderRequest(op, styledParameters(contract, op), generated, {
      baseURL: 'http://127.0.0.1:1',
      credentials: mockCredential,
      security: op.security,
    });
    expect(rendered.headers.authorization, path).toBe(planned.headers.authorization);
    // Prism judges Basic, Bearer and Digest; another scheme it does not check at all (a capability row says so).
    if (judged) expect(prismAccepts({ authorization: planned.headers.authorization! }, op.security[0][0]), path).toBe(true);
  }
});

test('the negative phase’s malformed and wrong credentials keep to the scheme’s own form where they should', () => {
  const op = operation('/digest');
  const [generated] = fc.sample(requestArbitrary(contract, op), { numRuns: 1, seed: 1 });
  const render = (auth: 'malformed' | 'wrong') =>
    renderRequest(op, styledParameters(contract, op), generated, {
      baseURL: 'http://127.0.0.1:1',
      credentials: mockCredential,
      security: op.security,
      auth,
    }).headers.authorization!;
  expect(render('malformed')).toMatch(/^Basic /);
  expect(render('wrong')).toMatch(/^Digest .*response="wrong"/);
  expect(prismAccepts({ authorization: render('malformed') }, op.security[0][0])).toBe(false);
});

test('a live target: a Digest credential cannot be formed from a held password, so the case says why', () => {
  const held = () => 'user:password';
  const digest = planRequest(contract, operation('/digest'), { credentials: held });
  expect(digest.skipReason).toMatch(/challenge-response scheme/);
  expect(digest.headers.authorization).toBeUndefined();
  expect(unformableCredentials(operation('/digest').security, held)).toMatch(/HTTP Digest/);
  // Another alternative that can be formed is taken instead.
  const either = planRequest(contract, operation('/digest-or-key'), { credentials: held });
  expect(either.skipReason).toBeUndefined();
  expect(either.headers.authorization).toBe('Bearer user:password');
  expect(unformableCredentials(operation('/digest-or-key').security, held)).toBeUndefined();
  // A session that holds a challenge's complete answer sends it.
  const answered = planRequest(contract, operation('/digest'), {
    credentials: () => 'username="u", realm="r", nonce="n", uri="/digest", response="abc"',
  });
  expect(answered.headers.authorization).toMatch(/^Digest username="u", .*response="abc"$/);
});
