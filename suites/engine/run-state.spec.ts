/** The run's state travels in `CONFORMANCE_*` variables whose names are built in src/targets/run-state.ts alone. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT } from '../../src/targets/paths.ts';
import { heldSessions, isMockUrlVariable, isRunStateVariable, referenceSandboxVariables, runState } from '../../src/targets/run-state.ts';

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.ts$/.test(name) ? [path] : [];
  });

test('no module but run-state spells a CONFORMANCE_ variable name in code', () => {
  const files = [...['src', 'fixtures', 'scripts'].flatMap((dir) => sourceFiles(join(ROOT, dir))), join(ROOT, 'playwright.config.ts')];
  expect(files.length).toBeGreaterThan(100);
  const spelled = files
    .filter((file) => !file.endsWith(join('targets', 'run-state.ts')))
    .flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/)/.test(line) && /['"`.]CONFORMANCE_|\[CONFORMANCE_/.test(line))
        .map((line) => `${relative(ROOT, file)}: ${line.trim()}`),
    );
  expect(spelled).toEqual([]);
});

test('each slot reads back what it wrote; a malformed JSON value reads as absent', () => {
  const env: NodeJS.ProcessEnv = {};
  runState.session('hubspot-webhooks').write({ values: { request_key: 'k1' }, schemes: { bearer: 't1' } }, env);
  runState.retiredSession('hubspot-webhooks', 0).write({ values: {}, schemes: { bearer: 't0' } }, env);
  runState.sessionCoordinatorUrl.write('http://127.0.0.1:9', env);
  runState.mockUrl('sikka').write('http://127.0.0.1:8', env);
  runState.referenceEnv('sikka@reference').write({ SIKKA_APP_KEY: 'a' }, env);
  expect(Object.keys(env).sort()).toEqual([
    'CONFORMANCE_MOCK_URL_SIKKA',
    'CONFORMANCE_REFERENCE_ENV_SIKKA_REFERENCE',
    'CONFORMANCE_SESSION_COORDINATOR_URL',
    'CONFORMANCE_SESSION_HUBSPOT_WEBHOOKS',
    'CONFORMANCE_SESSION_HUBSPOT_WEBHOOKS__RETIRED_0',
  ]);
  expect(runState.session('hubspot-webhooks').read(env)?.schemes.bearer).toBe('t1');
  expect(
    heldSessions(env)
      .map((s) => s.schemes.bearer)
      .sort(),
  ).toEqual(['t0', 't1']);
  expect(referenceSandboxVariables(env)).toEqual({ SIKKA_APP_KEY: 'a' });
  expect(Object.keys(env).every(isRunStateVariable)).toBe(true);
  expect(Object.keys(env).filter(isMockUrlVariable)).toEqual(['CONFORMANCE_MOCK_URL_SIKKA']);

  env[runState.session('lupl').name] = '{"values": ';
  expect(runState.session('lupl').read(env)).toBeUndefined();
  expect(heldSessions(env)).toHaveLength(2);
  expect(runState.throttleUrl.read(env)).toBeUndefined();
});
