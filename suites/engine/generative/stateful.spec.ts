import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../../src/contract/load.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import type { RecordedRequest } from '../../../src/core/wire.ts';
import { readbackDifferences } from '../../../src/generate/phases/readback.ts';
import { resourceOf, statefulPhase, type ResourceLinks } from '../../../src/generate/phases/stateful.ts';
import type { Contract } from '../../../src/contract/types.ts';
import { testPatience } from '../support/patience.ts';
import { sandboxBehindInjector, type FaultTarget } from './support.ts';
import { fixedSeedPerTest } from '../support/seed.ts';

fixedSeedPerTest(test);

const resourcesOf = (contract: Contract): ResourceLinks[] =>
  contract.operations.map((o) => resourceOf(contract, o)).filter((r): r is ResourceLinks => r !== undefined);

test.describe('stateful phase: resources inferred from the paths', () => {
  test('collections with an item path, singletons read or removed on their own path', async () => {
    const webcamconsult = resourcesOf(await loadContract(`${ROOT}/contracts/webcamconsult.yaml`));
    expect(webcamconsult.map((r) => `${r.kind} ${r.create.path} ${r.read?.path} ${r.idParameter}`)).toEqual([
      'collection /users.json /users/{user_id}.json user_id',
      'collection /clients.json /client/{client_id}.json client_id',
      'collection /appointments.json /appointment/{appointment_id}.json appointment_id',
    ]);
    const lupl = resourcesOf(await loadContract(`${ROOT}/contracts/lupl.yaml`));
    expect(lupl.map((r) => `${r.kind} ${r.create.key} → ${r.read?.key}`)).toEqual([
      'singleton POST /api/1.0/pms/providerconfig → GET /api/1.0/pms/providerconfig',
      'singleton POST /api/1.0/pms/organizationconfig → GET /api/1.0/pms/organizationconfig',
    ]);
    const drchrono = resourcesOf(await loadContract(`${ROOT}/contracts/drchrono.yaml`));
    expect(drchrono.map((r) => `${r.kind} ${r.create.key} ${r.read?.key} ${r.remove?.key}`)).toEqual([
      'singleton POST /api/iframe_integration undefined DELETE /api/iframe_integration',
    ]);
    // A real-world document: PATCH is the update where no PUT exists.
    const museum = resourcesOf(await loadContract(`${ROOT}/fixtures/documents/museum.yaml`));
    expect(museum.map((r) => `${r.create.path} ${r.update?.method} ${r.remove?.method} ${r.list?.method}`)).toEqual([
      '/special-events PATCH DELETE GET',
    ]);
  });
});

test('an OpenAPI link from the create answer names the read where the paths do not', async () => {
  const document = {
    openapi: '3.0.3',
    info: { title: 'links', version: '1' },
    paths: {
      '/people': {
        post: {
          operationId: 'addPerson',
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: {
            '201': { description: 'made', links: { read: { operationId: 'readPerson', parameters: { key: '$response.body#/id' } } } },
          },
        },
      },
      '/registry/{key}': {
        get: {
          operationId: 'readPerson',
          parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok' } },
        },
      },
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'links-'));
  writeFileSync(join(dir, 'links.json'), JSON.stringify(document));
  const contract = await loadContract(join(dir, 'links.json'));
  expect(resourcesOf(contract).map((r) => `${r.kind} ${r.create.key} → ${r.read?.key} (${r.idParameter})`)).toEqual([
    'collection POST /people → GET /registry/{key} (key)',
  ]);
  // Without the link nothing ties the two paths together.
  delete (document.paths['/people'].post.responses['201'] as { links?: unknown }).links;
  writeFileSync(join(dir, 'unlinked.json'), JSON.stringify(document));
  expect(resourcesOf(await loadContract(join(dir, 'unlinked.json')))).toEqual([]);
});

test.describe('stateful phase: read-back comparison', () => {
  test('a value read back differently is reported; ids, timestamps and fields the answer leaves out are not', () => {
    expect(readbackDifferences({ name: 'Ada', age: 3 }, { name: 'Ada', age: 3, id: 'x' })).toEqual([]);
    expect(readbackDifferences({ name: 'Ada', age: 3 }, { name: 'Bob', id: 'x', updated_at: 'now' })).toEqual([
      { field: 'name', written: 'Ada', read: 'Bob' },
    ]);
    expect(readbackDifferences({ id: 'a', created_at: '2020-01-01' }, { id: 'b', created_at: '2021-01-01' })).toEqual([]);
    // The part of the body the answer shows: the config written inside `{ pmsId, config }`.
    expect(readbackDifferences({ pmsId: 'p', config: { mode: 'a', nested: { n: 1 } } }, { mode: 'b', nested: { n: 2 } })).toEqual([
      { field: 'config.mode', written: 'a', read: 'b' },
      { field: 'config.nested.n', written: 1, read: 2 },
    ]);
    // One wrapper down, the same instant in another notation, numeric text.
    expect(readbackDifferences({ at: '2024-01-01T00:00:00Z', n: 5 }, { item: { at: '2024-01-01T00:00:00.000Z', n: '5' } })).toEqual([]);
    expect(readbackDifferences({ pmsId: 'p', config: { a: 1 } }, null)).toHaveLength(1);
  });
});

test.describe('stateful phase against reference sandboxes', () => {
  test.setTimeout(testPatience());

  /** The sandbox behind the (switched-off) injector, with every request recorded and GET answers optionally rewritten. */
  async function open(vendor: string, contract: Contract, rewrite?: (request: RecordedRequest, text: string) => string) {
    const running: FaultTarget = await sandboxBehindInjector(vendor, contract);
    const sent: RecordedRequest[] = [];
    const send = running.target.send;
    running.target.send = async (request, timeout) => {
      sent.push(request);
      const response = await send(request, timeout);
      return rewrite && request.method === 'GET' && response.status === 200
        ? { ...response, text: rewrite(request, response.text) }
        : response;
    };
    return { running, sent };
  }

  test('Lupl: a configuration read back as written passes, and the earlier state is written back', async () => {
    const contract = await loadContract(`${ROOT}/contracts/lupl.yaml`);
    const resources = resourcesOf(contract);
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) {
      const { running, sent } = await open('lupl', contract);
      try {
        const outcome = await statefulPhase(
          { contract, operation: resource.create, target: running.target, validators: new SchemaValidators(contract), examples: 4 },
          resource,
        );
        expect(outcome.skipReason, resource.create.key).toBeUndefined();
        expect(outcome.violations, resource.create.key).toEqual([]);
        // Read before, write, read back, write the earlier state back (or say why it could not be).
        expect(sent.map((r) => r.method).slice(0, 3)).toEqual(['GET', 'POST', 'GET']);
        const restored = sent.filter((r) => r.method === 'POST').length === 2;
        expect(restored || outcome.notes.some((n) => /earlier state/.test(n)), outcome.notes.join('\n')).toBe(true);
      } finally {
        await running.close();
      }
    }
  });

  test('Lupl: a configuration read back differently is a contract-assumption finding, not a vendor violation', async () => {
    const contract = await loadContract(`${ROOT}/contracts/lupl.yaml`);
    const resource = resourcesOf(contract).find((r) => r.create.path.endsWith('organizationconfig'))!;
    // The read answers a changed `fields` value for whatever was written.
    const { running } = await open('lupl', contract, (request, text) => {
      const body = JSON.parse(text) as Record<string, unknown> | null;
      return body && typeof body === 'object' ? JSON.stringify({ ...body, fields: { changed: 'by the target' } }) : text;
    });
    try {
      const outcome = await statefulPhase(
        { contract, operation: resource.create, target: running.target, validators: new SchemaValidators(contract), examples: 4 },
        resource,
      );
      expect(outcome.violations.length).toBeGreaterThan(0);
      for (const violation of outcome.violations) {
        expect(violation.rule).toBe('created-record-differs');
        expect(violation.finding).toBe('assumption');
      }
    } finally {
      await running.close();
    }
  });

  test("every answer of the sequence is held to the contract's checks: a read answered in another shape is reported", async () => {
    const contract = await loadContract(`${ROOT}/contracts/lupl.yaml`);
    const resource = resourcesOf(contract).find((r) => r.create.path.endsWith('organizationconfig'))!;
    const { running } = await open('lupl', contract, () => JSON.stringify([1, 2, 3]));
    try {
      const outcome = await statefulPhase(
        { contract, operation: resource.create, target: running.target, validators: new SchemaValidators(contract), examples: 4 },
        resource,
      );
      const fromChecks = outcome.violations.filter((v) => v.check === 'responseSchemaConformance');
      expect(fromChecks.length, JSON.stringify(outcome.violations.map((v) => `${v.check} ${v.rule}`))).toBeGreaterThan(0);
      expect(fromChecks.every((v) => v.operation === resource.read!.key)).toBe(true);
    } finally {
      await running.close();
    }
  });

  test('Webcamconsult: a record lost between create and read fails the phase, and the record is still deleted', async () => {
    const contract = await loadContract(`${ROOT}/contracts/webcamconsult.yaml`);
    const running = await sandboxBehindInjector('webcamconsult', contract, 'state-lost');
    const sent: RecordedRequest[] = [];
    const send = running.target.send;
    running.target.send = async (request, timeout) => (sent.push(request), send(request, timeout));
    let created = 0;
    try {
      for (const resource of resourcesOf(contract)) {
        const before = sent.length;
        const outcome = await statefulPhase(
          { contract, operation: resource.create, target: running.target, validators: new SchemaValidators(contract), examples: 4 },
          resource,
        );
        // The sandbox refuses some valid bodies for rules a schema cannot say (the create is then skipped).
        if (outcome.skipReason) continue;
        created += 1;
        expect(outcome.violations.map((v) => `${v.rule} ${v.finding ?? 'violation'}`)).toContain('created-record-not-found violation');
        expect(
          sent.slice(before).filter((r) => r.method === 'DELETE' && r.url.includes(resource.remove!.path.split('/')[1])).length,
          `the record created by ${resource.create.key} is deleted`,
        ).toBeGreaterThan(0);
      }
      expect(created, 'resources created').toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });
});
