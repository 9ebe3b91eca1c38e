/** Tests of the property runner (src/properties/fc.ts): budgets, FC_* variables, failure reports and replay. */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { DEFAULT_NUM_RUNS, PropertyConfigError, checkProperty, fcOptions, runProperty } from '../../../src/properties/fc.ts';

/** Fails for every n >= 10, so the shrunk counterexample is exactly 10. */
const failsFromTen = () => fc.property(fc.nat({ max: 1000 }), (n) => n < 10);

test.describe('property runner', () => {
  test('pure properties get at least 1000 runs and target properties a small budget', () => {
    expect(DEFAULT_NUM_RUNS.pure).toBeGreaterThanOrEqual(1000);
    expect(fcOptions({ kind: 'pure', env: {} }).numRuns).toBe(1000);
    expect(fcOptions({ kind: 'target', env: {} }).numRuns).toBe(25);
    expect(fcOptions({ kind: 'pure', numRuns: 300, env: {} }).numRuns).toBe(300);
  });

  test('FC_SEED, FC_PATH and FC_NUM_RUNS are read from the environment', () => {
    expect(fcOptions({ kind: 'target', env: { FC_SEED: '-42', FC_PATH: '3:1', FC_NUM_RUNS: '7' } })).toEqual({
      seed: -42,
      path: '3:1',
      numRuns: 7,
    });
    expect(Number.isInteger(fcOptions({ kind: 'pure', env: {} }).seed)).toBe(true);
  });

  test('a malformed FC_SEED, or FC_PATH without FC_SEED, is a configuration error', () => {
    expect(() => fcOptions({ kind: 'pure', env: { FC_SEED: 'abc' } })).toThrow(PropertyConfigError);
    expect(() => fcOptions({ kind: 'pure', env: { FC_PATH: '1:2' } })).toThrow(/FC_SEED/);
    expect(() => fcOptions({ kind: 'pure', env: { FC_NUM_RUNS: '0' } })).toThrow(PropertyConfigError);
  });

  test('every run records its seed as an fc-seed annotation, green runs included', async () => {
    await checkProperty(
      fc.property(fc.nat(), (n) => n >= 0),
      { kind: 'pure', env: { FC_SEED: '12345' } },
    );
    expect(test.info().annotations).toContainEqual({ type: 'fc-seed', description: 'FC_SEED=12345 (numRuns 1000)' });
  });

  test('a failure reports seed, path, shrunk counterexample and a replay command, and attaches the counterexample', async () => {
    const error = await checkProperty(failsFromTen(), { kind: 'pure', env: { FC_SEED: '777' } }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    const message = error!.message;
    expect(message).toContain('seed: 777');
    expect(message).toMatch(/path: \d+(:\d+)*/);
    expect(message).toContain('counterexample: [10]');
    expect(message).toMatch(/replay: FC_SEED=777 FC_PATH=\S+ npx playwright test suites\/engine\/vendors\/property-runner\.spec\.ts:\d+/);
    expect(test.info().attachments.map((a) => a.name)).toContain('counterexample');
    expect(test.info().annotations.some((a) => a.type === 'fc-replay')).toBe(true);
  });

  test('replaying the reported seed and path reproduces the counterexample at once', async () => {
    const first = await runProperty(failsFromTen(), { kind: 'pure', env: {} });
    expect(first.failed).toBe(true);
    const replay = await runProperty(failsFromTen(), {
      kind: 'pure',
      env: { FC_SEED: String(first.seed), FC_PATH: first.counterexamplePath! },
    });
    expect(replay.failed).toBe(true);
    expect(replay.counterexample).toEqual(first.counterexample);
    expect(replay.numRuns).toBe(1);
  });
});
