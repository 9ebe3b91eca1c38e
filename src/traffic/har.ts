/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): reading recorded traffic from any recorder
 * (these servers, browsers, Playwright's `recordHar`, proxies) into exchanges, and writing it incrementally so
 * that the file on disk is complete and valid after every exchange, whatever ends the process.
 */
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type * as Har from 'har-format';
import type { Exchange } from '../core/wire.ts';
import { TrafficError, TrafficErrorCode } from './errors.ts';
import { isObject as isRecord } from '../core/pointer.ts';

/** HAR 1.2 as the community types describe it (`@types/har-format`), with the `_file` extension Playwright writes. */
export type HarNameValue = Pick<Har.Header, 'name' | 'value'>;
export type HarEntry = Omit<Har.Entry, 'response'> & {
  response: Omit<Har.Response, 'content'> & { content: Har.Content & { _file?: string } };
};

/** One recorded exchange read from a HAR file, with its position (1-based) for findings. */
export interface TrafficEntry {
  index: number;
  startedDateTime?: string;
  exchange: Exchange;
}

export interface ReadHar {
  entries: TrafficEntry[];
  /** Entries that cannot be checked (no answer: aborted, blocked, failed), each with why. */
  skipped: { index: number; url: string; reason: string }[];
  creator?: string;
}

const MAX_HAR_BYTES = 512 * 1024 * 1024;
const MAX_ATTACHED_BYTES = 64 * 1024 * 1024;

/** Reads a HAR file; throws `TRAFFIC_HAR_UNREADABLE`/`TRAFFIC_HAR_INVALID` naming the file and what is wrong. */
export function readHar(file: string): ReadHar {
  let text: string;
  try {
    if (statSync(file).size > MAX_HAR_BYTES) throw new Error(`larger than ${MAX_HAR_BYTES / 1024 / 1024} MiB`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TrafficError(TrafficErrorCode.harUnreadable, `${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TrafficError(TrafficErrorCode.harInvalid, `${file}: not JSON (${(error as Error).message}); pass a HAR 1.2 file`);
  }
  return harEntries(parsed, file);
}

/** The exchanges of a parsed HAR document; `file` names it in errors and anchors `_file` bodies (Playwright's `content: 'attach'`). */
export function harEntries(document: unknown, file = 'HAR'): ReadHar {
  const invalid = (why: string): never => {
    throw new TrafficError(TrafficErrorCode.harInvalid, `${file}: ${why}`);
  };
  if (!isRecord(document) || !isRecord(document.log)) invalid('no "log" object; pass a HAR 1.2 file');
  const log = (document as { log: Record<string, unknown> }).log;
  if (!Array.isArray(log.entries)) invalid('log.entries is not an array');
  const creator = isRecord(log.creator) ? [log.creator.name, log.creator.version].filter(Boolean).join(' ') : undefined;
  const entries: TrafficEntry[] = [];
  const skipped: ReadHar['skipped'] = [];
  (log.entries as unknown[]).forEach((raw, i) => {
    const index = i + 1;
    if (!isRecord(raw) || !isRecord(raw.request) || !isRecord(raw.response)) invalid(`log.entries[${i}] has no request or response object`);
    const entry = raw as unknown as HarEntry;
    const { request, response } = entry;
    if (typeof request.method !== 'string' || typeof request.url !== 'string')
      invalid(`log.entries[${i}].request needs a method and a url`);
    if (typeof response.status !== 'number') invalid(`log.entries[${i}].response.status is not a number`);
    // Browsers record requests that never got an answer (blocked, aborted, failed) with status 0 or -1.
    if (response.status < 100) {
      skipped.push({ index, url: request.url, reason: `no answer recorded (status ${response.status})` });
      return;
    }
    entries.push({
      index,
      startedDateTime: typeof entry.startedDateTime === 'string' ? entry.startedDateTime : undefined,
      exchange: {
        request: {
          method: request.method.toUpperCase(),
          url: request.url,
          headers: headerMap(request.headers),
          body: requestBody(request.postData),
        },
        response: { status: response.status, headers: headerMap(response.headers), text: responseText(response.content, file) },
      },
    });
  });
  return { entries, skipped, creator };
}

/** Lower-case names; HTTP/2 pseudo-headers dropped; repeated headers joined as one list. */
function headerMap(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of Array.isArray(headers) ? headers : []) {
    if (!isRecord(header) || typeof header.name !== 'string' || header.name.startsWith(':')) continue;
    const name = header.name.toLowerCase();
    const value = String(header.value ?? '');
    out[name] = name in out ? `${out[name]}, ${value}` : value;
  }
  return out;
}

function requestBody(postData: HarEntry['request']['postData']): string | undefined {
  if (!isRecord(postData)) return undefined;
  if (typeof postData.text === 'string') return postData.text;
  if (Array.isArray(postData.params))
    return new URLSearchParams(postData.params.map((p) => [String(p.name), String(p.value ?? '')])).toString();
  return undefined;
}

function responseText(content: HarEntry['response']['content'] | undefined, file: string): string {
  if (!isRecord(content)) return '';
  if (typeof content.text === 'string') {
    return content.encoding === 'base64' ? Buffer.from(content.text, 'base64').toString('utf8') : content.text;
  }
  if (typeof content._file === 'string') return attachedBody(content._file, file);
  return '';
}

/** A body Playwright stored beside the HAR; only files inside the HAR's own folder are read. */
function attachedBody(name: string, harFile: string): string {
  const folder = resolve(dirname(harFile));
  const path = resolve(folder, name);
  const inside = relative(folder, path);
  if (inside.startsWith('..') || isAbsolute(inside)) return '';
  try {
    if (statSync(path).size > MAX_ATTACHED_BYTES) return '';
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Appends entries to a HAR file as they happen. The closing brackets are rewritten after every entry, so the
 * file parses at any moment: a crash or a kill loses nothing already answered. Writes are synchronous and
 * small; a recorder serves one developer's or one CI job's traffic.
 */
export class HarWriter {
  private readonly fd: number;
  private position: number;
  private count = 0;
  private closed = false;
  private static readonly TAIL = '\n]}}\n';

  constructor(
    readonly file: string,
    creator: { name: string; version: string },
  ) {
    try {
      this.fd = openSync(file, 'w');
    } catch (error) {
      throw new TrafficError(
        TrafficErrorCode.harUnwritable,
        `${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; pass a writable file to --record`,
      );
    }
    const head = `{"log":{"version":"1.2","creator":${JSON.stringify(creator)},"entries":[`;
    writeSync(this.fd, head + HarWriter.TAIL, 0);
    this.position = Buffer.byteLength(head);
  }

  get entries(): number {
    return this.count;
  }

  append(entry: HarEntry): void {
    if (this.closed) return;
    const text = `${this.count === 0 ? '\n' : ',\n'}${JSON.stringify(entry)}`;
    writeSync(this.fd, text + HarWriter.TAIL, this.position);
    this.position += Buffer.byteLength(text);
    this.count += 1;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

export const nameValues = (record: Record<string, string>): HarNameValue[] =>
  Object.entries(record).map(([name, value]) => ({ name, value }));
