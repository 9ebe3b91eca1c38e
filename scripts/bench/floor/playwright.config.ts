/**
 * The floor the gate is measured against (`npm run bench`): as many trivial Playwright tests as a vendor project
 * holds, in the gate's configuration (2 workers, fully parallel, the same reporters' cost left out on both sides by
 * the bench's own reporter choice), each sending one documented request to the same in-process Prism mock with the
 * `request` fixture and asserting its status. What the gate costs above this is the engine's own per-test work.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: 'floor.spec.ts',
  globalSetup: './global-setup.ts',
  fullyParallel: true,
  workers: Number(process.env.WORKERS ?? 2),
  timeout: 120_000,
  outputDir: process.env.FLOOR_OUTPUT_DIR ?? '../../../reports/bench-floor',
  reporter: 'dot',
});
