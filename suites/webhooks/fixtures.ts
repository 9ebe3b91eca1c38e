/**
 * Fixtures of the webhook-receiver suites: the receiver under test (worker-scoped: the reference receiver on
 * loopback, or the user's receiver named by its variables) and a harness that sends vendor traffic to it, judges
 * the answers with the webhook checks and attaches every exchange, redacted, to the report.
 */
import type fc from 'fast-check';
import { test as base } from '../../fixtures/index.ts';
import { referenceReceivers, referenceSecret, type ReceivedRequest } from '../../fixtures/receivers/index.ts';
import type { Exchange, RecordedRequest, Violation } from '../../src/checks/types.ts';
import type { Operation } from '../../src/contract/types.ts';
import { checkProperty } from '../../src/properties/fc.ts';
import { attachExchange } from '../../src/report/attach.ts';
import { runWebhookChecks } from '../../src/webhooks/checks/index.ts';
import type { WebhookResult } from '../../src/webhooks/exercise.ts';
import type { ReceiverLawContext } from '../../src/webhooks/properties.ts';
import { sendWebhook } from '../../src/webhooks/send.ts';
import { receiverTarget } from '../../src/webhooks/target.ts';
import { isWebhookVendor, type HubSpotVersion, type WebhookExpectation } from '../../src/webhooks/types.ts';

export { expect } from '../../fixtures/index.ts';

/** The receiver the suite talks to. */
export interface ReceiverUnderTest {
  readonly kind: 'reference' | 'external';
  readonly url: string;
  readonly secret: string;
  /** HubSpot signature versions the receiver declares (`HUBSPOT_WEBHOOK_VERSIONS`, v3 by default). */
  readonly hubspotVersions: readonly HubSpotVersion[];
  /** What the reference receiver logged; absent for an external receiver, whose processing cannot be observed. */
  readonly deliveries?: () => readonly ReceivedRequest[];
}

export interface WebhookHarness {
  /** Sends the request, then judges and attaches it. */
  exercise(webhook: Operation, request: RecordedRequest, expectation: WebhookExpectation): Promise<WebhookResult>;
  /** Sends the request without judging it (the judgement may need what happened after, e.g. a processing count). */
  send(request: RecordedRequest): Promise<Exchange>;
  /** Judges an exchange: runs the checks, attaches the exchange and violations, turns warnings into annotations. */
  judge(webhook: Operation, exchange: Exchange, expectation: WebhookExpectation): Promise<WebhookResult>;
  /**
   * Runs a receiver law with the target budget (25 runs; `FC_NUM_RUNS` overrides) and attaches the last exchange
   * that broke it. Throws with the shrunk counterexample and its violations when it fails.
   */
  law<Ts>(webhook: Operation, property: (ctx: ReceiverLawContext) => fc.IAsyncProperty<Ts>, numRuns?: number): Promise<void>;
}

export interface WebhookWorkerFixtures {
  receiver: ReceiverUnderTest;
}

export interface WebhookTestFixtures {
  webhooks: WebhookHarness;
}

export const test = base.extend<WebhookTestFixtures, WebhookWorkerFixtures>({
  receiver: [async ({ vendor }, use) => {
    if (!isWebhookVendor(vendor)) throw new Error(`project "${vendor}" has no webhook receiver suite`);
    const target = receiverTarget(vendor);
    if (target.kind === 'external') {
      await use({ kind: 'external', url: target.url, secret: target.secret, hubspotVersions: target.hubspotVersions });
      return;
    }
    const secret = referenceSecret(vendor);
    const running = await referenceReceivers[vendor]({ secret, versions: target.hubspotVersions });
    try {
      await use({ kind: 'reference', url: running.url, secret, hubspotVersions: target.hubspotVersions, deliveries: running.deliveries });
    } finally {
      await running.close();
    }
  }, { scope: 'worker' }],

  webhooks: async ({ receiver, contract }, use, testInfo) => {
    testInfo.annotations.push({ type: 'receiver', description: receiver.kind === 'reference' ? `reference receiver on loopback (${receiver.url})` : `external receiver ${new URL(receiver.url).origin}` });
    const judge: WebhookHarness['judge'] = async (webhook, exchange, expectation) => {
      const violations = runWebhookChecks({ contract, webhook, expectation }, exchange);
      await attachExchange(testInfo, exchange, violations);
      for (const warning of violations.filter((v) => v.severity === 'warning')) {
        testInfo.annotations.push({ type: 'warning', description: `${warning.check} › ${warning.rule}: ${warning.message.split('\n')[0]}` });
      }
      return { exchange, violations };
    };
    await use({
      judge,
      send: (request) => sendWebhook(request),
      exercise: async (webhook, request, expectation) => judge(webhook, await sendWebhook(request), expectation),
      async law(webhook, property, numRuns) {
        let lastFailure: { exchange: Exchange; violations: Violation[] } | undefined;
        const observe = (exchange: Exchange, violations: Violation[]) => {
          if (violations.some((v) => v.severity === 'error')) lastFailure = { exchange, violations };
        };
        try {
          await checkProperty(property({ contract, webhook, observe }), { kind: 'target', numRuns });
        } finally {
          if (lastFailure) await attachExchange(testInfo, lastFailure.exchange, lastFailure.violations);
        }
      },
    });
  },
});
