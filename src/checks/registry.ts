import type { Exchange } from '../core/wire.ts';
import type { Finding, Violation } from '../core/violation.ts';

/** A check over some context: the violations it finds in one exchange (the registry names them after the check). */
export type CheckOver<Context> = (ctx: Context, exchange: Exchange) => Finding[];

export interface CheckRegistry<Context> {
  /** Adds a check under a unique name; registering a name twice is a programming error. */
  register(name: string, check: CheckOver<Context>): void;
  names(): string[];
  /**
   * Runs every selected check (all by default, or those named in the registry's variable) and collects all
   * violations. A check that throws is reported as an `engine-error` violation rather than hiding the others.
   */
  run(ctx: Context, exchange: Exchange, names?: string[]): Violation[];
}

/**
 * One registry of named checks: the response checks and the webhook-receiver checks each have one. `label` names
 * them in errors (`check`, `webhook check`), `variable` selects a subset (`CHECKS=a,b`), `operationOf` says which
 * operation a crash is reported against.
 */
export function checkRegistry<Context>(options: {
  label: string;
  variable: string;
  operationOf: (ctx: Context) => string;
}): CheckRegistry<Context> {
  const registry = new Map<string, CheckOver<Context>>();
  const names = (): string[] => [...registry.keys()];
  const selected = (): string[] => {
    const listed = process.env[options.variable]
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return listed?.length ? listed : names();
  };
  return {
    register(name, check) {
      if (registry.has(name)) throw new Error(`${options.label} "${name}" is already registered`);
      registry.set(name, check);
    },
    names,
    run(ctx, exchange, chosen = selected()) {
      return chosen.flatMap((name) => {
        const check = registry.get(name);
        if (!check) throw new Error(`unknown ${options.label} "${name}"; known checks: ${names().join(', ')}`);
        try {
          return check(ctx, exchange).map((finding): Violation => ({ ...finding, check: name }));
        } catch (error) {
          return [
            {
              check: name,
              operation: options.operationOf(ctx),
              rule: 'engine-error',
              message: `check crashed: ${(error as Error).message}`,
              severity: 'error' as const,
            },
          ];
        }
      });
    },
  };
}
