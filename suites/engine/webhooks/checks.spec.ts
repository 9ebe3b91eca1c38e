/** The webhook checks on synthetic exchanges: each rule on its own, guards, the registry, and the redelivery law. */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import type { Exchange } from '../../../src/core/wire.ts';
import { HttpStatusArb } from '../../../src/properties/arbitraries.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import { formatViolations } from '../../../src/report/format.ts';
import { verificationAnswer } from '../../../src/vendors/drchrono/webhook.ts';
import { registerWebhookCheck, runWebhookChecks, webhookCheckNames } from '../../../src/webhooks/checks/index.ts';
import { signatureRule, webhookOperation } from '../../../src/webhooks/rules.ts';
import type { WebhookCheckContext } from '../../../src/webhooks/types.ts';
import { DRCHRONO_OPERATIONS } from '../../../src/vendors/drchrono/webhook-traffic.ts';
import { contracts, expectCaught } from './support.ts';

// Each check through the registry, which names what it finds after the check.
const only = (name: string) => (ctx: WebhookCheckContext, exchange: Exchange) => runWebhookChecks(ctx, exchange, [name]);
const handshakeConformance = only('handshakeConformance');
const deliveryAccepted = only('deliveryAccepted');
const forgeryRejected = only('forgeryRejected');
const redeliveryAcknowledged = only('redeliveryAcknowledged');

const contract = contracts.drchrono;
const verification = webhookOperation(contract, DRCHRONO_OPERATIONS.verification);
const delivery = webhookOperation(contract, DRCHRONO_OPERATIONS.delivery);
const { secret, msg, secret_token: documented } = signatureRule(contract, 'webhook-verification')!.example as Record<string, string>;
const SECTION = 'Webhooks › Webhooks verification';

const answer = (status: number, text: string, contentType = 'application/json'): Exchange => ({
  request: { method: 'GET', url: `http://127.0.0.1/webhook?msg=${msg}`, headers: {} },
  response: { status, headers: contentType ? { 'content-type': contentType } : {}, text },
});
const handshakeCtx: WebhookCheckContext = { contract, webhook: verification, expectation: { kind: 'handshake', secret, msg } };
const rules = (exchange: Exchange, ctx = handshakeCtx) => handshakeConformance(ctx, exchange).map((v) => `${v.rule}:${v.severity}`);

test.describe('webhook checks', () => {
  test("handshakeConformance accepts the contract's own example answer, and verificationAnswer produces it", () => {
    expect(verificationAnswer(secret, msg)).toEqual({ secret_token: documented });
    expect(handshakeConformance(handshakeCtx, answer(200, JSON.stringify({ secret_token: documented })))).toEqual([]);
  });

  test('handshakeConformance names each mistake under its own rule', () => {
    const base64 = Buffer.from(documented, 'hex').toString('base64');
    expect(rules(answer(200, JSON.stringify({ secret_token: base64 })))).toEqual(['handshake-base64-instead-of-hex:error']);
    expect(rules(answer(200, JSON.stringify({ secret_token: documented.toUpperCase() })))).toEqual(['handshake-uppercase-hex:error']);
    expect(rules(answer(200, JSON.stringify({ secret_token: verificationAnswer('another key', msg).secret_token })))).toEqual([
      'handshake-wrong-key:error',
    ]);
    expect(rules(answer(200, JSON.stringify({ secret_token: 42 })))).toEqual(['handshake-secret-token-not-string:error']);
    expect(rules(answer(200, JSON.stringify({ secret_token: 'c5df3782' })))).toEqual(['handshake-malformed:error']);
    const echoed = handshakeConformance(handshakeCtx, answer(200, JSON.stringify({ secret_token: secret })));
    expect(echoed.map((v) => v.rule)).toEqual(['handshake-secret-echoed']);
    expect(JSON.stringify(echoed)).not.toContain(secret);
    expect(rules(answer(200, JSON.stringify({ token: documented })))).toEqual(['handshake-missing-secret-token:error']);
    expect(rules(answer(200, JSON.stringify([documented])))).toEqual(['handshake-not-object:error']);
    expect(rules(answer(200, documented, 'text/plain'))).toEqual(['handshake-not-json:error']);
    expect(rules(answer(200, ''))).toEqual(['handshake-not-json:error']);
    expect(rules(answer(204, JSON.stringify({ secret_token: documented })))).toEqual(['handshake-not-200:error']);
    expect(rules(answer(200, JSON.stringify({ secret_token: documented }), 'text/html'))).toEqual(['handshake-content-type:warning']);
  });

  test('handshakeConformance reports every deviation at once: a 500 HTML page is both not 200 and not JSON', () => {
    const found = handshakeConformance(handshakeCtx, answer(500, '<html>Internal Server Error</html>', 'text/html'));
    expect(found.map((v) => v.rule)).toEqual(['handshake-not-200', 'handshake-not-json']);
    expectCaught(found, 'handshakeConformance', 'handshake-not-200', SECTION);
    expect(formatViolations(found)).toContain('starts "<html>Internal Server Error</html>"');
  });

  test('a handshake message shows msg with non-ASCII escaped, so a no-break space is not mistaken for a space', () => {
    const ctx: WebhookCheckContext = { contract, webhook: verification, expectation: { kind: 'handshake', secret, msg: 'a\u00a0b' } };
    const [violation] = handshakeConformance(ctx, answer(200, JSON.stringify({ secret_token: documented })));
    expect(violation.message).toContain('msg was "a\\u{a0}b"');
  });

  test('each check applies to its own kind of exchange only', () => {
    const exchange = answer(500, 'oops', 'text/plain');
    const forgery = { kind: 'forged-signature' as const, signatureRule: 'webhook-delivery', description: 'x' };
    expect(deliveryAccepted(handshakeCtx, exchange)).toEqual([]);
    expect(forgeryRejected(handshakeCtx, exchange)).toEqual([]);
    expect(redeliveryAcknowledged(handshakeCtx, exchange)).toEqual([]);
    expect(handshakeConformance({ contract, webhook: delivery, expectation: { kind: 'forgery', forgery } }, exchange)).toEqual([]);
    expect(runWebhookChecks({ contract, webhook: delivery, expectation: { kind: 'delivery' } }, exchange).map((v) => v.check)).toEqual([
      'deliveryAccepted',
    ]);
  });

  test("forgeryRejected: a 4xx refusal passes, a 5xx refusal is a warning, a 2xx is <kind>-accepted with the signature rule's section", () => {
    const forgery = {
      kind: 'missing-signature' as const,
      signatureRule: 'webhook-delivery',
      description: 'X-drchrono-signature is missing',
    };
    const ctx: WebhookCheckContext = { contract, webhook: delivery, expectation: { kind: 'forgery', forgery } };
    const status = (code: number): Exchange => ({
      request: { method: 'POST', url: 'http://x/', headers: {} },
      response: { status: code, headers: {}, text: '' },
    });
    expect(forgeryRejected(ctx, status(401))).toEqual([]);
    expect(forgeryRejected(ctx, status(302))).toEqual([]);
    expectCaught(forgeryRejected(ctx, status(500)), 'forgeryRejected', 'missing-signature-server-error', 'Webhooks security', 'warning');
    expectCaught(
      forgeryRejected(ctx, status(204)),
      'forgeryRejected',
      'missing-signature-accepted',
      'Webhooks › Webhooks header and body; Webhooks security',
    );
  });

  test('law: redeliveryAcknowledged errs exactly when a processed count above 1 is exposed, and warns exactly when an acknowledged delivery is refused the second time', async () => {
    const exchange = (status: number): Exchange => ({
      request: { method: 'POST', url: 'http://x/', headers: {} },
      response: { status, headers: {}, text: '' },
    });
    const twoXx = (s: number) => s >= 200 && s <= 299;
    await checkProperty(
      fc.property(HttpStatusArb, HttpStatusArb, fc.option(fc.nat({ max: 4 }), { nil: undefined }), (first, second, processedCount) => {
        const found = redeliveryAcknowledged(
          { contract, webhook: delivery, expectation: { kind: 'redelivery', first: exchange(first), deliveryId: '7', processedCount } },
          exchange(second),
        );
        const errors = found.filter((v) => v.severity === 'error').map((v) => v.rule);
        const warnings = found.filter((v) => v.severity === 'warning').map((v) => v.rule);
        const applies = twoXx(first);
        return (
          JSON.stringify(errors) ===
            JSON.stringify(applies && processedCount !== undefined && processedCount > 1 ? ['redelivery-processed-twice'] : []) &&
          JSON.stringify(warnings) === JSON.stringify(applies && !twoXx(second) ? ['redelivery-not-acknowledged'] : [])
        );
      }),
      { kind: 'pure' },
    );
  });

  test('the registry lists the four checks, refuses a second registration under a name, and runs a subset named in WEBHOOK_CHECKS', () => {
    expect(webhookCheckNames()).toEqual(['deliveryAccepted', 'forgeryRejected', 'redeliveryAcknowledged', 'handshakeConformance']);
    expect(() => registerWebhookCheck('deliveryAccepted', deliveryAccepted)).toThrow('already registered');
    const exchange = answer(500, '', 'text/plain');
    expect(runWebhookChecks({ contract, webhook: delivery, expectation: { kind: 'delivery' } }, exchange, ['forgeryRejected'])).toEqual([]);
    expect(() => runWebhookChecks(handshakeCtx, exchange, ['noSuchCheck'])).toThrow('unknown webhook check "noSuchCheck"');
  });
});
