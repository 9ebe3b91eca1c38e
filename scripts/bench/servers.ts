/**
 * Start and stop of `npm run mock` and `npm run sandbox` as a user sees them (`node --import tsx`, as the npm
 * scripts run them): from spawning the command to its
 * first answered request, and from SIGINT to exit.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../src/targets/paths.ts';

export interface ServerTiming {
  /** Spawn → the line naming the URL. */
  listeningMs: number;
  /** Spawn → first answer to a request. */
  answeredMs: number;
  /** SIGINT → process exit. */
  stopMs: number;
  exitCode: number | null;
}

export function timeServer(script: string, args: string[], path: string, env: NodeJS.ProcessEnv): Promise<ServerTiming> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args, '--port', '0', '--quiet'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start in 60 s: ${output}`));
    }, 60_000);
    child.once('exit', (code) => {
      if (!output.includes(' on http')) {
        clearTimeout(timer);
        reject(new Error(`${script} exited ${code}: ${output}`));
      }
    });
    const onData = async (chunk: Buffer) => {
      const before = output;
      output += chunk.toString();
      const url = / on (http:\/\/\S+)/.exec(output)?.[1];
      if (!url || / on (http:\/\/\S+)/.test(before)) return;
      const listeningMs = performance.now() - started;
      await (await fetch(`${url}${path}`)).arrayBuffer();
      const answeredMs = performance.now() - started;
      const stopping = performance.now();
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ listeningMs, answeredMs, stopMs: performance.now() - stopping, exitCode: code });
      });
      child.kill('SIGINT');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
  });
}
