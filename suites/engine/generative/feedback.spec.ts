import { test, expect } from '@playwright/test';
import { loadContract } from '../../../src/contract/load.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import type { RecordedRequest } from '../../../src/core/wire.ts';
import { harvest, KnownValues, listFor } from '../../../src/generate/phases/feedback.ts';
import { positivePhase } from '../../../src/generate/phases/run.ts';
import { testPatience } from '../support/patience.ts';
import { sandboxBehindInjector } from './support.ts';
import { fixedSeedPerTest } from '../support/seed.ts';

fixedSeedPerTest(test);

test.describe('response feedback into the positive phase', () => {
  test('ids in a list answer are recorded for the item path parameter the list belongs to', async () => {
    const contract = await loadContract(`${ROOT}/contracts/webcamconsult.yaml`);
    const item = contract.operations.find((o) => o.key === 'GET /client/{client_id}.json')!;
    const list = listFor(contract, item);
    expect(list?.key).toBe('GET /clients.json');
    const known = new KnownValues();
    const exchange = (text: string, status = 200) => ({
      request: { method: 'GET', url: 'http://127.0.0.1/clients.json', headers: {} },
      response: { status, headers: { 'content-type': 'application/json' }, text },
    });
    harvest(contract, list!, exchange(JSON.stringify({ clients: [{ id: 'c1' }, { id: 'c2', user_id: 'u1' }] })), known);
    expect(known.get('client_id')).toEqual(['c1', 'c2']);
    expect(known.get('user_id')).toEqual(['u1']);
    // Refusals and non-JSON answers feed nothing.
    const empty = new KnownValues();
    harvest(contract, list!, exchange(JSON.stringify({ clients: [{ id: 'c3' }] }), 404), empty);
    harvest(
      contract,
      list!,
      { ...exchange('id=c4'), response: { status: 200, headers: { 'content-type': 'text/plain' }, text: 'id=c4' } },
      empty,
    );
    expect(empty.for(['client_id'])).toEqual({});
  });

  test('on a live target, item requests name the records its list returned', async () => {
    test.setTimeout(testPatience());
    const contract = await loadContract(`${ROOT}/contracts/webcamconsult.yaml`);
    const running = await sandboxBehindInjector('webcamconsult', contract);
    // The session names no record of its own, so only feedback can name existing ones.
    const session = running.target.session;
    running.target.session = async () => {
      const s = await session();
      return { ...s, values: Object.fromEntries(Object.entries(s.values).filter(([k]) => !k.endsWith('_id'))) };
    };
    const sent: { request: RecordedRequest; status: number; text: string }[] = [];
    const send = running.target.send;
    running.target.send = async (request, timeout) => {
      const response = await send(request, timeout);
      sent.push({ request, status: response.status, text: response.text });
      return response;
    };
    try {
      const items = contract.operations.filter((o) => o.method === 'GET' && /\{[^}]+\}/.test(o.path));
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        const before = sent.length;
        const outcome = await positivePhase({
          contract,
          operation: item,
          target: running.target,
          validators: new SchemaValidators(contract),
          examples: 6,
        });
        expect(outcome.skipReason, item.key).toBeUndefined();
        const [listed, ...calls] = sent.slice(before);
        expect(listed.request.url, `${item.key}: the list is asked first`).toContain(listFor(contract, item)!.path);
        const named = calls.map((c) =>
          new URL(c.request.url).pathname
            .split('/')
            .pop()!
            .replace(/\.json$/, ''),
        );
        expect(calls.length).toBeGreaterThan(0);
        for (const id of named) expect(listed.text, `${item.key}: ${id} came from the list`).toContain(id);
        expect(new Set(named).size, `${item.key}: several listed records named`).toBeGreaterThan(1);
        expect(calls.every((c) => c.status === 200)).toBe(true);
      }
    } finally {
      await running.close();
    }
  });
});
