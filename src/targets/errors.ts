/**
 * A target that could not be reached or kept failing (connection refused, DNS, time-out, repeated 502/503/504).
 * Reported as "sandbox unavailable", never as a contract violation: the message starts with the code, which the
 * Allure categories match.
 */
export class SandboxUnavailableError extends Error {
  constructor(
    readonly vendor: string,
    readonly detail: string,
  ) {
    super(`SANDBOX_UNAVAILABLE: ${vendor}: ${detail}`);
    this.name = 'SandboxUnavailableError';
  }
}

/** A sandbox run that lacks configuration; the vendor is skipped with this reason, not failed. */
export class MissingVariablesError extends Error {
  constructor(
    readonly vendor: string,
    readonly missing: string[],
  ) {
    super(`${vendor}: set ${missing.join(', ')} to run against its sandbox`);
    this.name = 'MissingVariablesError';
  }
}

/**
 * A target that asked the run to wait longer than it can (`Retry-After` beyond the patience), or kept answering
 * 429: the vendor's rate limit, not a contract failure and not an outage. Allure files it under "sandbox rate limited".
 */
export class SandboxRateLimitedError extends Error {
  constructor(
    readonly vendor: string,
    readonly retryAfterSeconds: number | undefined,
    readonly detail: string,
  ) {
    super(
      `SANDBOX_RATE_LIMITED: ${vendor}: ${retryAfterSeconds === undefined ? 'rate limited' : `retry after ${retryAfterSeconds} s`} (${detail})`,
    );
    this.name = 'SandboxRateLimitedError';
  }
}

/**
 * An answer larger than `MAX_RESPONSE_BYTES`: reading stopped there, so neither memory nor the reports grow with
 * what a target sends. A finding about the answer, not a schema violation.
 */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly request: string,
    readonly maxBytes: number,
    readonly declaredBytes?: number,
  ) {
    super(
      `RESPONSE_TOO_LARGE: ${request} answered more than ${maxBytes} bytes${declaredBytes ? ` (Content-Length ${declaredBytes})` : ''}; reading stopped there. Raise MAX_RESPONSE_BYTES if the vendor documents such answers`,
    );
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * A request the sandbox guard would not send (src/safety/guard.ts): a write to a record the run did not create, a
 * singleton whose earlier state could not be kept, a credential outside its credential position. Nothing was sent;
 * the test that built the request is a skip with this reason, never a finding about the vendor.
 */
export class SandboxSafetyRefusal extends Error {
  constructor(
    readonly code: 'SANDBOX_WRITE_REFUSED' | 'SANDBOX_CREDENTIAL_GUARD',
    readonly request: string,
    readonly reason: string,
  ) {
    super(`${code}: ${request}: ${reason}`);
    this.name = 'SandboxSafetyRefusal';
  }
}
