/** Stable codes for why `contracts:diff` cannot compare at all (exit code 2); each message says what to do. */
export const DiffErrorCode = {
  usage: 'DIFF_USAGE',
  notGitRepo: 'DIFF_NOT_GIT_REPO',
  gitUnavailable: 'DIFF_GIT_UNAVAILABLE',
  unknownRef: 'DIFF_UNKNOWN_REF',
  unparsableContract: 'DIFF_CONTRACT_UNPARSABLE',
  library: 'DIFF_LIBRARY_FAILED',
} as const;

export type DiffErrorCode = (typeof DiffErrorCode)[keyof typeof DiffErrorCode];

/** A comparison that cannot run; its message is one line. */
export class DiffError extends Error {
  constructor(
    readonly code: DiffErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'DiffError';
  }
}

export const USAGE = 'usage: npm run contracts:diff -- <git-ref> [--json]   (e.g. main, HEAD~1, v1.2.0)';
