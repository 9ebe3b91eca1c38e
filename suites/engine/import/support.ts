import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../src/targets/paths.ts';

export const IMPORTS = join(ROOT, 'fixtures', 'imports');
export const SOURCES = join(IMPORTS, 'sources');
export const CONTRACTS = join(IMPORTS, 'contracts');

/** Each committed public source with the name of the contract imported from it. */
export const committedSources = (): { name: string; file: string; contract: string }[] =>
  readdirSync(SOURCES)
    .sort()
    .map((file) => ({ name: file.split('.')[0], file: join(SOURCES, file), contract: join(CONTRACTS, `${file.split('.')[0]}.yaml`) }));

/** How the committed contracts name their source: relative to `fixtures/imports/contracts/`. */
export const sourcePathOf = (file: string): string => `../sources/${file.split('/').pop()}`;

export const read = (file: string): string => readFileSync(file, 'utf8');

/** A small Postman v2.1 collection with the shapes the reader must keep apart; tests vary it. */
export const collection = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  info: { name: 'Acme Clinic', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
  auth: {
    type: 'apikey',
    apikey: [
      { key: 'key', value: 'X-Acme-Key' },
      { key: 'value', value: '{{key}}' },
      { key: 'in', value: 'header' },
    ],
  },
  variable: [{ key: 'base_url', value: 'https://api.acme.test/v1' }],
  item: [
    {
      name: 'Patients',
      item: [
        {
          name: 'Get patient',
          request: {
            method: 'GET',
            url: {
              raw: '{{base_url}}/patients/:id?expand=visits',
              host: ['{{base_url}}'],
              path: ['patients', ':id'],
              query: [{ key: 'expand', value: 'visits' }],
              variable: [{ key: 'id', value: '42' }],
            },
          },
          response: [
            {
              name: 'Found',
              code: 200,
              header: [
                { key: 'Content-Type', value: 'application/json' },
                { key: 'X-Request-Id', value: 'abc' },
              ],
              body: '{"id": 42, "name": "Ann", "email": "ann@example.test", "notes": null}',
            },
            {
              name: 'Found without email',
              code: 200,
              header: [{ key: 'Content-Type', value: 'application/json' }],
              body: '{"id": 43, "name": "Bob", "notes": "allergic"}',
            },
            {
              name: 'Not found',
              code: 404,
              header: [{ key: 'Content-Type', value: 'application/json' }],
              body: '{"error": "not_found"}',
            },
          ],
        },
        {
          name: 'Create patient',
          request: {
            method: 'POST',
            auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}' }] },
            header: [{ key: 'Content-Type', value: 'application/json' }],
            url: { raw: '{{base_url}}/patients', host: ['{{base_url}}'], path: ['patients'] },
            body: { mode: 'raw', raw: '{"name": "Ann", "age": {{age}}, // the age in years\n}' },
          },
          response: [],
        },
      ],
    },
    {
      name: 'Health',
      request: { method: 'GET', auth: { type: 'noauth' }, url: 'https://api.acme.test/v1/health' },
      response: [{ name: 'Up', code: 204, header: [], body: '' }],
    },
  ],
  ...overrides,
});
