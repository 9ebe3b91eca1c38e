/**
 * A target that could not be reached or kept failing (connection refused, DNS, time-out, repeated 502/503/504).
 * Reported as "sandbox unavailable", never as a contract violation: the message starts with the code, which the
 * Allure categories match.
 */
export class SandboxUnavailableError extends Error {
  constructor(readonly vendor: string, readonly detail: string) {
    super(`SANDBOX_UNAVAILABLE: ${vendor}: ${detail}`);
    this.name = 'SandboxUnavailableError';
  }
}

/** A sandbox run that lacks configuration; the vendor is skipped with this reason, not failed. */
export class MissingVariablesError extends Error {
  constructor(readonly vendor: string, readonly missing: string[]) {
    super(`${vendor}: set ${missing.join(', ')} to run against its sandbox`);
    this.name = 'MissingVariablesError';
  }
}
