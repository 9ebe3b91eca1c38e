import { contentTypeConformance } from './content-type.ts';
import { documentedErrorBody } from './documented-error.ts';
import { prismProxyViolations } from './proxy-violations.ts';
import { responseHeadersConformance } from './response-headers.ts';
import { responseSchemaConformance } from './response-schema.ts';
import { expectedStatus, statusCodeConformance } from './status-code.ts';
import type { Check, CheckContext, Exchange, Violation } from './types.ts';

const registry = new Map<string, Check>();

/** Adds a check under a unique name; registering a name twice is a programming error. */
export function registerCheck(name: string, check: Check): void {
  if (registry.has(name)) throw new Error(`check "${name}" is already registered`);
  registry.set(name, check);
}

registerCheck('statusCodeConformance', statusCodeConformance);
registerCheck('expectedStatus', expectedStatus);
registerCheck('contentTypeConformance', contentTypeConformance);
registerCheck('responseSchemaConformance', responseSchemaConformance);
registerCheck('responseHeadersConformance', responseHeadersConformance);
registerCheck('documentedErrorBody', documentedErrorBody);
registerCheck('prismProxyViolations', prismProxyViolations);

export const checkNames = (): string[] => [...registry.keys()];

/**
 * Runs every selected check (all by default, or those named in `CHECKS=a,b`) and collects all violations.
 * A check that throws is reported as an engine error violation rather than hiding the others.
 */
export function runChecks(ctx: CheckContext, exchange: Exchange, names: string[] = selectedChecks()): Violation[] {
  return names.flatMap((name) => {
    const check = registry.get(name);
    if (!check) throw new Error(`unknown check "${name}"; known checks: ${checkNames().join(', ')}`);
    try {
      return check(ctx, exchange);
    } catch (error) {
      return [{ check: name, operation: ctx.operation.key, rule: 'engine-error', message: `check crashed: ${(error as Error).message}`, severity: 'error' as const }];
    }
  });
}

function selectedChecks(): string[] {
  const env = process.env.CHECKS?.split(',').map((s) => s.trim()).filter(Boolean);
  return env?.length ? env : checkNames();
}

export type { Check, CheckContext, Exchange, Violation } from './types.ts';
