import type { Contract } from '../contract/types.ts';
import { prismServer } from './mock.ts';

export type ProxyMode = 'none' | 'prism';

/** `PROXY=prism` sends sandbox traffic through a Prism validation proxy; unset or `none` goes direct. */
export function proxyMode(env: NodeJS.ProcessEnv = process.env): ProxyMode {
  const value = (env.PROXY ?? 'none').toLowerCase();
  if (value === 'none' || value === '') return 'none';
  if (value === 'prism') return 'prism';
  throw new Error(`PROXY must be "prism" or unset, not "${env.PROXY}"`);
}

/** Where a project's validation proxy listens; set by global setup, read by workers as the base URL. */

export interface RunningProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * `prism proxy <contract> <upstream>` inside this process: every request is forwarded to the sandbox unchanged
 * (request validation and security checks off, since the suite breaks requests on purpose) and every answer is
 * validated against the contract, its findings in the `sl-violations` header.
 */
export async function startValidationProxy(contract: Pick<Contract, 'vendor' | 'document'>, upstream: string): Promise<RunningProxy> {
  const server = await prismServer(
    contract,
    {
      isProxy: true,
      upstream: new URL(upstream),
      upstreamProxy: undefined,
      validateRequest: false,
      validateResponse: true,
      checkSecurity: false,
      errors: false,
      mock: { dynamic: false },
    },
    'proxy',
  );
  const url: string = await server.listen(0, '127.0.0.1');
  return { url, close: () => server.close() };
}
