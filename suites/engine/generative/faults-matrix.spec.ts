import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { contractFor } from '../../../src/contract/cache.ts';
import { ROOT } from '../../../src/targets/paths.ts';
import { faultOperations } from '../../../fixtures/faults/documented.ts';
import { judgeFault, judgeSilence } from './faults-matrix.ts';

/**
 * The fault self-test's own verdicts, on runs written out by hand: a fault that had its chance and never fired is red
 * (an injector regression must not turn into a quiet cell), and a silence the run explains is a skip that says why.
 */
const petstore = () => contractFor(join(ROOT, 'suites/engine/fixtures/petstore.yaml'));
const getPet = 'GET /pets/{pet_id}';
const json200 = { operation: getPet, status: 200, contentType: 'application/json' };
const json400 = { operation: getPet, status: 400, contentType: 'application/json' };

test.describe('the fault matrix: a silent fault', () => {
  test('a documented fault whose operation gave 2xx JSON answers and never fired is a problem', async () => {
    const planted = faultOperations(await petstore(), 'required-field-missing', 'mock');
    expect(planted?.map((o) => o.key)).toEqual([getPet]);
    const verdict = judgeSilence({ fault: 'required-field-missing', planted, firings: [], answered: [json200], skips: new Map() });
    expect(verdict.problem).toContain('1 answers it could have changed');
    expect(verdict.skipped).toBeUndefined();
  });

  test('a documented fault whose operation only gave answers it does not change is a skip that says so', async () => {
    const planted = faultOperations(await petstore(), 'required-field-missing', 'mock');
    const verdict = judgeSilence({ fault: 'required-field-missing', planted, firings: [], answered: [json400, json400], skips: new Map() });
    expect(verdict).toEqual({ skipped: expect.stringContaining('2× 400 application/json') });
  });

  test('a required response header: only an answer whose status declares one is a chance', async () => {
    const planted = faultOperations(await petstore(), 'required-header-missing', 'mock');
    const base = { fault: 'required-header-missing' as const, planted, firings: [], skips: new Map() };
    expect(judgeSilence({ ...base, answered: [json400] }).skipped).toBeDefined();
    expect(judgeSilence({ ...base, answered: [json200] }).problem).toBeDefined();
  });

  test('a documented fault on operations no request reached: skipped with the phases own reasons, red without any', async () => {
    const planted = faultOperations(await petstore(), 'undocumented-media-type', 'mock');
    const base = { fault: 'undocumented-media-type' as const, planted, firings: [], answered: [] };
    const reasons = new Map([[getPet, ['positive: the sandbox guard refused it']]]);
    expect(judgeSilence({ ...base, skips: reasons }).skipped).toContain('the sandbox guard refused it');
    expect(judgeSilence({ ...base, skips: new Map() }).problem).toContain('neither called nor skipped');
  });

  test('a general fault that never fired is a problem unless the table names why; one that fires against the table is too', () => {
    const base = { fault: 'auth-not-enforced' as const, planted: undefined, answered: [json200], skips: new Map() };
    expect(judgeSilence({ ...base, firings: [] }).problem).toContain('never fired');
    expect(judgeSilence({ ...base, firings: [], neverFires: 'no operation is secured' })).toEqual({ skipped: 'no operation is secured' });
    const fired = [{ operation: getPet, provenance: 'documented' as const }];
    expect(judgeSilence({ ...base, firings: fired, neverFires: 'no operation is secured' }).problem).toContain('update the table');
    expect(judgeSilence({ ...base, firings: fired })).toEqual({});
  });
});

test.describe('the fault matrix: a fault that fired', () => {
  const documented = [{ operation: getPet, provenance: 'documented' as const }];
  const guess = [{ operation: getPet, provenance: 'guess' as const }];
  const failure = { operation: getPet, phase: 'positive', violations: ['[schema › required] …'] };

  test('a documented rule broken and not caught is a problem; caught, it is not', () => {
    const missed = judgeFault({ fault: 'required-field-missing', target: 'sandbox', firings: documented, failures: [], newFindings: [] });
    expect(missed.caught).toBe(false);
    expect(missed.problems).toEqual([expect.stringContaining('did not catch it')]);
    const caught = judgeFault({
      fault: 'required-field-missing',
      target: 'sandbox',
      firings: documented,
      failures: [failure],
      newFindings: [],
    });
    expect(caught).toMatchObject({ caught: true, problems: [] });
  });

  test('on a mock, a new finding on the operation is the catch', () => {
    const cell = judgeFault({
      fault: 'required-field-missing',
      target: 'mock',
      firings: documented,
      failures: [],
      newFindings: [`${getPet} positive schema › required (document-gap)`],
    });
    expect(cell).toMatchObject({ caught: true, problems: [] });
  });

  test('a guess broken must not fail the run', () => {
    const cell = judgeFault({ fault: 'undocumented-media-type', target: 'sandbox', firings: guess, failures: [failure], newFindings: [] });
    expect(cell.problems).toEqual([expect.stringContaining('broke no documented rule')]);
  });
});
