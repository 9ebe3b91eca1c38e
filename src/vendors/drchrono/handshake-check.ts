import { docSourceOf } from '../../contract/operations.ts';
import { essence } from '../../core/wire.ts';
import { parseBody, isRecord } from '../common/body.ts';
import { verifyVerificationAnswer, type VerificationRefusal } from './webhook.ts';
import { DRCHRONO_SIGNATURE_RULES } from './webhook-traffic.ts';
import { responseDocSource, signatureRule } from '../../webhooks/rules.ts';
import type { WebhookCheck } from '../../webhooks/checks/types.ts';

/** Rules of drchrono's verification answer, each named after the mistake it catches. */
const REFUSAL_RULES: Readonly<
  Record<Exclude<VerificationRefusal, 'no-secret-configured' | 'invalid-input' | 'not-an-object'>, { rule: string; says: string }>
> = {
  'missing-secret-token': { rule: 'handshake-missing-secret-token', says: 'The JSON body has no secret_token field' },
  'not-a-string': { rule: 'handshake-secret-token-not-string', says: 'The secret_token is not a string' },
  'base64-instead-of-hex': {
    rule: 'handshake-base64-instead-of-hex',
    says: 'The secret_token is the right HMAC-SHA256, but base64-encoded instead of a hex digest',
  },
  'uppercase-hex': {
    rule: 'handshake-uppercase-hex',
    says: "The secret_token is the right HMAC-SHA256, but in upper-case hex instead of lower-case (Python's hexdigest())",
  },
  mismatch: {
    rule: 'handshake-wrong-key',
    says: "The secret_token is a lower-case hex HMAC-SHA256, but not of msg keyed with the webhook's secret token (another key, or msg changed before hashing)",
  },
  malformed: {
    rule: 'handshake-malformed',
    says: 'The secret_token is neither a 64-character hex digest nor an encoding of the right one',
  },
};

/**
 * drchrono's verification GET: the answer is `200`, a JSON object, and its `secret_token` is the lower-case hex
 * HMAC-SHA256 of `msg` keyed with the webhook's secret token (drchrono API documentation, Webhooks › Webhooks
 * verification). Every deviation is reported, each under its own rule; a JSON body sent with another media type is
 * a warning, since the document says "JSON" without naming a header. A receiver that answers with the secret token
 * itself is reported as `handshake-secret-echoed`, with the value withheld.
 */
export const handshakeConformance: WebhookCheck = ({ contract, webhook, expectation }, { response }) => {
  if (expectation.kind !== 'handshake') return [];
  const operation = webhook.key;
  const answerSource = docSourceOf(signatureRule(contract, DRCHRONO_SIGNATURE_RULES.verification)) ?? webhook.docSource;
  const violation = (
    rule: string,
    message: string,
    received: unknown,
    documented: unknown,
    severity: 'error' | 'warning' = 'error',
    source = answerSource,
  ) => ({ operation, rule, message, status: response.status, received, documented, docSource: source, severity });
  const found = [];

  if (response.status !== 200) {
    found.push(
      violation(
        'handshake-not-200',
        `Received: ${response.status}\nDocumented: 200 (any other status fails verification)`,
        response.status,
        200,
        'error',
        responseDocSource(webhook, 200),
      ),
    );
  }
  const body = parseBody(response.text);
  const mediaType = essence(response.headers['content-type']);
  if (body.form !== 'json') {
    const what =
      body.form === 'empty' ? 'an empty body' : `a ${mediaType || 'untyped'} body that is not JSON (starts "${truncate(body.text, 40)}")`;
    found.push(
      violation(
        'handshake-not-json',
        `Received: ${what}\nDocumented: a JSON object {"secret_token": "<64 lower-case hex>"}`,
        mediaType || '(none)',
        'application/json',
      ),
    );
    return found;
  }
  if (!/^application\/(.+\+)?json$/.test(mediaType)) {
    found.push(
      violation(
        'handshake-content-type',
        `Received: Content-Type ${mediaType || '(none)'} on a JSON body\nDocumented: a JSON answer (application/json)`,
        mediaType || '(none)',
        'application/json',
        'warning',
      ),
    );
  }
  if (!isRecord(body.value)) {
    found.push(
      violation(
        'handshake-not-object',
        'Received: JSON that is not an object\nDocumented: a JSON object {"secret_token": "<64 lower-case hex>"}',
        typeof body.value,
        'object',
      ),
    );
    return found;
  }
  const verdict = verifyVerificationAnswer(expectation.secret, expectation.msg, body.value);
  if (verdict.ok) return found;
  const known = REFUSAL_RULES[verdict.reason as keyof typeof REFUSAL_RULES];
  if (!known) {
    // The verifier refused its inputs (an empty secret): a misuse of the suite, reported rather than thrown.
    found.push(
      violation(
        'handshake-not-checkable',
        `The answer could not be checked: ${verdict.reason}`,
        verdict.reason,
        'a non-empty secret token',
        'error',
      ),
    );
    return found;
  }
  const token = body.value.secret_token;
  if (token === expectation.secret) {
    // Withheld from the violation too: its JSON is attached to the report as is.
    found.push(
      violation(
        'handshake-secret-echoed',
        "Received: secret_token is the webhook's secret token itself (withheld)\nDocumented: secret_token = hex(HMAC-SHA256(secret token, msg)); the secret token is never sent back",
        '(the secret token, withheld)',
        'hex(HMAC-SHA256(secret token, msg))',
      ),
    );
    return found;
  }
  found.push(
    violation(
      known.rule,
      `Received: ${token === undefined ? '(no secret_token)' : `secret_token ${JSON.stringify(token)}`}\nDocumented: secret_token = hex(HMAC-SHA256(secret token, msg)), 64 lower-case hex characters\n${known.says}; msg was ${showText(truncate(expectation.msg, 60))}`,
      token,
      'hex(HMAC-SHA256(secret token, msg))',
    ),
  );
  return found;
};

const truncate = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);
// Non-ASCII escaped, so a no-break space or a look-alike letter in a counterexample is visible as such.
const showText = (text: string): string =>
  JSON.stringify(text).replace(/[^\u0020-\u007e]/gu, (c) => [...c].map((u) => `\\u{${u.codePointAt(0)!.toString(16)}}`).join(''));
