import { test, expect } from '@playwright/test';
import { sandboxes, sandboxFaults, sandboxFor, sandboxUrlVariable, sandboxVendors } from '../../../fixtures/sandboxes/index.ts';
import { sandboxProfile } from '../../../src/targets/sandbox.ts';
import { vendorDescriptor } from '../../../src/vendors/registry.ts';

test.describe('sandbox registry', () => {
  for (const vendor of sandboxVendors) {
    test(`${vendor}: listens on loopback with its credentials and fault list; an unknown fault is refused`, async () => {
      const sandbox = await sandboxes[vendor]();
      try {
        expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(Object.keys(sandbox.credentials).every((name) => name.startsWith(`${vendor.toUpperCase()}_`))).toBe(true);
        expect(sandbox.faults).toEqual(sandboxFaults[vendor].map((f) => f.name));
        expect(sandbox.fault).toBeUndefined();
        // The reference sandbox hands over every variable the vendor's descriptor says a user must set.
        expect(vendorDescriptor(vendor)?.sandbox, `${vendor} has a sandbox profile in its descriptor`).toBeDefined();
        const required = sandboxProfile(vendor).required.filter((name) => name !== sandboxUrlVariable(vendor));
        expect(required.length).toBeGreaterThan(0);
        expect(Object.keys(sandbox.credentials)).toEqual(expect.arrayContaining(required));
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

// Starting a sandbox by hand (`npm run sandbox`) is tested with the other servers in suites/engine/traffic/cli.spec.ts.
