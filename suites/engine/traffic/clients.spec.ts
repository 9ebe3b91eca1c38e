import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../../src/targets/paths.ts';
import { checkFile, findings, record, sikkaRequestKey, type Client } from './support.ts';

/**
 * Integration clients, each wrong in one documented way, run against the reference sandboxes through the
 * recorder; `check:traffic`'s engine must name exactly that one fault, with the rule, the operation, what
 * was received against what is documented, and the vendor document's section. A correct client gets none.
 */

const token = (c: Record<string, string>) => `Token token=${c.WEBCAMCONSULT_TOKEN}`;
const newUser = {
  user: {
    titles: 'Dokter',
    initials: 'J',
    last_name: 'Akkermans',
    email: 'jakkermans@example.com',
    address: 'Vlietlaan 1',
    postal_code: '3011AA',
    city: 'Ergens',
  },
};

const correctSikka: Client = async (url, c) => {
  const key = await sikkaRequestKey(url, c);
  for (let offset = 0; offset < 3; offset++) {
    const page = await fetch(`${url}/v2/patients?request_key=${key}&offset=${offset}&limit=500`);
    await page.arrayBuffer();
    if (page.status === 204) break;
  }
  await (await fetch(`${url}/v2/practices?request_key=${key}&limit=4999`)).arrayBuffer();
};

const correctWebcamconsult: Client = async (url, c) => {
  await (await fetch(`${url}/users.json`, { headers: { authorization: token(c) } })).arrayBuffer();
  await (
    await fetch(`${url}/users.json`, {
      method: 'POST',
      headers: { authorization: token(c), 'content-type': 'application/json' },
      body: JSON.stringify(newUser),
    })
  ).arrayBuffer();
};

const wrongClients: {
  name: string;
  vendor: 'sikka' | 'webcamconsult';
  client: Client;
  check: string;
  rule: string;
  operation: string;
  received: RegExp;
  documented: RegExp;
  section: string;
}[] = [
  {
    name: 'request_key in a header',
    vendor: 'sikka',
    client: async (url, c) => {
      const key = await sikkaRequestKey(url, c);
      await (await fetch(`${url}/v2/patients`, { headers: { request_key: key } })).arrayBuffer();
    },
    check: 'requestParameters',
    rule: 'parameter-in-wrong-location',
    operation: 'GET /v2/patients',
    received: /request_key as a header/,
    documented: /query parameter request_key/,
    section: 'Step 3 : Get an authorization',
  },
  {
    name: 'limit 5000',
    vendor: 'sikka',
    client: async (url, c) => {
      const key = await sikkaRequestKey(url, c);
      await (await fetch(`${url}/v2/patients?request_key=${key}&limit=5000`)).arrayBuffer();
    },
    check: 'vendorPagination',
    rule: 'page-size-out-of-range',
    operation: 'GET /v2/patients',
    received: /limit=5000/,
    documented: /0\.\.4999/,
    section: 'Pagination',
  },
  {
    name: 'page math by items',
    vendor: 'sikka',
    client: async (url, c) => {
      const key = await sikkaRequestKey(url, c);
      for (const offset of [0, 500]) await (await fetch(`${url}/v2/patients?request_key=${key}&offset=${offset}&limit=500`)).arrayBuffer();
    },
    check: 'vendorPagination',
    rule: 'offset-counts-items',
    operation: 'GET /v2/patients',
    received: /offset=0 then offset=500 with limit=500/,
    documented: /page after 0 is 1/,
    section: 'Pagination',
  },
  {
    name: 'Authorization without the Token token= form',
    vendor: 'webcamconsult',
    client: async (url, c) => {
      await (await fetch(`${url}/users.json`, { headers: { authorization: `Bearer ${c.WEBCAMCONSULT_TOKEN}` } })).arrayBuffer();
    },
    check: 'requestSecurity',
    rule: 'auth-header-form',
    operation: 'GET /users.json',
    received: /Authorization: Bearer <credential>/,
    documented: /Authorization: Token token=\{token\}/,
    section: 'Webcamconsult API',
  },
  {
    name: 'POST body missing a required field',
    vendor: 'webcamconsult',
    client: async (url, c) => {
      await (
        await fetch(`${url}/users.json`, {
          method: 'POST',
          headers: { authorization: token(c), 'content-type': 'application/json' },
          body: JSON.stringify(newUser.user),
        })
      ).arrayBuffer();
    },
    check: 'requestBodyConformance',
    rule: 'request-body-schema',
    operation: 'POST /users.json',
    received: /must have required property 'user'/,
    documented: /WebcamconsultUserRequest|requestBody/,
    section: 'User Collection › Create a New User',
  },
];

for (const wrong of wrongClients) {
  test(`a client that sends ${wrong.name} gets exactly one ${wrong.rule} finding`, async () => {
    const result = await checkFile(await record(wrong.vendor, wrong.client));
    const found = findings(result);
    expect(found, JSON.stringify(found, null, 2)).toHaveLength(1);
    const [finding] = found;
    expect(finding).toMatchObject({ check: wrong.check, rule: wrong.rule, operation: wrong.operation, severity: 'error' });
    expect(finding.message).toMatch(wrong.received);
    expect(finding.message).toMatch(wrong.documented);
    expect(finding.docSource?.section).toBe(wrong.section);
    expect(result.checked.find((c) => c.violations.length > 0)?.vendor).toBe(wrong.vendor);
  });
}

test('a correct client produces no finding against either vendor', async () => {
  for (const [vendor, client] of [
    ['sikka', correctSikka],
    ['webcamconsult', correctWebcamconsult],
  ] as const) {
    const result = await checkFile(await record(vendor, client));
    expect(result.checked.length, vendor).toBeGreaterThanOrEqual(2);
    expect(
      result.checked.every((c) => c.vendor === vendor && c.operationId),
      vendor,
    ).toBe(true);
    expect(findings(result), vendor).toEqual([]);
  }
});

test('a request to no documented operation is reported as undocumented, under the vendor its host talks to', async () => {
  const result = await checkFile(
    await record('sikka', async (url, c) => {
      const key = await sikkaRequestKey(url, c);
      await (await fetch(`${url}/v2/patient_notes?request_key=${key}`)).arrayBuffer();
      await (await fetch(`${url}/v2/patients?request_key=${key}`, { method: 'DELETE' })).arrayBuffer();
    }),
  );
  expect(findings(result).map((v) => [v.rule, v.operation])).toEqual([
    ['undocumented-operation', 'GET /v2/patient_notes'],
    ['undocumented-method', 'DELETE /v2/patients'],
  ]);
  expect(result.checked.slice(1).map((c) => c.vendor)).toEqual(['sikka', 'sikka']);
});

test('a sandbox that breaks its contract is caught on the answer side of the recording', async () => {
  const result = await checkFile(await record('sikka', correctSikka, { fault: 'ids-as-integers' }));
  const found = findings(result);
  expect(found.length).toBeGreaterThan(0);
  expect(found.every((v) => v.check === 'responseSchemaConformance')).toBe(true);
});

test("the README's example client (docs/examples/sikka-client.mjs) is caught paging by items, and nothing else", async () => {
  const file = await record('sikka', async (url, c) => {
    // Asynchronous: the sandbox and the recorder answer from this process.
    const child = spawn(process.execPath, [join(ROOT, 'docs', 'examples', 'sikka-client.mjs')], {
      env: {
        PATH: process.env.PATH,
        SIKKA_BASE_URL: url,
        SIKKA_APP_ID: c.SIKKA_APP_ID,
        SIKKA_APP_KEY: c.SIKKA_APP_KEY,
        SIKKA_OFFICE_ID: c.SIKKA_OFFICE_ID,
        SIKKA_SECRET_KEY: c.SIKKA_SECRET_KEY,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (status !== 0 || !/read \d+ patients/.test(output)) throw new Error(`example client failed (${status}): ${output}`);
  });
  expect(findings(await checkFile(file, { vendor: 'sikka' })).map((v) => `${v.check} › ${v.rule}`)).toEqual([
    'vendorPagination › offset-counts-items',
  ]);
});
