/**
 * A fixed fast-check seed for the tests of one spec file, unless the user set FC_SEED to replay a run. It is set
 * before each test and restored after it: a worker runs the tests of several files one after another, and a seed
 * set once at module load would fix the seed of every later property in that worker as well.
 */
interface Hooks {
  beforeEach(hook: () => void): void;
  afterEach(hook: () => void): void;
}

export function fixedSeedPerTest(test: Hooks, seed = '424242'): void {
  let before: string | undefined;
  test.beforeEach(() => {
    before = process.env.FC_SEED;
    process.env.FC_SEED ??= seed;
  });
  test.afterEach(() => {
    if (before === undefined) delete process.env.FC_SEED;
    else process.env.FC_SEED = before;
  });
}
