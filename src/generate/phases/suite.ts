import * as allure from 'allure-js-commons';
import { test, expect } from '../../../fixtures/index.ts';
import type { Contract, Operation } from '../../contract/types.ts';
import type { RecordedRequest } from '../../checks/types.ts';
import { describeExchange, describeViolations } from '../../report/attach.ts';
import { redactBody, redactHeaders, redactUrl, secretValues } from '../../report/redact.ts';
import { curlCommand } from '../arbitraries/request.ts';
import { examplesPerPhase } from './budget.ts';
import { negativePhase, phaseSkipReason, positivePhase, type PhaseContext, type PhaseOutcome } from './run.ts';
import { resourceOf, statefulPhase } from './stateful.ts';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The one-line command that replays a phase: seed, counterexample path, project and title. */
export function replayLine(outcome: Pick<PhaseOutcome, 'seed' | 'path'>, project: string, title: string): string {
  const vars = [`FC_SEED=${outcome.seed}`, ...(outcome.path ? [`FC_PATH=${outcome.path}`] : [])].join(' ');
  return `${vars} npm test -- --project=${project} -g '${escapeRegex(title).replace(/'/g, `'\\''`)}'`;
}

/** A request as `curl`, every credential redacted. */
export function redactedCurl(request: RecordedRequest): string {
  const secrets = secretValues();
  return curlCommand({ method: request.method, url: redactUrl(request.url, secrets), headers: redactHeaders(request.headers, secrets), body: redactBody(request.body, secrets) });
}

/**
 * Registers the generative phases of one operation, inside its `vendor › operation` describe: one test per phase,
 * tagged `@generative` (so the smoke subset leaves them out).
 */
export function defineGenerativeTests(contract: Contract, vendor: string, operation: Operation, target: 'mock' | 'sandbox', writes: boolean): void {
  const phases: { phase: string; run: (ctx: PhaseContext) => Promise<PhaseOutcome>; skip?: string }[] = [
    { phase: 'positive', run: positivePhase },
    { phase: 'negative', run: negativePhase },
  ];
  const resource = resourceOf(contract, operation);
  if (resource) {
    phases.push({
      phase: 'stateful',
      run: (ctx) => statefulPhase(ctx, resource),
      skip: target === 'mock' ? 'a mock keeps no state; the stateful phase runs against a live target with SANDBOX_WRITES=1'
        : !writes ? 'the stateful phase creates, updates and deletes records; set SANDBOX_WRITES=1 to allow it' : undefined,
    });
  }
  for (const { phase, run, skip: phaseSkip } of phases) {
    const title = `generative ${phase} @generative`;
    const skip = phaseSkip ?? phaseSkipReason(operation, target, writes);
    if (skip) {
      test(title, () => test.skip(true, skip));
      continue;
    }
    test(title, async ({ liveTarget, contract, validators }, testInfo) => {
      await allure.labels(
        { name: 'epic', value: vendor }, { name: 'feature', value: operation.key }, { name: 'story', value: `generative ${phase}` },
        { name: 'vendor', value: vendor }, { name: 'operationId', value: operation.id }, { name: 'check', value: `generative-${phase}` },
      );
      // Half the test's timeout: a slow or busy machine shortens the phase instead of failing the test.
      const timeLimitMs = testInfo.timeout > 0 ? testInfo.timeout / 2 : undefined;
      const outcome = await run({ contract, operation, target: liveTarget, validators, examples: examplesPerPhase(), timeLimitMs });
      if (outcome.skipReason) test.skip(true, outcome.skipReason);
      const replay = replayLine(outcome, testInfo.project.name, `${operation.key} ${title}`);
      testInfo.annotations.push({ type: 'generative', description: `FC_SEED=${outcome.seed}; ${outcome.sent} request(s) sent, ${outcome.discarded} generated value(s) refused by the validator` });
      for (const note of outcome.notes.slice(0, 10)) testInfo.annotations.push({ type: 'note', description: note });
      for (const { label, exchange } of outcome.exchanges) {
        await testInfo.attach(`${label}`, { body: describeExchange(exchange), contentType: 'text/plain' });
        await testInfo.attach(`${label} (curl)`, { body: redactedCurl(exchange.request), contentType: 'text/plain' });
      }
      const errors = outcome.violations.filter((v) => v.severity === 'error');
      if (errors.length > 0) {
        testInfo.annotations.push({ type: 'fc-replay', description: replay });
        await testInfo.attach('violations', { body: describeViolations(outcome.violations), contentType: 'application/json' });
      }
      const first = outcome.exchanges[0];
      expect({ violations: outcome.violations }, errors.length > 0 ? `replay: ${replay}${first ? `\nsmallest failing request: ${redactedCurl(first.exchange.request)}` : ''}` : undefined).toConform();
    });
  }
}
