import type { TestInfo } from '@playwright/test';
import type { Exchange, Violation } from '../checks/types.ts';
import { redactBody, redactHeaders, redactUrl, redactValue, secretValues } from './redact.ts';

/** The exchange as a reviewer reads it, with every credential redacted. */
export function describeExchange(exchange: Exchange): string {
  const { request, response } = exchange;
  const secrets = secretValues();
  const lines = [
    `${request.method} ${redactUrl(request.url, secrets)}`,
    ...Object.entries(redactHeaders(request.headers, secrets)).map(([k, v]) => `${k}: ${v}`),
  ];
  const requestBody = redactBody(request.body, secrets);
  if (requestBody) lines.push('', requestBody);
  lines.push('', `HTTP ${response.status}`, ...Object.entries(redactHeaders(response.headers, secrets)).map(([k, v]) => `${k}: ${v}`));
  const responseBody = redactBody(response.text, secrets);
  if (responseBody) lines.push('', responseBody.length > 200_000 ? `${responseBody.slice(0, 200_000)}\n… (truncated)` : responseBody);
  return lines.join('\n');
}

/**
 * Violations as the report shows them: `received` and `documented` may quote the answer (a token in a body, a
 * signature header), so they go through the same redaction as the exchange, by field name and by known value.
 */
export function describeViolations(violations: Violation[], secrets: string[] = secretValues()): string {
  return JSON.stringify(redactValue(violations, secrets), null, 2);
}

/** Attaches the redacted exchange and, when there are any, the redacted violations as JSON (Allure shows both). */
export async function attachExchange(testInfo: TestInfo, exchange: Exchange, violations: Violation[]): Promise<void> {
  await testInfo.attach('exchange', { body: describeExchange(exchange), contentType: 'text/plain' });
  if (violations.length > 0) {
    await testInfo.attach('violations', { body: describeViolations(violations), contentType: 'application/json' });
  }
}
