import type { TestInfo } from '@playwright/test';
import type { Exchange } from '../core/wire.ts';
import type { Violation } from '../core/violation.ts';
import { isSecretName } from '../core/secret-names.ts';
import { redactBody, redactHeaders, redactUrl, redactValue } from './redact.ts';
import { secretValues } from '../targets/secret-values.ts';

/** The exchange as a reviewer reads it, with every credential redacted. */
export function describeExchange(exchange: Exchange): string {
  const { request, response } = exchange;
  const secrets = [...new Set([...secretValues(), ...sentCredentials(request)])].sort((a, b) => b.length - a.length);
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
 * The credentials the request itself carried (secret-named headers and query parameters, scheme word removed):
 * a target that echoes one back, in a value or a name, is scrubbed even when no variable holds it.
 */
export function sentCredentials(request: Exchange['request']): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (isSecretName(name)) found.push(value, value.replace(/^(Bearer|Basic|Token)\s+/i, ''));
  }
  let query: URLSearchParams | undefined;
  try {
    query = new URL(request.url).searchParams;
  } catch {
    // not a URL: nothing to take from it
  }
  for (const [name, value] of query ?? []) if (isSecretName(name)) found.push(value);
  return found.filter((value) => value.length >= 4);
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
