import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { sandboxes, sandboxFaults, sandboxFor, sandboxUrlVariable, sandboxVendors } from '../../../fixtures/sandboxes/index.ts';
import { ROOT } from '../../../src/targets/paths.ts';

test.describe('sandbox registry', () => {
  for (const vendor of sandboxVendors) {
    test(`${vendor}: listens on loopback with its credentials and fault list; an unknown fault is refused`, async () => {
      const sandbox = await sandboxes[vendor]();
      try {
        expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(Object.keys(sandbox.credentials).every((name) => name.startsWith(`${vendor.toUpperCase()}_`))).toBe(true);
        expect(sandbox.faults).toEqual(sandboxFaults[vendor].map((f) => f.name));
        expect(sandbox.fault).toBeUndefined();
      } finally {
        await sandbox.close();
      }
      await expect(sandboxes[vendor]({ fault: 'no-such-fault' })).rejects.toThrow(/^SANDBOX_UNKNOWN_FAULT: .*known faults: /);
    });
  }

  test('a vendor without a sandbox is SANDBOX_UNKNOWN_VENDOR', () => {
    expect(() => sandboxFor('journy')).toThrow(/^SANDBOX_UNKNOWN_VENDOR: /);
    expect(sandboxUrlVariable('sikka')).toBe('SIKKA_BASE_URL');
  });
});

test('the CLI starts a sandbox, prints what to export, serves with those values and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join('fixtures', 'sandboxes', 'cli.ts'), 'lupl', '--fault=error-shape'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ctrl-C')) resolve();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.on('exit', () => reject(new Error(`the CLI exited early:\n${output}`)));
    });
    const exports = Object.fromEntries([...output.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
    expect(output).toContain('export TARGET=sandbox');
    expect(output).toContain('with fault "error-shape"');
    expect(Object.keys(exports)).toEqual(
      expect.arrayContaining(['LUPL_BASE_URL', 'LUPL_ACCESS_TOKEN', 'LUPL_PMS_ID', 'LUPL_ORGANIZATION_ID']),
    );
    const answer = await fetch(`${exports.LUPL_BASE_URL}/api/1.0/pms/providerconfig?pmsId=${exports.LUPL_PMS_ID}`, {
      headers: { authorization: `Bearer ${exports.LUPL_ACCESS_TOKEN}` },
    });
    expect(answer.status).toBe(200);
    const faulty = await fetch(`${exports.LUPL_BASE_URL}/api/1.0/pms/providerconfig?pmsId=asdf`, {
      headers: { authorization: `Bearer ${exports.LUPL_ACCESS_TOKEN}` },
    });
    expect(await faulty.json()).toEqual({ error: expect.any(String) });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
