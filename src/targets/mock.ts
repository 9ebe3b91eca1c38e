import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface RunningMock {
  vendor: string;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts a Stoplight Prism mock for one contract inside this process, on a free loopback port.
 * In-process (rather than `prism mock` in a child) means no orphan processes: the mock ends with the runner,
 * on Ctrl-C and on crashes alike, and startup skips a Node boot.
 */
export async function startMock(vendor: string, contractFile: string): Promise<RunningMock> {
  // Prism ships CommonJS; loaded lazily so that runs that need no mock do not pay for it.
  const { getHttpOperationsFromSpec } = require('@stoplight/prism-http');
  const { createServer } = require('@stoplight/prism-http-server');
  const { createLogger } = require('@stoplight/prism-core');
  const operations = await getHttpOperationsFromSpec(contractFile);
  const server = createServer(operations, {
    cors: false,
    config: {
      validateRequest: true,
      validateResponse: false,
      checkSecurity: true,
      errors: false,
      isProxy: false,
      mock: { dynamic: false },
    },
    components: { logger: createLogger('mock', { level: process.env.PRISM_LOG ?? 'silent' }) },
  });
  const url: string = await server.listen(0, '127.0.0.1');
  return { vendor, url, close: () => server.close() };
}
