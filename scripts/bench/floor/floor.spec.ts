import { expect, test } from '@playwright/test';
import type { RecordedRequest } from '../../../src/core/wire.ts';

const count = Number(process.env.FLOOR_TESTS ?? 100);
const planned = JSON.parse(process.env.FLOOR_REQUEST ?? '{}') as RecordedRequest;

for (let i = 0; i < count; i++) {
  test(`trivial request ${i}`, async ({ request }) => {
    const response = await request.fetch(planned.url, { method: planned.method, headers: planned.headers, data: planned.body });
    expect(response.status()).toBeLessThan(300);
  });
}
