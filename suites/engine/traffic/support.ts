/**
 * Helpers of the traffic self-tests: an integration client run against a reference sandbox behind the
 * recording proxy, its HAR read back and checked. They return data and never call `expect`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxes, type SandboxVendor } from '../../../fixtures/sandboxes/index.ts';
import type { Violation } from '../../../src/core/violation.ts';
import { contractFor } from '../../../src/contract/cache.ts';
import type { Contract } from '../../../src/contract/types.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { checkTraffic, type TrafficCheckerOptions, type TrafficResult } from '../../../src/traffic/check.ts';
import { HarWriter, readHar } from '../../../src/traffic/har.ts';
import { startRecorder } from '../../../src/traffic/recorder.ts';

export type Client = (baseUrl: string, credentials: Record<string, string>) => Promise<void>;

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'traffic-'));

export const contractOf = (vendor: string): Promise<Contract> => contractFor(join(ROOT, 'contracts', `${vendor}.yaml`));

/** Runs `client` against the vendor's sandbox through the recorder; returns the HAR file written. */
export async function record(vendor: SandboxVendor, client: Client, options: { fault?: string } = {}): Promise<string> {
  const sandbox = await sandboxes[vendor]({ fault: options.fault });
  const file = join(tempDir(), `${vendor}.har`);
  const har = new HarWriter(file, { name: 'engine-test', version: '0' });
  const recorder = await startRecorder({
    upstream: sandbox.url,
    har,
    secrets: Object.values(sandbox.credentials).filter((v) => v.length > 8),
  });
  try {
    await client(recorder.url, sandbox.credentials);
  } finally {
    await recorder.close();
    await sandbox.close();
    har.close();
  }
  return file;
}

/** Every contract in `contracts/` (or the one named), and the checked recording. */
export async function checkFile(file: string, options: TrafficCheckerOptions = {}): Promise<TrafficResult> {
  const vendors = options.vendor ? [options.vendor] : ['sikka', 'webcamconsult', 'lupl', 'drchrono', 'journy', 'hubspot-webhooks'];
  const contracts = await Promise.all(vendors.map(contractOf));
  return checkTraffic(contracts, readHar(file).entries, options);
}

export const findings = (result: TrafficResult): Violation[] => result.checked.flatMap((c) => c.violations);

/** A Sikka request key from `/v2/start` with the sandbox's credentials. */
export async function sikkaRequestKey(baseUrl: string, c: Record<string, string>): Promise<string> {
  const query = new URLSearchParams({
    app_id: c.SIKKA_APP_ID,
    app_key: c.SIKKA_APP_KEY,
    office_id: c.SIKKA_OFFICE_ID,
    secret_key: c.SIKKA_SECRET_KEY,
  });
  const response = await fetch(`${baseUrl}/v2/start?${query}`);
  const [{ request_key }] = (await response.json()) as { request_key: string }[];
  return request_key;
}
