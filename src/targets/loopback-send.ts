import { Agent, request as httpRequest } from 'node:http';
import { joinedHeaders, type Send } from '../core/wire.ts';
import { ResponseTooLargeError } from './errors.ts';
import { scrubValues } from '../core/secrets.ts';
import { secretValues } from './secret-values.ts';

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/**
 * A send for the loopback mock over node:http with kept-alive sockets: the same answer as `fetch` gives (status,
 * lower-case headers, the body as text, bounded in size and time, redirects not followed) at a fraction of its
 * cost per request, which is most of a generated request's price against a mock.
 */
export function loopbackSend(maxBytes: number): Send {
  const send = sendOnce(maxBytes);
  // The mock closes a kept-alive socket after its idle time-out; a request that takes that socket at the same moment
  // meets a reset before the mock read it. Node's advice (`request.reusedSocket`): send it again, once, on a new one.
  return async (request, timeoutMs) => {
    try {
      return await send(request, timeoutMs);
    } catch (error) {
      if (!(error instanceof StaleSocketError)) throw error;
      return send(request, timeoutMs);
    }
  };
}

class StaleSocketError extends Error {}

function sendOnce(maxBytes: number): Send {
  return (request, timeoutMs) =>
    new Promise((resolve, reject) => {
      const url = new URL(request.url);
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      const headers: Record<string, string> = { ...request.headers };
      if (body) headers['content-length'] = String(body.byteLength);
      const req = httpRequest(url, { method: request.method, headers, agent, timeout: timeoutMs }, (res) => {
        const out = joinedHeaders(res.headers);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > maxBytes) {
            res.destroy();
            reject(new ResponseTooLargeError(scrubValues(`${request.method} ${url.pathname}`, secretValues()), maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: out, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) =>
        reject(req.reusedSocket && error.code === 'ECONNRESET' ? new StaleSocketError(error.message) : error),
      );
      req.end(body);
    });
}
