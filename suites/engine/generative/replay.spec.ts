import { test, expect } from '@playwright/test';
import { loadContract } from '../../../src/contract/load.ts';
import { SchemaValidators } from '../../../src/checks/schema-validators.ts';
import { positivePhase } from '../../../src/generate/phases/run.ts';
import { redactedCurl } from '../../../src/report/curl.ts';
import { replayLine } from '../../../src/generate/phases/replay.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { mockBehindInjector } from './support.ts';

test.describe('generative failures: shrinking, replay and the curl command', () => {
  test('a crash on non-ASCII input shrinks to a request with one non-ASCII character, and FC_SEED/FC_PATH replay it', async () => {
    const contract = await loadContract(`${ROOT}/suites/engine/fixtures/petstore.yaml`);
    const operation = contract.operations[0];
    const running = await mockBehindInjector(contract, 'input-server-error');
    const saved = { seed: process.env.FC_SEED, path: process.env.FC_PATH };
    try {
      process.env.FC_SEED = '11';
      delete process.env.FC_PATH;
      const ctx = { contract, operation, target: running.target, validators: new SchemaValidators(contract), examples: 60 };
      const first = await positivePhase(ctx);
      expect(first.violations.map((v) => v.rule)).toContain('server-error');
      const failing = decodeURIComponent(first.exchanges[0].exchange.request.url);
      expect(
        [...failing].filter((c) => c.charCodeAt(0) > 0x7f),
        `shrunk request ${failing}`,
      ).toHaveLength(1);
      expect(first.path, 'counterexample path').toBeTruthy();
      // The replay: the same seed and path give the same smallest request.
      process.env.FC_PATH = first.path;
      const again = await positivePhase({ ...ctx, target: { ...running.target, project: `${running.target.project}-replay` } });
      expect(again.exchanges[0].exchange.request.url).toBe(first.exchanges[0].exchange.request.url);
    } finally {
      process.env.FC_SEED = saved.seed;
      if (saved.path === undefined) delete process.env.FC_PATH;
      else process.env.FC_PATH = saved.path;
      if (saved.seed === undefined) delete process.env.FC_SEED;
      await running.close();
    }
  });

  test('the replay line names seed, path, project and an escaped title', () => {
    expect(replayLine({ seed: -5, path: '1:0' }, 'sikka', 'GET /v2/patients/{patient_id} generative positive @generative')).toBe(
      "FC_SEED=-5 FC_PATH=1:0 npm test -- --project=sikka -g 'GET /v2/patients/\\{patient_id\\} generative positive @generative'",
    );
    expect(replayLine({ seed: 3 }, 'x', "it's")).toBe("FC_SEED=3 npm test -- --project=x -g 'it'\\''s'");
  });

  test('the curl command redacts credentials in headers, query and body', () => {
    const curl = redactedCurl({
      method: 'POST',
      url: 'http://127.0.0.1:1/x?request_key=abc123secret&limit=5',
      headers: { authorization: 'Bearer tok-123456', 'content-type': 'application/json' },
      body: '{"refresh_token":"r-987654","name":"a"}',
    });
    expect(curl).not.toContain('abc123secret');
    expect(curl).not.toContain('tok-123456');
    expect(curl).not.toContain('r-987654');
    expect(curl).toContain('limit=5');
    expect(curl.startsWith("curl -X POST 'http://127.0.0.1:1/x?")).toBe(true);
  });
});
