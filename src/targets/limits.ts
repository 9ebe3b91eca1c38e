/** Largest body read from a target unless `MAX_RESPONSE_BYTES` says otherwise: larger answers are a finding. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Per-call time-out unless `REQUEST_TIMEOUT_MS` says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
