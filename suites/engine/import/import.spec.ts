import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { loadContract } from '../../../src/contract/load.ts';
import { lintContract, formatFinding } from '../../../src/contract/lint.ts';
import { importText, parseSource, ImportError } from '../../../src/import/index.ts';
import { inferSchema, parameterType } from '../../../src/import/infer.ts';
import { readJsonBody } from '../../../src/import/json-body.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { PATIENCE_MS, testPatience } from '../support/patience.ts';
import { collection, committedSources, read, sourcePathOf } from './support.ts';

const ajv = new Ajv2020({ strict: false, allErrors: true });
const valid = (schema: object, value: unknown): boolean => ajv.compile(schema)(value) as boolean;

test.describe('schema inference from examples', () => {
  test('a field missing from one example is optional, one null in an example is nullable', () => {
    const schema = inferSchema([
      { id: 1, name: 'Ann', notes: null },
      { id: 2, notes: 'x' },
    ]);
    expect(valid(schema, { id: 3, notes: null })).toBe(true); // name left out: optional
    expect(valid(schema, { id: 3, notes: 'y' })).toBe(true);
    // Red: what no example shows is refused (a wrong type, a required field left out).
    expect(valid(schema, { id: 'three', notes: null })).toBe(false);
    expect(valid(schema, { name: 'Ann', notes: null })).toBe(false);
    expect(valid(schema, { id: 3 })).toBe(false); // notes is in every example
  });

  test('every example is valid against the schema inferred from all of them, never from one alone', () => {
    const examples = [
      { a: [1, 2.5], b: { c: true }, e: 'x' },
      { a: [], b: { c: false, d: null } },
      { a: [3], b: { c: true, d: 'x' }, e: null },
    ];
    const schema = inferSchema(examples);
    for (const example of examples) expect(valid(schema, example), JSON.stringify(example)).toBe(true);
    const fromFirst = inferSchema([examples[0]]);
    expect(valid(fromFirst, examples[1])).toBe(false); // one example alone would require `e`
    expect(valid(fromFirst, examples[2])).toBe(false); // and refuse its `null`
  });

  test('a {{variable}} or a field only ever null says nothing about its type', () => {
    const schema = inferSchema([{ amount: '{{amount}}', ref: null }]);
    expect(valid(schema, { amount: 12, ref: 'r1' })).toBe(true);
    expect(parameterType(['10', '25'])).toBe('integer');
    expect(parameterType(['10', 'ten'])).toBe('string');
    expect(parameterType(['{{id}}'])).toBe('string');
  });

  test('JSON as documents write it is read, and what it took is said', () => {
    expect(readJsonBody('{"a": 1, // note\n}')).toEqual({ value: { a: 1 }, repaired: 'comments removed' });
    expect(readJsonBody('{"a": {{amount}}}')).toEqual({ value: { a: '{{amount}}' }, repaired: 'unquoted variables read as strings' });
    expect(readJsonBody('{"a": 1 "b": 2}')?.value).toEqual({ a: 1, b: 2 });
    // A body cut short is not guessed at.
    expect(readJsonBody('{"a": ')).toBeUndefined();
  });
});

test.describe('Postman reader', () => {
  test('folders, path variables, auth at collection, request and "noauth" level, examples of one request', async () => {
    const { document, source } = await importText(JSON.stringify(collection()), 'sources/acme.postman_collection.json');
    expect(source.items.map((i) => `${i.kind} ${i.trail}`)).toEqual([
      'folder Patients',
      'request Patients › Get patient',
      'example Patients › Get patient › Found',
      'example Patients › Get patient › Found without email',
      'example Patients › Get patient › Not found',
      'request Patients › Create patient',
      'request Health',
      'example Health › Up',
    ]);
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(paths)).toEqual(['/patients/{id}', '/patients', '/health']);
    expect(document.servers).toEqual([{ url: 'https://api.acme.test/v1' }]);
    expect(document.security).toEqual([{ apiKeyXAcmeKey: [] }]);
    const get = paths['/patients/{id}'].get;
    expect(get.security).toBeUndefined(); // the collection's
    expect(paths['/patients'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(paths['/health'].get.security).toEqual([]);
    const parameters = get.parameters as Record<string, unknown>[];
    expect(parameters.map((p) => [p.in, p.name, p.required, (p.schema as { type: string }).type, p.example, p['x-provenance']])).toEqual([
      ['path', 'id', true, 'integer', 42, 'assumed'],
      ['query', 'expand', false, 'string', 'visits', 'assumed'],
    ]);
    const responses = get.responses as Record<string, Record<string, unknown>>;
    expect(Object.keys(responses)).toEqual(['200', '404']);
    const ok = (responses['200'].content as Record<string, { schema: Record<string, unknown>; examples: Record<string, unknown> }>)[
      'application/json'
    ];
    expect(Object.keys(ok.examples)).toEqual(['Found', 'Found-without-email']);
    expect(ok.schema['x-provenance']).toBe('inferred');
    expect(ok.schema.required).toEqual(['id', 'name', 'notes']);
    expect((ok.schema.properties as Record<string, unknown>).email).toEqual({ type: 'string' });
    expect((ok.schema.properties as Record<string, unknown>).notes).toEqual({ type: ['null', 'string'] });
    // A documented error names its shape in components, as the conventions ask.
    expect((responses['404'].content as Record<string, { schema: unknown }>)['application/json'].schema).toEqual({
      $ref: '#/components/schemas/GetPatient404Error',
    });
    // A request without any example: an assumed 200, said so.
    const created = paths['/patients'].post.responses as Record<string, Record<string, unknown>>;
    expect(created['200']['x-provenance']).toBe('assumed');
    const body = (paths['/patients'].post.requestBody as { content: Record<string, { examples: Record<string, { description: string }> }> })
      .content['application/json'];
    expect(Object.values(body.examples)[0].description).toContain('unquoted variables read as strings');
  });

  test('a documenter page wrapping a collection reads as the collection; one without requests says what to do', async () => {
    const plain = await parseSource(JSON.stringify(collection()), 'plain');
    const wrapped = await parseSource(JSON.stringify({ collection: collection(), canonicalUrl: 'x' }), 'wrapped');
    expect(wrapped.items).toEqual(plain.items);
    const empty = parseSource(
      JSON.stringify({
        collection: { info: { name: 'Sikka APIs', schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' } },
      }),
      'doc',
    );
    await expect(empty).rejects.toThrow(/^IMPORT_NO_REQUESTS: .*documenter page.*export the collection/);
  });

  test('a v2.0 collection (string URLs, object auth) reads like v2.1', async () => {
    const v20 = collection({
      info: { name: 'Acme Clinic', schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' },
    });
    (v20.item as Record<string, unknown>[])[1] = {
      name: 'Health',
      request: {
        method: 'GET',
        url: 'https://api.acme.test/v1/health?deep=true',
        auth: { type: 'basic', basic: { username: 'u', password: 'p' } },
      },
    };
    const { document, source } = await importText(JSON.stringify(v20), 'v20.json');
    expect(source.format).toBe('postman-collection-v2.0');
    const health = (document.paths as Record<string, Record<string, Record<string, unknown>>>)['/health'].get;
    expect(health.security).toEqual([{ basicAuth: [] }]);
    expect((health.parameters as { name: string }[]).map((p) => p.name)).toEqual(['deep']);
  });

  test('what is not a collection or a blueprint is one line that says what to do', async () => {
    const cases: [string, RegExp][] = [
      ['{"openapi": "3.1.0"}', /^IMPORT_UNKNOWN_FORMAT: .*already an OpenAPI document/],
      ['{"requests": [], "name": "old"}', /^IMPORT_UNKNOWN_FORMAT: .*Postman collection v1.*export it as Collection v2\.1/],
      ['{"a": ', /^IMPORT_INVALID: .*not valid JSON/],
      ['just some text', /^IMPORT_UNKNOWN_FORMAT: /],
      [
        'FORMAT: 1A\n# API\n## Broken [GET /x]\n+ Response 200 (application/json)\n\n        {"a": 1}\n\n+ Response abc',
        /^(IMPORT_INVALID|IMPORT_NO_REQUESTS): |^$/,
      ],
    ];
    for (const [text, pattern] of cases.slice(0, 4)) {
      const error = await parseSource(text, 'input').catch((e: unknown) => e);
      expect(error, text).toBeInstanceOf(ImportError);
      expect((error as Error).message, text).toMatch(pattern);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

test.describe('API Blueprint reader', () => {
  test("typed URI parameters are the document's; a stated schema is kept as documented", async () => {
    const blueprint = read(join(ROOT, 'fixtures', 'imports', 'sources', 'apib-10-data-structures.apib'));
    const { document } = await importText(blueprint, 'b.apib');
    const coupons = (document.paths as Record<string, Record<string, Record<string, unknown>>>)['/coupons'].get;
    const limit = (coupons.parameters as Record<string, unknown>[]).find((p) => p.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', schema: { type: 'number' } });
    const schema = (coupons.responses as Record<string, { content: Record<string, { schema: Record<string, unknown> }> }>)['200'].content[
      'application/json'
    ].schema;
    expect(schema['x-provenance']).toBeUndefined(); // stated by the document's MSON attributes
  });
});

test.describe('committed imports', () => {
  test('each public source imports to its committed contract byte for byte', async () => {
    test.setTimeout(testPatience());
    const sources = committedSources();
    expect(sources.filter((s) => s.file.endsWith('.json')).length).toBeGreaterThanOrEqual(5);
    expect(sources.filter((s) => s.file.endsWith('.apib')).length).toBeGreaterThanOrEqual(15);
    // The committed contract is an earlier import, in another process: equal bytes show the import is repeatable.
    for (const { file, contract } of sources) {
      const { yaml } = await importText(read(file), sourcePathOf(file));
      expect(yaml, `${contract} is stale: re-import ${file} (fixtures/imports/SOURCES.md)`).toBe(read(contract));
    }
  });

  test('each committed contract loads, lints clean under the conventions, and cites and marks every rule', async () => {
    test.setTimeout(testPatience());
    let operations = 0;
    for (const { contract: file } of committedSources()) {
      const contract = await loadContract(file);
      expect(contract.problems, file).toEqual([]);
      operations += contract.operations.length;
      const errors = (await lintContract(file, { conventions: true })).filter((f) => f.severity === 'error');
      expect(errors.map(formatFinding), file).toEqual([]);
      const document = parseYaml(read(file)) as Record<string, unknown>;
      for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Record<string, unknown>>>)) {
        for (const [method, operation] of Object.entries(item)) {
          const at = `${file} ${method} ${path}`;
          expect(operation['x-doc-source'], at).toBeTruthy();
          for (const p of (operation.parameters as Record<string, unknown>[] | undefined) ?? [])
            expect(p['x-doc-source'], `${at} ${p.name}`).toBeTruthy();
          for (const [status, response] of Object.entries(operation.responses as Record<string, Record<string, unknown>>))
            expect(response['x-doc-source'], `${at} ${status}`).toBeTruthy();
        }
      }
      // A guess always says what it decided.
      const marked = [...read(file).matchAll(/x-provenance: (assumed|inferred)/g)].length;
      const decided = [...read(file).matchAll(/x-decision: /g)].length;
      expect(decided, file).toBeGreaterThanOrEqual(marked);
    }
    expect(operations).toBeGreaterThan(100);
  });
});

test.describe('npm run contracts:import', () => {
  test('writes the draft and keeps the source beside it; refuses to overwrite; bad input is one line', () => {
    test.setTimeout(testPatience(3));
    const work = mkdtempSync(join(tmpdir(), 'import-cli-'));
    try {
      const input = join(work, 'Acme export.json');
      writeFileSync(input, JSON.stringify(collection()));
      const run = (...args: string[]) =>
        spawnSync(
          process.execPath,
          [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'contracts-import.ts'), ...args],
          {
            cwd: work,
            encoding: 'utf8',
            timeout: PATIENCE_MS,
          },
        );
      const ok = run(input);
      expect(ok.status, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout).toContain('contracts/acme-clinic.yaml: 3 operation(s) from 3 request(s), 4 example response(s)');
      expect(ok.stdout).toContain('lint: 0 error(s)');
      expect(existsSync(join(work, 'contracts', 'sources', 'acme-clinic.postman_collection.json'))).toBe(true);
      const written = parseYaml(readFileSync(join(work, 'contracts', 'acme-clinic.yaml'), 'utf8')) as {
        info: Record<string, Record<string, unknown>>;
      };
      expect(written.info['x-imported-from'].file).toBe('sources/acme-clinic.postman_collection.json');

      const again = run(input);
      expect(again.status).toBe(2);
      expect(again.stderr.trim()).toMatch(/^contracts:import: IMPORT_UNSAFE_OUTPUT: contracts\/acme-clinic\.yaml exists: pass --force/);

      const missing = run(join(work, 'nope.json'));
      expect(missing.status).toBe(2);
      expect(missing.stderr.trim().split('\n')).toHaveLength(1);
      expect(missing.stderr).toMatch(/IMPORT_UNREADABLE: .*does not exist/);

      mkdirSync(join(work, 'x'));
      copyFileSync(join(ROOT, 'package.json'), join(work, 'x', 'p.json'));
      const notCollection = run(join(work, 'x', 'p.json'));
      expect(notCollection.status).toBe(2);
      expect(notCollection.stderr).toMatch(/^contracts:import: IMPORT_UNKNOWN_FORMAT: /);
      expect(notCollection.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
