import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { filesUnder } from '../support/leaks.ts';

/** A drop-in contract with a bearer scheme: the generic sandbox profile sends `PROBE_TOKEN` on every call. */
export const PROBE_CONTRACT = `openapi: 3.1.0
info: { title: Probe, version: '1' }
security: [{ bearer: [] }]
paths:
  /records:
    get:
      operationId: listRecords
      responses:
        '200':
          description: Records
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/Record' } }
              examples: { one: { value: [{ id: '1' }] } }
        '401': { description: No credential }
  /records/{id}:
    get:
      operationId: getRecord
      parameters: [{ name: id, in: path, required: true, schema: { type: string }, example: '1' }]
      responses:
        '200':
          description: A record
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Record' }
              examples: { one: { value: { id: '1' } } }
        '401': { description: No credential }
        '404': { description: Not found }
components:
  securitySchemes: { bearer: { type: http, scheme: bearer } }
  schemas:
    Record:
      type: object
      required: [id]
      additionalProperties: false
      properties: { id: { type: string } }
`;

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HostileSandbox {
  url: string;
  /** Requests received so far. */
  requests: number;
  close(): Promise<void>;
}

/** A loopback server that misbehaves as `handler` says; it never reaches beyond 127.0.0.1. */
export async function startHostileSandbox(handler: Handler): Promise<HostileSandbox> {
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    state.requests++;
    req.resume();
    res.on('error', () => {});
    Promise.resolve(handler(req, res)).catch(() => res.destroy());
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The bearer token a request carried. */
export const tokenOf = (req: IncomingMessage): string => String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');

/** Every file under `dir` and the console output that contains `needle`. */
export function placesContaining(run: { output: string; reportsDir: string }, needle: string): string[] {
  const found = run.output.includes(needle) ? ['console output'] : [];
  for (const file of filesUnder(run.reportsDir)) if (readFileSync(file, 'latin1').includes(needle)) found.push(file);
  return found;
}

/** Bytes of all files under `dir`. */
export const sizeOf = (dir: string): number => filesUnder(dir).reduce((sum, file) => sum + readFileSync(file).byteLength, 0);
