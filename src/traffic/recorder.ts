/**
 * A recording reverse proxy in front of a local server (a Prism mock or a reference sandbox): every exchange
 * is forwarded unchanged, written to a HAR file as it completes (credentials redacted), and handed to a
 * listener for live findings. Answers that name the upstream's own address (links, `Location`) are rewritten
 * to the address the client used, so that a client only ever sees the proxy.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync, inflateSync, deflateSync } from 'node:zlib';
import { readCapped } from '../core/stream.ts';
import { joinedHeaders, type Exchange } from '../core/wire.ts';
import { TrafficError, TrafficErrorCode } from './errors.ts';
import { nameValues, type HarEntry, type HarWriter } from './har.ts';
import { redactRecordedBody, redactRecordedHeader, redactRecordedUrl } from './redact-recording.ts';

export interface RecorderOptions {
  /** The local server behind the proxy, `http://127.0.0.1:<port>`. */
  upstream: string;
  /** 127.0.0.1 unless the user asks for another interface. */
  host?: string;
  /** 0 for a free port. */
  port?: number;
  har?: HarWriter;
  /** Credential values to scrub wherever they appear (besides credential-named fields). */
  secrets?: string[];
  /** Called with each redacted exchange, in the order answers complete. */
  onExchange?: (exchange: Exchange, entry: HarEntry) => void;
  /**
   * Requests under `/_sandbox/` are the server's own controls (e.g. the sandbox clock): answered here, never
   * forwarded and never recorded, since they are not the vendor's API.
   */
  control?: (method: string, url: URL) => { status: number; body: unknown } | undefined;
}

export interface RunningRecorder {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 32 * 1024 * 1024;
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'content-length',
]);

export function startRecorder(options: RecorderOptions): Promise<RunningRecorder> {
  const upstream = new URL(options.upstream);
  const secrets = [...(options.secrets ?? [])].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'recorder could not reach the local server', message: error.message }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = new Date();
    const body = await readCapped(req, MAX_BODY);
    if (body === undefined) {
      res
        .writeHead(413, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: `request body larger than ${MAX_BODY} bytes` }));
      return;
    }
    const publicOrigin = `http://${req.headers.host ?? `${options.host ?? '127.0.0.1'}`}`;
    if (options.control && (req.url ?? '').startsWith('/_sandbox/')) {
      const answer = options.control((req.method ?? 'GET').toUpperCase(), new URL(req.url ?? '/', publicOrigin)) ?? {
        status: 404,
        body: { error: `no control ${req.method} ${(req.url ?? '').split('?')[0]}` },
      };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      return;
    }
    const headers = { ...req.headers, host: upstream.host };
    const answer = await forward(upstream, req.method ?? 'GET', req.url ?? '/', headers, body);
    const encoding = String(answer.headers['content-encoding'] ?? '').toLowerCase();
    let decoded = decode(answer.body, encoding);
    let wire = answer.body;
    if (decoded !== undefined && isText(answer.headers['content-type']) && decoded.includes(upstream.origin)) {
      decoded = Buffer.from(decoded.toString('utf8').split(upstream.origin).join(publicOrigin));
      wire = encode(decoded, encoding);
    }
    const outHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      outHeaders[name] = name === 'location' ? String(value).split(upstream.origin).join(publicOrigin) : value;
    }
    if (answer.status !== 204 && answer.status !== 304) outHeaders['content-length'] = String(wire.length);
    res.writeHead(answer.status, outHeaders);
    res.end(answer.status === 204 || answer.status === 304 ? undefined : wire);
    record(req, publicOrigin, body, answer.status, outHeaders, decoded ?? Buffer.alloc(0), started);
  }

  function record(
    req: IncomingMessage,
    origin: string,
    body: Buffer,
    status: number,
    headers: Record<string, string | string[]>,
    decoded: Buffer,
    started: Date,
  ): void {
    const requestHeaders = joinedHeaders(req.headers);
    const responseHeaders = joinedHeaders(headers);
    const requestType = requestHeaders['content-type'] ?? '';
    const responseType = responseHeaders['content-type'] ?? '';
    const exchange: Exchange = {
      request: {
        method: (req.method ?? 'GET').toUpperCase(),
        url: redactRecordedUrl(`${origin}${req.url ?? '/'}`, secrets),
        headers: Object.fromEntries(Object.entries(requestHeaders).map(([k, v]) => [k, redactRecordedHeader(k, v, secrets)])),
        body: body.length > 0 ? redactRecordedBody(body.toString('utf8'), requestType, secrets) : undefined,
      },
      response: {
        status,
        headers: Object.fromEntries(Object.entries(responseHeaders).map(([k, v]) => [k, redactRecordedHeader(k, v, secrets)])),
        text:
          isText(responseType) || responseType === '' ? (redactRecordedBody(decoded.toString('utf8'), responseType, secrets) ?? '') : '',
      },
    };
    const url = new URL(exchange.request.url);
    const entry: HarEntry = {
      startedDateTime: started.toISOString(),
      time: Date.now() - started.getTime(),
      request: {
        method: exchange.request.method,
        url: exchange.request.url,
        httpVersion: `HTTP/${req.httpVersion}`,
        cookies: [],
        headers: nameValues(exchange.request.headers),
        queryString: [...url.searchParams.entries()].map(([name, value]) => ({ name, value })),
        ...(exchange.request.body !== undefined ? { postData: { mimeType: requestType, text: exchange.request.body } } : {}),
        headersSize: -1,
        bodySize: body.length,
      },
      response: {
        status,
        statusText: '',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: nameValues(exchange.response.headers),
        content: { size: decoded.length, mimeType: responseType, ...(exchange.response.text ? { text: exchange.response.text } : {}) },
        redirectURL: exchange.response.headers.location ?? '',
        headersSize: -1,
        bodySize: decoded.length,
      },
      cache: {},
      timings: { send: 0, wait: Date.now() - started.getTime(), receive: 0 },
    };
    options.har?.append(entry);
    options.onExchange?.(exchange, entry);
  }

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${options.host ?? '127.0.0.1'}:${options.port ?? 0}`;
      reject(
        error.code === 'EADDRINUSE'
          ? new TrafficError(TrafficErrorCode.portInUse, `${where} is in use; pass another --port, or --port 0 for a free one`)
          : error,
      );
    });
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port, address, family } = server.address() as AddressInfo;
      const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : family === 'IPv6' ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function forward(upstream: URL, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: upstream.hostname, port: upstream.port, method, path, headers }, (response) => {
      readCapped(response, MAX_BODY).then((data) => {
        if (data === undefined) reject(new Error(`answer larger than ${MAX_BODY} bytes`));
        else resolve({ status: response.statusCode ?? 502, headers: response.headers, body: data });
      }, reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body.length > 0 ? body : undefined);
  });
}

function decode(body: Buffer, encoding: string): Buffer | undefined {
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(body);
    if (encoding === 'deflate') return inflateSync(body);
    if (encoding === 'br') return brotliDecompressSync(body);
    return encoding === '' || encoding === 'identity' ? body : undefined;
  } catch {
    return undefined;
  }
}

function encode(body: Buffer, encoding: string): Buffer {
  if (encoding === 'gzip' || encoding === 'x-gzip') return gzipSync(body);
  if (encoding === 'deflate') return deflateSync(body);
  if (encoding === 'br') return brotliCompressSync(body);
  return body;
}

const isText = (contentType: string | string[] | undefined): boolean =>
  /^(text\/|application\/(.+\+)?(json|xml)|application\/x-www-form-urlencoded)/i.test(String(contentType ?? ''));
