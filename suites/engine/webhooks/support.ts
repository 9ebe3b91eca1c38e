/** Helpers of the webhook engine tests: contracts, reference receivers with a fault switched on, and rule assertions. */
import { expect } from '@playwright/test';
import { referenceReceivers, referenceSecret, type AnyReceiverOptions, type RunningReceiver } from '../../../fixtures/receivers/index.ts';
import type { Violation } from '../../../src/core/violation.ts';
import type { Contract } from '../../../src/contract/types.ts';
import { vendorContract } from '../../../src/properties/vendor-contract.ts';
import { formatViolations } from '../../../src/report/format.ts';
import type { WebhookVendor } from '../../../src/webhooks/types.ts';

export const contracts: Record<WebhookVendor, Contract> = {
  drchrono: await vendorContract('drchrono'),
  sikka: await vendorContract('sikka'),
  'hubspot-webhooks': await vendorContract('hubspot-webhooks'),
};

export type TestReceiver = RunningReceiver & { readonly secret: string };

/** Starts a reference receiver (with a fresh secret unless one is given), runs `run`, and always closes it. */
export async function withReceiver<T>(
  vendor: WebhookVendor,
  options: Partial<AnyReceiverOptions>,
  run: (receiver: TestReceiver) => Promise<T>,
): Promise<T> {
  const secret = options.secret ?? referenceSecret(vendor);
  const running = await referenceReceivers[vendor]({ ...options, secret });
  try {
    return await run({ ...running, secret });
  } finally {
    await running.close();
  }
}

export const errorsIn = (violations: readonly Violation[]): Violation[] => violations.filter((v) => v.severity === 'error');

/**
 * Asserts that `violations` holds an error (or the given severity) from `check` under `rule`, and that its formatted
 * message names both the rule (`[check › rule]`) and the document section. Returns the formatted message.
 */
export function expectCaught(
  violations: readonly Violation[],
  check: string,
  rule: string,
  section: string,
  severity: Violation['severity'] = 'error',
): string {
  const found = violations.filter((v) => v.check === check && v.rule === rule && v.severity === severity);
  expect(
    found,
    `expected ${severity} ${check} › ${rule}; got ${violations.map((v) => `${v.check} › ${v.rule} (${v.severity})`).join(', ') || 'nothing'}`,
  ).toHaveLength(1);
  const text = formatViolations(found);
  expect(text).toContain(`[${check} › ${rule}]`);
  expect(text).toContain(section);
  return text;
}
