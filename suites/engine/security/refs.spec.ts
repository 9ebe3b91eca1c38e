import { test, expect } from '@playwright/test';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../../src/contract/load.ts';
import { contractFor } from '../../../src/contract/cache.ts';

/** A one-operation contract whose 200 example (or schema) is whatever `$ref` the probe puts there. */
const contractWith = (where: 'example' | 'examples' | 'schema', ref: string): string => {
  const media =
    where === 'example'
      ? `example:\n                $ref: '${ref}'\n              schema: { type: object }`
      : where === 'examples'
        ? `examples:\n                leak:\n                  value:\n                    $ref: '${ref}'\n              schema: { type: object }`
        : `schema:\n                $ref: '${ref}'`;
  return `openapi: 3.1.0
info: { title: Probe, version: '1' }
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              ${media}
`;
};

const folder = (): string => mkdtempSync(join(tmpdir(), 'refs-'));

test.describe('a contract reads nothing outside its own folder', () => {
  for (const [where, ref, pointer] of [
    ['example', '/etc/passwd', '#/paths/~1pets/get/responses/200/content/application~1json/example/$ref'],
    ['examples', '../../../../etc/hostname', '#/paths/~1pets/get/responses/200/content/application~1json/examples/leak/value/$ref'],
    ['schema', 'file:///etc/passwd', '#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref'],
    ['example', 'http://127.0.0.1:9/secret.json', '#/paths/~1pets/get/responses/200/content/application~1json/example/$ref'],
  ] as const) {
    test(`refuses a $ref to ${ref} in ${where} with CONTRACT_REF_OUTSIDE naming the pointer`, async () => {
      const dir = folder();
      writeFileSync(join(dir, 'probe.yaml'), contractWith(where, ref));
      const error = await loadContract(join(dir, 'probe.yaml')).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toContain(`CONTRACT_REF_OUTSIDE: `);
      expect(error?.message).toContain(`probe.yaml${pointer}: `);
      expect(error?.message).not.toContain('root:');
    });
  }

  test('refuses a reference inside a referenced file that leaves the folder, naming that file and pointer', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'pet.yaml'), "type: object\nexample:\n  $ref: '../../../../etc/passwd'\n");
    writeFileSync(join(dir, 'probe.yaml'), contractWith('schema', './shared/pet.yaml'));
    await expect(loadContract(join(dir, 'probe.yaml'))).rejects.toThrow(/^CONTRACT_REF_OUTSIDE: shared\/pet\.yaml#\/example\/\$ref: /);
  });

  test('refuses a symbolic link in the folder that points outside it', async () => {
    const dir = folder();
    symlinkSync('/etc/hostname', join(dir, 'innocent.yaml'));
    writeFileSync(join(dir, 'probe.yaml'), contractWith('example', './innocent.yaml'));
    await expect(loadContract(join(dir, 'probe.yaml'))).rejects.toThrow(/^CONTRACT_REF_OUTSIDE: .*probe\.yaml#\/paths.*example\/\$ref: /);
  });

  test('a refused contract leaves nothing in the contract cache', async () => {
    const dir = folder();
    const started = Date.now() - 1000;
    writeFileSync(join(dir, 'probe.yaml'), contractWith('example', '/etc/passwd'));
    // A valid neighbour is cached by the same load path, so the scan below has something to read.
    writeFileSync(
      join(dir, 'fine.yaml'),
      contractWith('schema', '#/components/schemas/Pet').replace('paths:', 'components:\n  schemas:\n    Pet: { type: object }\npaths:'),
    );
    await contractFor(join(dir, 'fine.yaml'));
    await expect(contractFor(join(dir, 'probe.yaml'))).rejects.toThrow(/CONTRACT_REF_OUTSIDE/);
    const cacheDir = join(process.cwd(), 'node_modules', '.cache', 'conformance');
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0];
    let scanned = 0;
    for (const name of readdirSync(cacheDir, { withFileTypes: true })) {
      if (!name.isFile() || statSync(join(cacheDir, name.name)).mtimeMs < started) continue;
      scanned++;
      expect(readFileSync(join(cacheDir, name.name), 'utf8'), name.name).not.toContain(passwd);
    }
    expect(scanned).toBeGreaterThan(0);
  });
});

test.describe('relative references resolve against the contract, not the working directory', () => {
  test('a multi-file contract loads its ./shared file from its own folder', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'shared'));
    writeFileSync(
      join(dir, 'shared', 'pet.yaml'),
      'type: object\nrequired: [name]\nproperties:\n  name: { type: string }\nexample: { name: rex }\n',
    );
    writeFileSync(join(dir, 'probe.yaml'), contractWith('schema', './shared/pet.yaml'));
    const contract = await loadContract(join(dir, 'probe.yaml'));
    expect(JSON.stringify(contract.document)).toContain('"required":["name"]');
  });

  test('a same-named file in the working directory is not used instead', async () => {
    const dir = folder();
    const decoy = folder();
    mkdirSync(join(dir, 'shared'));
    mkdirSync(join(decoy, 'shared'));
    writeFileSync(join(dir, 'shared', 'pet.yaml'), 'type: object\ndescription: the contract folder\n');
    writeFileSync(join(decoy, 'shared', 'pet.yaml'), 'type: object\ndescription: the working directory\n');
    writeFileSync(join(dir, 'probe.yaml'), contractWith('schema', './shared/pet.yaml'));
    const cwd = process.cwd();
    process.chdir(decoy);
    try {
      const text = JSON.stringify((await loadContract(join(dir, 'probe.yaml'))).document);
      expect(text).toContain('the contract folder');
      expect(text).not.toContain('the working directory');
    } finally {
      process.chdir(cwd);
    }
  });

  test('the contract cache notices a change to a referenced file', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'pet.yaml'), 'type: object\ndescription: first\n');
    writeFileSync(join(dir, 'probe.yaml'), contractWith('schema', './shared/pet.yaml'));
    const { spawnSync } = await import('node:child_process');
    const load = () =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import('${join(process.cwd(), 'src/contract/cache.ts')}').then(async (m) => console.log(JSON.stringify((await m.contractFor(${JSON.stringify(join(dir, 'probe.yaml'))})).document)))`,
        ],
        { encoding: 'utf8' },
      ).stdout;
    expect(load()).toContain('first');
    writeFileSync(join(dir, 'shared', 'pet.yaml'), 'type: object\ndescription: second\n');
    expect(load()).toContain('second');
  });
});
