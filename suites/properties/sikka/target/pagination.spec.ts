import fc from 'fast-check';
import { test, expect } from '../../../../fixtures/index.ts';
import { call, STATELESS, type LiveAnswer } from '../../../../fixtures/live.ts';
import { checkProperty } from '../../../../src/properties/fc.ts';
import { classifySikka } from '../../../../src/vendors/sikka/errors.ts';
import { SIKKA_LIMIT } from '../../../../src/vendors/sikka/pagination.ts';

/**
 * Rows of a Sikka collection answer: the envelope's `items`, or the records of a bare list (both readings the contract
 * accepts); undefined for a body of neither shape, which is no page at all.
 */
const rows = (body: unknown): Record<string, unknown>[] | undefined => {
  if (Array.isArray(body) && !(body[0] && typeof body[0] === 'object' && 'items' in body[0])) return body as Record<string, unknown>[];
  const envelope = Array.isArray(body) ? body[0] : body;
  const items = envelope && typeof envelope === 'object' ? (envelope as { items?: unknown }).items : undefined;
  return Array.isArray(items) ? (items as Record<string, unknown>[]) : undefined;
};

/**
 * The rows of one page, held to what a page is: a 200 with a list of records, or the 204 Sikka documents for a page past
 * the last row. Anything else (a 401, an error body, a body of another shape) fails here, so that two refusals can
 * never compare equal as two empty pages.
 */
function pageRows(answer: LiveAnswer, what: string): Record<string, unknown>[] {
  expect([200, 204], `${what}: a page (200, or 204 past the last row), got ${answer.status} ${answer.text.slice(0, 200)}`).toContain(
    answer.status,
  );
  if (answer.status === 204) return [];
  const found = rows(answer.body);
  expect(found, `${what}: the envelope's items or a bare list of records, got ${answer.text.slice(0, 200)}`).toBeDefined();
  return found!;
}
const ids = (answer: LiveAnswer, what: string) => pageRows(answer, what).map((r) => String(r.patient_id));

export const InBoundsPageArb = fc.record({
  offset: fc.integer({ min: 0, max: 20 }),
  limit: fc.oneof(fc.constantFrom(SIKKA_LIMIT.minimum, 1, SIKKA_LIMIT.maximum), fc.integer({ min: 1, max: 60 })),
});
// An empty `limit=` is left out: the document does not say whether it reads as absent (the default) or invalid.
export const OutOfBoundsPageArb = fc.oneof(
  fc.record({
    offset: fc.constant<string | number>(0),
    limit: fc.oneof(fc.integer({ min: SIKKA_LIMIT.maximum + 1, max: 100_000 }), fc.integer({ min: -1000, max: -1 })),
  }),
  fc.record({ offset: fc.integer({ min: -1000, max: -1 }), limit: fc.constant<string | number>(10) }),
);
// A value that is no integer at all: the document gives the range, not how an unparseable value is read.
export const UnparseablePageArb = fc.oneof(
  fc.record({ offset: fc.constant<string | number>(0), limit: fc.constantFrom<string | number>('1.5', 'ten') }),
  fc.record({ offset: fc.constantFrom<string | number>('0.5', 'first'), limit: fc.constant<string | number>(10) }),
);
export const PageSliceArb = fc.record({ page: fc.integer({ min: 0, max: 4 }), size: fc.integer({ min: 1, max: 40 }) });

test.describe('sikka pagination against the target @property', () => {
  test('any in-bounds limit (0..4999) and offset is accepted', async ({ liveTarget }) => {
    await checkProperty(
      fc.asyncProperty(InBoundsPageArb, async ({ offset, limit }) => {
        const answer = await call(
          liveTarget,
          'GET',
          '/v2/patients',
          { offset, limit: Math.min(limit, liveTarget.kind === 'mock' ? limit : 200) },
          { fromSession: ['request_key'] },
        );
        expect([200, 204], `offset=${offset} limit=${limit}`).toContain(answer.status);
      }),
      { kind: 'target' },
    );
  });

  test('any out-of-bounds or non-integer limit or offset gets the documented 400 with a table error code', async ({ liveTarget }) => {
    await checkProperty(
      fc.asyncProperty(OutOfBoundsPageArb, async ({ offset, limit }) => {
        const answer = await call(liveTarget, 'GET', '/v2/patients', { offset, limit }, { fromSession: ['request_key'] });
        expect(answer.status, `offset=${offset} limit=${limit}`).toBe(400);
        const outcome = classifySikka(answer.status, answer.body);
        expect(outcome.kind).toBe('client-error');
        expect(outcome.contractViolation?.problems ?? []).toEqual([]);
      }),
      { kind: 'target' },
    );
  });

  test('a limit or offset that is no integer at all is refused with a table error code, or read as absent (either reading)', async ({
    liveTarget,
  }) => {
    await checkProperty(
      fc.asyncProperty(UnparseablePageArb, async ({ offset, limit }) => {
        const answer = await call(liveTarget, 'GET', '/v2/patients', { offset, limit }, { fromSession: ['request_key'] });
        expect([200, 400], `offset=${offset} limit=${limit}`).toContain(answer.status);
        if (answer.status === 400) expect(classifySikka(answer.status, answer.body).contractViolation?.problems ?? []).toEqual([]);
      }),
      { kind: 'target' },
    );
  });

  test('page k of size L equals rows k·L+1..(k+1)·L of page 0 at size (k+1)·L (offset counts pages)', async ({ liveTarget }) => {
    test.skip(liveTarget.kind === 'mock', STATELESS);
    let compared = 0;
    await checkProperty(
      fc.asyncProperty(PageSliceArb, async ({ page, size }) => {
        const pageK = await call(liveTarget, 'GET', '/v2/patients', { offset: page, limit: size }, { fromSession: ['request_key'] });
        const prefix = await call(
          liveTarget,
          'GET',
          '/v2/patients',
          { offset: 0, limit: (page + 1) * size },
          { fromSession: ['request_key'] },
        );
        const slice = ids(prefix, `offset=0 limit=${(page + 1) * size}`).slice(page * size, (page + 1) * size);
        expect(ids(pageK, `offset=${page} limit=${size}`)).toEqual(slice);
        if (slice.length > 0) compared++;
      }),
      { kind: 'target', numRuns: 10 },
    );
    // Empty pages agree with anything: at least one run must have compared real rows.
    expect(compared, 'runs that compared a non-empty page').toBeGreaterThan(0);
  });

  test('consecutive pages never repeat a row', async ({ liveTarget }) => {
    test.skip(liveTarget.kind === 'mock', STATELESS);
    let compared = 0;
    await checkProperty(
      fc.asyncProperty(PageSliceArb, async ({ page, size }) => {
        const a = await call(liveTarget, 'GET', '/v2/patients', { offset: page, limit: size }, { fromSession: ['request_key'] });
        const b = await call(liveTarget, 'GET', '/v2/patients', { offset: page + 1, limit: size }, { fromSession: ['request_key'] });
        const seen = new Set(ids(a, `offset=${page} limit=${size}`));
        const next = ids(b, `offset=${page + 1} limit=${size}`);
        expect(next.filter((id) => seen.has(id))).toEqual([]);
        if (seen.size > 0 && next.length > 0) compared++;
      }),
      { kind: 'target', numRuns: 10 },
    );
    expect(compared, 'runs that compared two non-empty pages').toBeGreaterThan(0);
  });

  test('a request without limit returns the default page: 500 rows, or every row where there are fewer', async ({ liveTarget }) => {
    test.skip(liveTarget.kind === 'mock', STATELESS);
    const answer = await call(liveTarget, 'GET', '/v2/patients', {}, { fromSession: ['request_key'] });
    expect(answer.status).toBe(200);
    // "At most" alone passes a vendor serving 100 rows: the rows there are (up to the largest page) decide.
    const all = await call(liveTarget, 'GET', '/v2/patients', { limit: SIKKA_LIMIT.maximum }, { fromSession: ['request_key'] });
    expect(pageRows(answer, 'no limit').length).toBe(Math.min(SIKKA_LIMIT.default, pageRows(all, `limit=${SIKKA_LIMIT.maximum}`).length));
  });
});
