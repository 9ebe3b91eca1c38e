import { serveOnLoopback, type LoopbackServer } from './loopback.ts';
import { runState } from './run-state.ts';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

const WINDOWS: Record<string, number> = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * What users type for a window: the full word, its plural, and the usual short forms. A bare `m` is left out on
 * purpose: minute or month is a guess, and a wrong one changes the throttle by a factor of 43,200.
 */
const WINDOW_NAMES: Record<string, keyof typeof WINDOWS> = {
  s: 'second',
  sec: 'second',
  secs: 'second',
  second: 'second',
  seconds: 'second',
  min: 'minute',
  mins: 'minute',
  minute: 'minute',
  minutes: 'minute',
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  hour: 'hour',
  hours: 'hour',
  d: 'day',
  day: 'day',
  days: 'day',
};

/** `100/minute`, `100/min`, `1000 / d` → `{limit, windowMs}`; undefined for anything else. */
export function parseRateLimit(text: string | undefined): RateLimit | undefined {
  const match = text?.trim().match(/^(\d+)\s*\/\s*([a-z]+)$/i);
  const window = match ? WINDOW_NAMES[match[2].toLowerCase()] : undefined;
  return match && window ? { limit: Number(match[1]), windowMs: WINDOWS[window] } : undefined;
}

/** The first documented rate limit with a number in a contract's `x-vendor-rules.rateLimit`. */
export function documentedRateLimit(vendorRules: Record<string, unknown>): RateLimit | undefined {
  const rules = Array.isArray(vendorRules.rateLimit) ? vendorRules.rateLimit : [];
  for (const rule of rules as { limit?: unknown; window?: unknown }[]) {
    if (typeof rule.limit === 'number' && typeof rule.window === 'string' && WINDOWS[rule.window]) {
      return { limit: rule.limit, windowMs: WINDOWS[rule.window] };
    }
  }
  return undefined;
}

/**
 * A sliding-window limiter: `acquire()` resolves when one more call fits in the window. Calls are granted in
 * arrival order, so no caller starves.
 */
export class SlidingWindow {
  private readonly granted: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly rate: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.granted.length > 0 && this.granted[0] <= now - this.rate.windowMs) this.granted.shift();
      if (this.granted.length < this.rate.limit) {
        this.granted.push(now);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, this.granted[0] + this.rate.windowMs - now));
    }
  }
}

/**
 * One limiter per vendor for the whole run, served on loopback from the runner process, so that every worker
 * draws from the same budget: `GET /acquire/<vendor>` answers when a call may be made.
 */
export async function startThrottleCoordinator(limits: Record<string, RateLimit>): Promise<LoopbackServer> {
  const windows = new Map(Object.entries(limits).map(([vendor, rate]) => [vendor, new SlidingWindow(rate)]));
  return serveOnLoopback(async (req, res) => {
    const vendor = decodeURIComponent(req.url?.replace(/^\/acquire\//, '') ?? '');
    await windows.get(vendor)?.acquire();
    res.writeHead(204).end();
  });
}

/** Waits for the run's coordinator to grant one call for `vendor`; free when no coordinator runs. */
export async function acquireSlot(vendor: string, coordinatorUrl: string | undefined = runState.throttleUrl.read()): Promise<void> {
  if (!coordinatorUrl) return;
  await fetch(`${coordinatorUrl}/acquire/${encodeURIComponent(vendor)}`);
}
