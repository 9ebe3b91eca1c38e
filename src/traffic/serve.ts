/**
 * What `npm run mock` and `npm run sandbox` share: a local server behind the recording proxy, on loopback
 * unless `--host` says otherwise, live findings per exchange, a HAR file written as traffic happens, and a
 * clean stop on Ctrl-C or SIGTERM.
 */
import { resolve } from 'node:path';
import { failsGate, strictMode } from '../checks/findings.ts';
import type { Contract } from '../contract/types.ts';
import { scrubText } from '../report/redact.ts';
import { TrafficChecker } from './check.ts';
import { HarWriter } from './har.ts';
import { startRecorder, type RecorderOptions, type RunningRecorder } from './recorder.ts';

export interface ServeOptions {
  /** `sikka mock (Prism, request validation on)`: the first line printed. */
  title: string;
  upstream: { url: string; close(): Promise<void> };
  contract?: Contract;
  host: string;
  port: number;
  record?: string;
  /** Credential values the upstream accepts: scrubbed from the recording and the log. */
  secrets: string[];
  /** `export NAME='value'` lines. */
  exports: Record<string, string>;
  notes: string[];
  quiet?: boolean;
  out?: NodeJS.WritableStream;
  /** The server's own controls under `/_sandbox/` (see `RecorderOptions.control`). */
  control?: RecorderOptions['control'];
  /** Receives the base URL once listening (tests read it instead of stdout). */
  onListening?: (url: string) => void;
  /** Stop cleanly on SIGINT/SIGTERM; installed before the server says it is ready, so no signal finds it without. */
  stopOnSignals?: boolean;
}

export interface Served {
  url: string;
  stop(): Promise<void>;
}

const isLoopback = (host: string): boolean => /^127\./.test(host) || host === 'localhost' || host === '::1';

export async function serve(options: ServeOptions): Promise<Served> {
  const out = options.out ?? process.stdout;
  const har = options.record ? new HarWriter(resolve(options.record), { name: 'vendor-api-conformance', version: '0.1.0' }) : undefined;
  const checker = options.contract ? new TrafficChecker([options.contract], { vendor: options.contract.vendor }) : undefined;
  let count = 0;
  let recorder: RunningRecorder;
  try {
    recorder = await startRecorder({
      upstream: options.upstream.url,
      host: options.host,
      port: options.port,
      har,
      secrets: options.secrets,
      control: options.control,
      onExchange: (exchange) => {
        count += 1;
        if (options.quiet) return;
        const checked = checker?.check(exchange, count);
        const findings = checked?.violations.filter((v) => failsGate(v, strictMode())) ?? [];
        const path = (() => {
          try {
            const u = new URL(exchange.request.url);
            return `${u.pathname}${u.search}`;
          } catch {
            return exchange.request.url;
          }
        })();
        const line =
          `#${count} ${exchange.request.method} ${path} → ${exchange.response.status}` +
          (findings.length ? `  ✗ ${findings.map((v) => `${v.check} › ${v.rule}${v.path ? ` (${v.path})` : ''}`).join('; ')}` : '');
        out.write(`${scrubText(line, options.secrets)}\n`);
      },
    });
  } catch (error) {
    har?.close();
    await options.upstream.close();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await recorder.close();
      await options.upstream.close();
      har?.close();
      if (har) out.write(`${har.entries} exchange(s) recorded in ${har.file}\n`);
    })();
    return stopping;
  };
  if (options.stopOnSignals) stopOnSignals({ url: recorder.url, stop });
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  out.write(
    [
      `${options.title} on ${recorder.url}`,
      ...(isLoopback(options.host) ? [] : [`listening on ${options.host}: reachable beyond this machine`]),
      ...(har ? [`recording every exchange to ${har.file} (credentials redacted)`] : []),
      '',
      ...Object.entries({ ...options.exports }).map(([name, value]) => `export ${name}=${quote(value.replace('{url}', recorder.url))}`),
      '',
      ...options.notes.map((note) => note.replace('{url}', recorder.url)),
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  options.onListening?.(recorder.url);
  return { url: recorder.url, stop };
}

/** Stops on the first SIGINT/SIGTERM and exits 0; a second signal exits at once (the HAR is on disk after every exchange). */
export function stopOnSignals(served: Served): void {
  let signalled = false;
  const onSignal = () => {
    if (signalled) process.exit(130);
    signalled = true;
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    served.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** `--port`: an integer 0..65535. */
export function parsePort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new Error(`--port must be an integer from 0 to 65535, not "${text}"`);
  return Number(text);
}
