/** Helpers for the mutation tests: run a law against a planted bug and require a shrunk counterexample. */
import { expect } from '@playwright/test';
import fc from 'fast-check';
import { attachCounterexample, runProperty } from '../../../src/properties/fc.ts';

/**
 * Runs `property` (a law applied to a deliberately wrong implementation), expects it to fail
 * with a counterexample, attaches the report, and returns the shrunk counterexample.
 */
export async function expectCaught<Ts>(property: fc.IRawProperty<Ts>, numRuns?: number): Promise<Ts> {
  const details = await runProperty(property, { kind: 'pure', numRuns });
  await attachCounterexample(details, 'counterexample for the planted bug');
  expect(details.failed, 'the law did not notice the planted bug').toBe(true);
  expect(details.counterexample, 'the failure came without a counterexample').not.toBeNull();
  return details.counterexample as Ts;
}

/** Runs `property` on the reference implementation and expects it to hold (the control for each mutant). */
export async function expectHolds<Ts>(property: fc.IRawProperty<Ts>, numRuns?: number): Promise<void> {
  const details = await runProperty(property, { kind: 'pure', numRuns });
  expect(details.failed, `the law fails on the reference implementation: ${fc.stringify(details.counterexample)}`).toBe(false);
}
