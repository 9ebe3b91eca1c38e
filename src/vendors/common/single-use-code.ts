/**
 * An authorization code that can be exchanged once: the first exchange gets the grant,
 * every later one is refused. Models drchrono API documentation, "Step 3: Token exchange".
 */

/** Why an exchange was refused. */
export type CodeRefusal = 'unknown-code' | 'already-used' | 'expired';

/** The result of exchanging a code. */
export type CodeExchange<T> = { readonly ok: true; readonly grant: T } | { readonly ok: false; readonly reason: CodeRefusal };

/** Options for a SingleUseCodeStore: an injectable clock and a maximum code age. */
export interface SingleUseCodeStoreOptions {
  readonly now?: () => number;
  /** drchrono says only that codes expire "extremely quickly"; no age limit unless given. */
  readonly maxAgeMs?: number;
}

interface IssuedCode<T> {
  readonly grant: T;
  readonly issuedAtMs: number;
  used: boolean;
}

/** Issues codes and exchanges each at most once. */
export class SingleUseCodeStore<T> {
  readonly #codes = new Map<string, IssuedCode<T>>();
  readonly #now: () => number;
  readonly #maxAgeMs: number;

  constructor(options: SingleUseCodeStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#maxAgeMs = options.maxAgeMs ?? Number.POSITIVE_INFINITY;
  }

  /** Records a new code. Issuing the same code twice is misuse and throws. */
  issue(code: string, grant: T): void {
    if (this.#codes.has(code)) throw new Error(`authorization code already issued: ${code}`);
    this.#codes.set(code, { grant, issuedAtMs: this.#now(), used: false });
  }

  /** Exchanges a code: succeeds the first time only. An expired code is spent too. */
  exchange(code: string): CodeExchange<T> {
    const issued = this.#codes.get(code);
    if (!issued) return { ok: false, reason: 'unknown-code' };
    if (issued.used) return { ok: false, reason: 'already-used' };
    issued.used = true;
    if (this.#now() - issued.issuedAtMs > this.#maxAgeMs) return { ok: false, reason: 'expired' };
    return { ok: true, grant: issued.grant };
  }
}
