/**
 * A cached access token that refreshes itself once, however many callers find it stale at
 * the same time (single flight), and never hands out a token at or past expiry minus skew.
 */
import { needsRefresh } from './lifetime.ts';

/** A token and the instant (ms, on the holder's clock) it expires. */
export interface HeldToken {
  readonly value: string;
  readonly expiresAtMs: number;
}

/** How a TokenHolder gets tokens and tells the time. */
export interface TokenHolderOptions {
  /** Fetches a fresh token (the vendor's refresh or start call). */
  readonly refresh: () => Promise<HeldToken>;
  /** Injectable clock, ms; defaults to `Date.now`. */
  readonly now?: () => number;
  /** How long before expiry a token stops being handed out, ms; default 60 000. */
  readonly skewMs?: number;
}

/** What token-expiry properties need from a holder; the reference and test doubles both provide it. */
export interface TokenSource {
  get(): Promise<string>;
}

/** Thrown when `refresh()` returns a token that is already unusable (lifetime shorter than the skew): a misconfiguration. */
export class TokenHolderError extends Error {
  override readonly name = 'TokenHolderError';
}

/** Caches one token; see the module comment. */
export class TokenHolder implements TokenSource {
  readonly #refresh: () => Promise<HeldToken>;
  readonly #now: () => number;
  readonly #skewMs: number;
  #token: HeldToken | undefined;
  #inflight: Promise<HeldToken> | undefined;
  #refreshes = 0;

  constructor(options: TokenHolderOptions) {
    this.#refresh = options.refresh;
    this.#now = options.now ?? Date.now;
    this.#skewMs = options.skewMs ?? 60_000;
  }

  /** Number of refreshes started so far. */
  get refreshCount(): number {
    return this.#refreshes;
  }

  /** The cached token, usable or not, without refreshing. */
  peek(): HeldToken | undefined {
    return this.#token;
  }

  /** Returns a token usable now, refreshing first (once, shared by all waiting callers) when needed. */
  async get(): Promise<string> {
    const cached = this.#token;
    if (cached && !needsRefresh(this.#now(), cached.expiresAtMs, this.#skewMs)) return cached.value;
    const fresh = await this.#refreshOnce();
    // The clock may have moved while waiting; re-check rather than hand out a stale token.
    if (needsRefresh(this.#now(), fresh.expiresAtMs, this.#skewMs)) {
      throw new TokenHolderError(
        `refresh returned a token that is unusable at once (expires ${fresh.expiresAtMs}, skew ${this.#skewMs} ms)`,
      );
    }
    return fresh.value;
  }

  /** Drops the cached token (e.g. after the vendor answered 401), unless it has already been replaced. */
  invalidate(value?: string): void {
    if (value === undefined || this.#token?.value === value) this.#token = undefined;
  }

  #refreshOnce(): Promise<HeldToken> {
    if (!this.#inflight) {
      this.#refreshes += 1;
      const run = async (): Promise<HeldToken> => {
        const token = await this.#refresh();
        this.#token = token;
        return token;
      };
      // `finally` runs after this assignment even when refresh() throws synchronously,
      // so a failed refresh never leaves a rejected promise cached.
      this.#inflight = run().finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }
}
