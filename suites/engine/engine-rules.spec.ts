import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../src/contract/load.ts';
import { runChecks } from '../../src/checks/index.ts';
import { ENGINE_RULES, engineProvenance, overrideEngineRule } from '../../src/checks/engine-rules.ts';
import { failsGate, findingOf } from '../../src/checks/findings.ts';
import { mediaFor, sameMediaType } from '../../src/checks/media.ts';
import { rowsOf, totalOf } from '../../src/checks/rows.ts';
import { SchemaValidators } from '../../src/checks/schema-validators.ts';
import type { CheckContext } from '../../src/checks/types.ts';
import type { Exchange } from '../../src/core/wire.ts';
import type { Violation } from '../../src/core/violation.ts';
import { mutationsFor } from '../../src/generate/arbitraries/negative.ts';
import { refusalOf, rejectionNames, underRefusal } from '../../src/generate/phases/refusal.ts';
import { mockCouldNotServe } from '../../src/targets/mock.ts';
import { ROOT } from '../../src/targets/paths.ts';

// One contract with a rule of each kind the engine judges on its own: an XML endpoint whose errors the document
// shows as JSON only, a media type the contract inferred, an optional parameter whose rejection the document ties
// to it and one it does not, a paged list with a default size and a documented expansion.
const yaml = `openapi: 3.1.0
info: { title: Engine rules, version: '1' }
paths:
  /items/xml:
    get:
      operationId: listItemsXml
      parameters:
        - { name: key, in: query, required: true, schema: { type: string }, x-missing-response: { status: 400, match: { code: E1 } } }
      responses:
        '200':
          description: XML
          content:
            application/xml:
              x-provenance: inferred
              x-decision: The document says "XML output" and names no media type.
              schema: { type: string }
              example: '<items/>'
        '400':
          description: error
          content:
            application/json:
              schema: { type: object, required: [code], properties: { code: { type: string } } }
              example: { code: E1 }
  /items:
    get:
      operationId: listItems
      parameters:
        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 100 } }
        - { name: offset, in: query, schema: { type: integer, minimum: 0 } }
        - name: sort
          in: query
          schema: { type: string, enum: [asc, desc] }
        - name: expand
          in: query
          schema: { type: string }
      responses:
        '200':
          description: a page
          content:
            application/json:
              schema:
                type: object
                properties:
                  total: { type: integer }
                  items: { type: array, items: { type: object } }
              example: { total: 1, items: [{ id: a }] }
        '400':
          description: The sort parameter is not asc or desc.
          content:
            application/json:
              schema: { type: object, properties: { code: { type: string } } }
              example: { code: E2 }
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: { type: string, maxLength: 5 }
                note: { type: string, maxLength: 5, x-invalid-response: { status: 422 } }
      responses:
        '201': { description: created, content: { application/json: { schema: { type: object }, example: {} } } }
        '422': { description: invalid, content: { application/json: { schema: { type: object }, example: {} } } }
x-vendor-rules:
  pagination:
    style: page-offset
    offsetParameter: offset
    limitParameter: limit
    limit: { minimum: 1, maximum: 100, default: 10 }
    operations: [listItems]
  expansion:
    parameter: expand
    objects: { owner: owner }
    operations: [listItems]
`;
const dir = mkdtempSync(join(tmpdir(), 'engine-rules-'));
writeFileSync(join(dir, 'rules.yaml'), yaml);
const contract = await loadContract(join(dir, 'rules.yaml'));
const validators = new SchemaValidators(contract);
const op = (id: string) => contract.operations.find((o) => o.id === id)!;

const exchange = (status: number, contentType: string | undefined, text: string, url = 'http://127.0.0.1/items'): Exchange => ({
  request: { method: 'GET', url, headers: {} },
  response: { status, headers: contentType ? { 'content-type': contentType } : {}, text },
});
const ctx = (id: string, over: Partial<CheckContext> = {}): CheckContext => ({
  contract,
  operation: op(id),
  validators,
  target: 'sandbox',
  ...over,
});
const failing = (violations: Violation[]) => violations.filter((v) => failsGate(v, false)).map((v) => `${v.check} › ${v.rule}`);

test.describe('media-type-equivalence (documented by RFC 9110, 7303, 6839)', () => {
  test('case, parameters, text/xml, +json and +xml are the documented type; another type is not', () => {
    expect(sameMediaType('application/json', 'Application/JSON; charset=utf-8')).toBe(true);
    expect(sameMediaType('application/xml', 'text/xml')).toBe(true);
    expect(sameMediaType('application/xml', 'application/atom+xml')).toBe(true);
    expect(sameMediaType('application/json', 'application/problem+json')).toBe(true);
    expect(sameMediaType('application/json', 'text/plain')).toBe(false);
    expect(sameMediaType('application/xml', 'application/json')).toBe(false);
    expect(sameMediaType('image/png', 'image/jpeg')).toBe(false);
    expect(mediaFor(op('listItems').responses[0].content, 'application/hal+json')?.mediaType).toBe('application/json');
  });

  test('an answer in an equivalent form passes every check; one in another type fails', () => {
    const page = JSON.stringify({ total: 1, items: [{ id: 'a' }] });
    expect(runChecks(ctx('listItems'), exchange(200, 'application/vnd.page+json; charset=UTF-8', page))).toEqual([]);
    expect(failing(runChecks(ctx('listItems'), exchange(200, 'text/plain', page)))).toEqual([
      'contentTypeConformance › undocumented-content-type',
    ]);
  });

  test('a mock problem in another letter case is still the mock’s own answer', () => {
    const problem = JSON.stringify({ type: 'https://stoplight.io/prism/errors#NO_RESPONSE_DEFINED', title: 'x' });
    expect(mockCouldNotServe({ status: 500, headers: { 'content-type': 'Application/Problem+JSON' }, text: problem })).toBeDefined();
  });
});

test.describe('media-type-named-format (inferred where the contract marks the media type)', () => {
  test('another media type than the inferred one is an assumption finding, not a violation', () => {
    const found = runChecks(ctx('listItemsXml'), exchange(200, 'text/html', '<items/>'));
    expect(found.map((v) => [v.rule, findingOf(v)])).toEqual([['undocumented-content-type', 'assumption']]);
    expect(found[0].decision).toMatch(/names no media type/);
  });
  test('a body in another format than the one the document names breaks the document: a violation', () => {
    expect(failing(runChecks(ctx('listItemsXml'), exchange(200, 'application/json', '{"items": []}')))).toEqual([
      'contentTypeConformance › undocumented-content-type',
    ]);
    expect(failing(runChecks(ctx('listItemsXml'), exchange(200, 'text/plain', 'items: none')))).toEqual([
      'contentTypeConformance › undocumented-content-type',
    ]);
  });
  test('without the mark the same answer is a violation', () => {
    const unmarked = {
      ...op('listItemsXml'),
      responses: op('listItemsXml').responses.map((r) => ({ ...r, content: r.content.map((m) => ({ ...m, provenance: undefined })) })),
    };
    expect(failing(runChecks(ctx('listItemsXml', { operation: unmarked }), exchange(200, 'text/html', '<items/>')))).toEqual([
      'contentTypeConformance › undocumented-content-type',
    ]);
  });
});

test.describe('error-representation (inferred): an error in the endpoint’s own representation', () => {
  const expected = { status: 400, match: { code: 'E1' } };
  test('an XML error carrying the documented code passes; its media type is an assumption finding naming the rule', () => {
    const found = runChecks(
      ctx('listItemsXml', { expected }),
      exchange(400, 'application/xml', '<?xml version="1.0"?><error><code>E1</code></error>', 'http://127.0.0.1/items/xml'),
    );
    expect(failing(found)).toEqual([]);
    expect(found.map((v) => [v.rule, findingOf(v)])).toEqual([['undocumented-content-type', 'assumption']]);
    expect(found[0].decision).toMatch(/^engine rule "error-representation" \(inferred\)/);
  });
  test('an XML error with another code is still an assumption finding, never a violation', () => {
    const found = runChecks(
      ctx('listItemsXml', { expected }),
      exchange(400, 'text/xml', '<error><code>E9</code></error>', 'http://127.0.0.1/items/xml'),
    );
    expect(failing(found)).toEqual([]);
    expect(found.map((v) => v.rule).sort()).toEqual(['error-body-mismatch', 'undocumented-content-type']);
  });
  test('a JSON error with another code is the documented rule broken: a violation', () => {
    expect(
      failing(
        runChecks(ctx('listItemsXml', { expected }), exchange(400, 'application/json', '{"code":"E9"}', 'http://127.0.0.1/items/xml')),
      ),
    ).toEqual(['documentedErrorBody › error-body-mismatch']);
  });
  test('an error in a media type the endpoint never answers is a violation', () => {
    expect(
      failing(runChecks(ctx('listItemsXml', { expected }), exchange(400, 'text/html', '<h1>E1</h1>', 'http://127.0.0.1/items/xml'))),
    ).toContain('contentTypeConformance › undocumented-content-type');
  });
});

test.describe('refusals: whose word is it that a broken request is refused', () => {
  const mutation = (id: string, rule: RegExp) => {
    const found = mutationsFor(contract, op(id)).find((m) => rule.test(m.rule));
    expect(found, `a mutation ${rule}`).toBeDefined();
    return found!;
  };
  test('a broken optional parameter the document ties to no rejection is the engine’s guess (assumed)', () => {
    const refusal = refusalOf(contract, op('listItems'), mutation('listItems', /"limit": above maximum/));
    expect([refusal.rule, refusal.provenance.kind]).toEqual(['invalid-input-refused', 'assumed']);
  });
  test('a parameter a documented rejection names is documented; so is a field with x-invalid-response', () => {
    expect(rejectionNames(op('listItems'), 'sort')).toBe(true);
    expect(refusalOf(contract, op('listItems'), mutation('listItems', /"sort": not in enum/)).provenance.kind).toBe('documented');
    const note = refusalOf(contract, op('createItem'), mutation('createItem', /"note": longer than maxLength/));
    expect([note.provenance.kind, note.readings?.[0].status]).toEqual(['documented', 422]);
    expect(refusalOf(contract, op('createItem'), mutation('createItem', /"name": longer than maxLength/)).provenance.kind).toBe('assumed');
  });
  test('a required parameter or field left out is documented where the operation documents a rejection', () => {
    expect(refusalOf(contract, op('listItemsXml'), mutation('listItemsXml', /"key": missing/)).provenance.kind).toBe('documented');
    expect(refusalOf(contract, op('createItem'), mutation('createItem', /"name": missing/)).provenance.kind).toBe('documented');
  });
  test('malformed JSON is refused by the document where it documents a 400/422; another media type only with a 415', () => {
    expect(refusalOf(contract, op('createItem'), mutation('createItem', /malformed JSON/)).provenance.kind).toBe('documented');
    const media = refusalOf(contract, op('createItem'), mutation('createItem', /media type not accepted/));
    expect([media.rule, media.provenance.kind]).toEqual(['unsupported-media-type-refused', 'assumed']);
  });

  const accepted: Violation = {
    check: 'expectedStatus',
    operation: 'GET /items',
    rule: 'not-rejected',
    message: 'Received: 200',
    severity: 'error',
  };
  test('accepting a guessed refusal is an assumption finding naming the rule; a documented one stays a violation', () => {
    const guessed = underRefusal([accepted], 200, refusalOf(contract, op('listItems'), mutation('listItems', /"limit": above/)), false);
    expect(guessed.map((v) => [findingOf(v), failsGate(v, false), failsGate(v, true)])).toEqual([['assumption', false, true]]);
    expect(guessed[0].decision).toMatch(/^engine rule "invalid-input-refused" \(assumed\)/);
    const documented = underRefusal(
      [accepted],
      200,
      refusalOf(contract, op('listItems'), mutation('listItems', /"sort": not in enum/)),
      false,
    );
    expect(documented.map((v) => findingOf(v))).toEqual(['violation']);
  });
  test('the body of a framework rejection (malformed JSON) is the guess framework-rejection-body; its status is judged', () => {
    const body: Violation = {
      check: 'responseSchemaConformance',
      operation: 'POST /items',
      rule: 'schema-type',
      message: 'x',
      severity: 'error',
    };
    const status: Violation = {
      check: 'statusCodeConformance',
      operation: 'POST /items',
      rule: 'undocumented-status',
      message: 'x',
      severity: 'error',
    };
    const judged = underRefusal([body, status], 400, undefined, true);
    expect(judged.map((v) => findingOf(v))).toEqual(['assumption', 'violation']);
    expect(judged[0].decision).toMatch(/^engine rule "framework-rejection-body"/);
  });
  test('reverting the guess to documented makes the acceptance a violation again', () => {
    const restore = overrideEngineRule('invalid-input-refused', 'documented');
    try {
      const refusal = refusalOf(contract, op('listItems'), mutation('listItems', /"limit": above/));
      expect(underRefusal([accepted], 200, refusal, false).map((v) => findingOf(v))).toEqual(['violation']);
    } finally {
      restore();
    }
    expect(engineProvenance('invalid-input-refused').kind).toBe('assumed');
  });
});

test.describe('documented rules nothing judged before: the default page size and a documented expansion', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, owner: { id: 'o' } }));
  const page = (n: number, total: number) => JSON.stringify({ total, items: rows(n) });
  test('a page without a size holds the default where rows remain; fewer is caught, at most the rest is fine', () => {
    expect(failing(runChecks(ctx('listItems'), exchange(200, 'application/json', page(10, 25))))).toEqual([]);
    expect(failing(runChecks(ctx('listItems'), exchange(200, 'application/json', page(5, 5))))).toEqual([]);
    expect(failing(runChecks(ctx('listItems'), exchange(200, 'application/json', page(5, 25), 'http://127.0.0.1/items?offset=2')))).toEqual(
      [],
    );
    expect(failing(runChecks(ctx('listItems'), exchange(200, 'application/json', page(2, 25))))).toEqual([
      'documentedPageSize › page-size-below-default',
    ]);
    expect(failing(runChecks(ctx('listItems'), exchange(200, 'application/json', page(11, 25))))).toEqual([
      'documentedPageSize › page-size-above-default',
    ]);
    // An invalid offset may have been ignored (a lenient reading): where the page starts is then unknown.
    expect(failing(runChecks(ctx('listItems'), exchange(200, 'application/json', page(1, 1), 'http://127.0.0.1/items?offset=-1')))).toEqual(
      [],
    );
    // With its own limit, the page size is the client's; against a mock, the examples are not the vendor's.
    expect(failing(runChecks(ctx('listItems'), exchange(200, 'application/json', page(2, 25), 'http://127.0.0.1/items?limit=2')))).toEqual(
      [],
    );
    expect(failing(runChecks(ctx('listItems', { target: 'mock' }), exchange(200, 'application/json', page(2, 25))))).toEqual([]);
  });
  test('an expansion asked for must be in line on every record', () => {
    const url = 'http://127.0.0.1/items?expand=owner';
    expect(failing(runChecks(ctx('listItems'), exchange(200, 'application/json', page(3, 3), url)))).toEqual([]);
    const without = JSON.stringify({ total: 2, items: [{ id: 'a', owner: { id: 'o' } }, { id: 'b' }] });
    expect(failing(runChecks(ctx('listItems'), exchange(200, 'application/json', without, url)))).toEqual([
      'documentedExpansion › expansion-ignored',
    ]);
    expect(failing(runChecks(ctx('listItems'), exchange(200, 'application/json', without)))).toEqual([]);
  });
  test('records are read from a bare list, an envelope and an envelope in a one-element array; a record with a list is one record', () => {
    expect(rowsOf([{ a: 1 }, { a: 2 }]).rows).toHaveLength(2);
    expect(rowsOf([{ total_count: '7', items: [{ a: 1 }] }])).toMatchObject({ rows: [{ a: 1 }] });
    expect(totalOf(rowsOf([{ total_count: '7', items: [] }]).envelope)).toBe(7);
    expect(rowsOf({ id: 'p', links: [{ href: 'x' }] }).rows).toEqual([{ id: 'p', links: [{ href: 'x' }] }]);
  });
});

test('the engine-rule table and docs/contract-conventions.md list the same rules with the same provenance', () => {
  const doc = readFileSync(join(ROOT, 'docs/contract-conventions.md'), 'utf8');
  const listed = [...doc.matchAll(/^\| `([a-z-]+)` \| ([a-z]+) \|/gm)].map((m) => [m[1], m[2]]);
  expect(listed.length).toBeGreaterThan(10);
  expect(listed).toEqual(ENGINE_RULES.map((r) => [r.id, r.provenance]));
});
