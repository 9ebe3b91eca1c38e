import { test, expect } from '@playwright/test';
import type { Exchange } from '../../../src/core/wire.ts';
import type { Violation } from '../../../src/core/violation.ts';
import { describeExchange, describeViolations } from '../../../src/report/attach.ts';
import { boundViolations, EXCERPT_CHARS, excerpt, MAX_VIOLATIONS } from '../../../src/checks/excerpt.ts';
import { formatViolations } from '../../../src/report/format.ts';
import { redactHeaders, redactValue } from '../../../src/report/redact.ts';

const SECRET = 'tok-4b1d9e77a0c3';

test.describe('secrets in names are redacted like secrets in values', () => {
  test('a header named after the token loses the token; its value and the other headers stay readable', () => {
    const headers = redactHeaders({ [`x-echo-${SECRET}`]: '1', 'x-note': `seen ${SECRET}`, 'content-type': 'application/json' }, [SECRET]);
    expect(headers).toEqual({ 'x-echo-[REDACTED]': '1', 'x-note': 'seen [REDACTED]', 'content-type': 'application/json' });
  });

  test('a JSON key holding the token is scrubbed at any depth', () => {
    const value = redactValue([{ id: '1', [SECRET]: { [`nested-${SECRET}`]: 'x' } }], [SECRET]);
    expect(JSON.stringify(value)).not.toContain(SECRET);
    expect(value).toEqual([{ id: '1', '[REDACTED]': { 'nested-[REDACTED]': 'x' } }]);
  });

  test('the exchange and the violations a report shows carry no copy of the token', () => {
    const exchange: Exchange = {
      request: { method: 'GET', url: 'http://127.0.0.1:9/records', headers: { authorization: `Bearer ${SECRET}` } },
      response: { status: 200, headers: { [`x-${SECRET}`]: 'y' }, text: JSON.stringify({ [SECRET]: 1 }) },
    };
    const violation: Violation = {
      check: 'responseSchemaConformance',
      operation: 'GET /records',
      rule: 'schema-additionalProperties',
      severity: 'error',
      message: `response body must NOT have additional property ${SECRET}`,
      path: `/${SECRET}`,
      received: { [SECRET]: 1 },
      documented: { additionalProperty: SECRET },
    };
    // No variable holds this token: the exchange learns it from the Authorization header the request carried.
    expect(process.env.PROBE_TOKEN).toBeUndefined();
    expect(describeExchange(exchange)).not.toContain(SECRET);
    expect(describeExchange(exchange)).toContain('x-[REDACTED]: y');
    expect(describeViolations([violation], [SECRET])).not.toContain(SECRET);
  });

  test('a base64 copy is not recognised: the documented limit of value-based redaction', () => {
    const encoded = Buffer.from(SECRET).toString('base64');
    expect(redactHeaders({ 'x-copy': encoded }, [SECRET])['x-copy']).toBe(encoded);
  });
});

test.describe('what a violation stores is bounded', () => {
  test('a 50 MB received value becomes a JSON excerpt that says how large it was', () => {
    const huge = ['x'.repeat(1024)].concat(Array.from({ length: 50 * 1024 }, () => 'y'.repeat(1024)));
    const stored = excerpt(huge) as string;
    expect(typeof stored).toBe('string');
    expect(stored.length).toBeLessThan(EXCERPT_CHARS + 60);
    expect(stored).toMatch(/^\["x{100}.*… \(\d{8} characters in all\)$/s);
    expect(excerpt({ id: 7 })).toEqual({ id: 7 });
    expect(excerpt(42)).toBe(42);
  });

  test('past MAX_VIOLATIONS one entry counts the rest, and the total report text stays small', () => {
    const many: Violation[] = Array.from({ length: 5000 }, (_, i) => ({
      check: 'responseSchemaConformance',
      operation: 'GET /records',
      rule: 'schema-type',
      severity: 'error',
      status: 200,
      message: `response body /${i}/id must be string`,
      path: `/${i}/id`,
      received: 'z'.repeat(100_000),
      documented: { type: 'string' },
    }));
    const bounded = boundViolations(many);
    expect(bounded).toHaveLength(MAX_VIOLATIONS + 1);
    expect(bounded.at(-1)).toMatchObject({
      rule: 'more-violations',
      severity: 'error',
      message: `${5000 - MAX_VIOLATIONS} more violation(s) of this answer not listed (first ${MAX_VIOLATIONS} shown)`,
    });
    const stored = describeViolations(bounded, []).length + formatViolations(bounded).length;
    expect(stored).toBeLessThan(200_000);
  });

  test("the entry that counts the rest keeps their kind: a document's defects past the bound never read as violations of the vendor", () => {
    const finding = (i: number, kind?: Violation['finding']): Violation => ({
      check: 'responseSchemaConformance',
      operation: 'GET /news',
      rule: 'schema-type',
      severity: 'error',
      message: `example /${i} must be string`,
      ...(kind ? { finding: kind } : {}),
    });
    const defects = Array.from({ length: 700 }, (_, i) => finding(i, 'document-defect'));
    const closingOfDefects = boundViolations(defects).slice(MAX_VIOLATIONS);
    expect(closingOfDefects).toHaveLength(1);
    expect(closingOfDefects[0]).toMatchObject({ rule: 'more-violations', finding: 'document-defect' });
    // A vendor's violation among the rest still fails: it is counted in an entry of its own kind.
    const mixed = boundViolations([...defects, finding(700)]).slice(MAX_VIOLATIONS);
    expect(mixed.map((v) => v.finding ?? 'violation').sort()).toEqual(['document-defect', 'violation']);
  });
});
