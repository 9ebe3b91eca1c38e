/**
 * `node --import tsx mock-crash.ts [survive]`: starts a mock in this process for a document with a matrix-style
 * array path parameter (which Prism 5.14 cannot read: the exception escapes its server), sends that request and
 * then an ordinary one, and prints what happened as one JSON line. Run as a child so the process-wide handler
 * stays out of the test worker.
 */
import { startMock, surviveMockCrashes } from '../../../src/targets/mock.ts';

const document = {
  openapi: '3.0.3',
  info: { title: 'crash', version: '1' },
  paths: {
    '/items{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, style: 'matrix', schema: { type: 'array', items: { type: 'string' } } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { example: { ok: true } } } } },
      },
    },
    '/ping': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { example: { pong: true } } } } } } },
  },
};

const logged: string[] = [];
if (process.argv[2] === 'survive') surviveMockCrashes((line) => logged.push(line));
const mock = await startMock({ vendor: 'crash', document } as never);
// The crashing request is never answered, so its wait only bounds the test; the next one may be slow on a busy
// machine, so it gets a hang guard, not a speed limit.
const status = (path: string, waitMs: number) =>
  fetch(mock.url + path, { signal: AbortSignal.timeout(waitMs) }).then(
    (response) => response.status,
    (error: Error) => error.name,
  );
const crashing = await status('/items;id=a,b', 3000);
const after = await status('/ping', 120_000);
process.stdout.write(`${JSON.stringify({ crashing, after, logged })}\n`);
process.exit(0);
