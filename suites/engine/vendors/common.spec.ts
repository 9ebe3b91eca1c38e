/** Laws of the shared helpers under src/vendors/common: constant-time compare, body parsing, the classification skeleton. */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { AnyBodyArb, AnyStatusArb } from '../../../src/properties/arbitraries.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import { parseBody } from '../../../src/vendors/common/body.ts';
import { constantTimeEqual, verifySharedSecret } from '../../../src/vendors/common/constant-time.ts';
import { OUTCOME_KINDS, kindForStatus } from '../../../src/vendors/common/outcome.ts';
import { TokenHolder, TokenHolderError } from '../../../src/vendors/common/token-holder.ts';

const PURE = { kind: 'pure' } as const;

test.describe('shared vendor helpers', () => {
  test('constantTimeEqual agrees with byte equality for any two byte strings, unequal lengths included, and never throws', async () => {
    const bytes = fc.uint8Array({ maxLength: 40 });
    await checkProperty(
      fc.property(
        fc.oneof(
          fc.tuple(bytes, bytes),
          bytes.map((b) => [b, Uint8Array.from(b)] as const),
        ),
        ([a, b]) => constantTimeEqual(a, b) === Buffer.from(a).equals(Buffer.from(b)),
      ),
      PURE,
    );
  });

  test('an empty configured secret accepts nothing, not even an empty header', () => {
    expect(verifySharedSecret('', '')).toEqual({ ok: false, reason: 'no-secret-configured' });
    expect(verifySharedSecret('k', ['k'])).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySharedSecret('k', undefined)).toEqual({ ok: false, reason: 'missing' });
  });

  test('parseBody never throws and JSON text round-trips', async () => {
    await checkProperty(
      fc.property(AnyBodyArb, (body) => ['empty', 'json', 'text'].includes(parseBody(body).form)),
      PURE,
    );
    await checkProperty(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseBody(JSON.stringify(value));
        return parsed.form === 'json' && JSON.stringify(parsed.value) === JSON.stringify(value);
      }),
      PURE,
    );
  });

  test('every status, HTTP or not, has exactly one default kind', async () => {
    await checkProperty(
      fc.property(AnyStatusArb, (status) => OUTCOME_KINDS.includes(kindForStatus(status))),
      PURE,
    );
    expect([200, 204, 401, 404, 429, 500, 503, 302, 42].map((s) => kindForStatus(s))).toEqual([
      'success',
      'success-no-content',
      'reauthenticate',
      'client-error',
      'quota-exhausted',
      'server-error',
      'retry-later',
      'server-error',
      'server-error',
    ]);
  });

  test('a failed refresh is not cached: its callers see the error and the next call refreshes again', async () => {
    let calls = 0;
    const holder = new TokenHolder({
      now: () => 0,
      skewMs: 0,
      refresh: () => {
        calls += 1;
        if (calls === 1) throw new Error('token endpoint down');
        return Promise.resolve({ value: 'fresh', expiresAtMs: 1000 });
      },
    });
    await expect(Promise.all([holder.get(), holder.get()])).rejects.toThrow('token endpoint down');
    await expect(holder.get()).resolves.toBe('fresh');
    expect([calls, holder.refreshCount]).toEqual([2, 2]);
  });

  test('a token that is unusable as soon as it arrives (lifetime within the skew) is refused, not handed out', async () => {
    const holder = new TokenHolder({ now: () => 0, skewMs: 5000, refresh: async () => ({ value: 'short', expiresAtMs: 5000 }) });
    await expect(holder.get()).rejects.toThrow(TokenHolderError);
  });

  test('invalidate drops the cached token only if it is still the one named', async () => {
    let n = 0;
    const holder = new TokenHolder({ now: () => 0, skewMs: 0, refresh: async () => ({ value: `t${++n}`, expiresAtMs: 1000 }) });
    expect(await holder.get()).toBe('t1');
    holder.invalidate('t0');
    expect(await holder.get()).toBe('t1');
    holder.invalidate('t1');
    expect(await holder.get()).toBe('t2');
  });
});
