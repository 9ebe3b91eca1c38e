/**
 * The run's numeric limits, each read from one variable by one parser: the usage check before the run
 * (src/targets/config.ts) reports a bad value with this parser's words, and the transport reads the value with it.
 */
export interface Limit {
  readonly variable: string;
  readonly min: number;
  readonly max: number;
  readonly unit: string;
  /** The value when the variable is unset. */
  readonly fallback: number;
}

/** Per-call time-out. */
export const REQUEST_TIMEOUT: Limit = { variable: 'REQUEST_TIMEOUT_MS', min: 1, max: 600_000, unit: 'milliseconds', fallback: 15_000 };

/**
 * Largest body read from a target; larger answers are a finding. 16 MiB by default: room for the largest pages the
 * vendors document (a 4,999-record Sikka page).
 */
export const MAX_RESPONSE: Limit = { variable: 'MAX_RESPONSE_BYTES', min: 1024, max: 1024 ** 3, unit: 'bytes', fallback: 16 * 1024 * 1024 };

/** The value a limit's variable sets, or why it cannot be used. */
export function parseLimit(limit: Limit, text: string): { value: number } | { problem: string } {
  const value = Number(text.trim());
  return /^\d+$/.test(text.trim()) && value >= limit.min && value <= limit.max
    ? { value }
    : { problem: `must be a whole number of ${limit.unit} from ${limit.min} to ${limit.max}` };
}

/** The limit's value in this environment: the variable's, or the fallback when it is unset (bad values stop the run before). */
export function readLimit(limit: Limit, env: NodeJS.ProcessEnv = process.env): number {
  const text = env[limit.variable];
  if (text === undefined || text === '') return limit.fallback;
  const parsed = parseLimit(limit, text);
  return 'value' in parsed ? parsed.value : limit.fallback;
}
