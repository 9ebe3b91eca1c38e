import { contentTypeConformance } from './content-type.ts';
import { documentedExpansion } from './expansion.ts';
import { documentedPageSize } from './page-size.ts';
import { documentedErrorBody } from './documented-error.ts';
import { mockAcceptsValidRequest } from './engine-request.ts';
import { vendorErrorRules } from './vendor-errors.ts';
import { prismProxyViolations } from './proxy-violations.ts';
import { responseHeadersConformance } from './response-headers.ts';
import { responseSchemaConformance } from './response-schema.ts';
import { expectedStatus, statusCodeConformance } from './status-code.ts';
import { checkRegistry } from './registry.ts';
import { underMockCapabilities } from './mock-findings.ts';
import type { Check, CheckContext } from './types.ts';
import type { Exchange } from '../core/wire.ts';
import type { Violation } from '../core/violation.ts';

const checks = checkRegistry<CheckContext>({ label: 'check', variable: 'CHECKS', operationOf: (ctx) => ctx.operation.key });

/** Adds a check under a unique name; registering a name twice is a programming error. */
export const registerCheck = (name: string, check: Check): void => checks.register(name, check);

registerCheck('statusCodeConformance', statusCodeConformance);
registerCheck('expectedStatus', expectedStatus);
registerCheck('contentTypeConformance', contentTypeConformance);
registerCheck('responseSchemaConformance', responseSchemaConformance);
registerCheck('responseHeadersConformance', responseHeadersConformance);
registerCheck('documentedErrorBody', documentedErrorBody);
registerCheck('prismProxyViolations', prismProxyViolations);
registerCheck('mockAcceptsValidRequest', mockAcceptsValidRequest);
registerCheck('vendorErrorRules', vendorErrorRules);
registerCheck('documentedPageSize', documentedPageSize);
registerCheck('documentedExpansion', documentedExpansion);

/**
 * Runs every selected check (all by default, or those named in `CHECKS=a,b`) and collects all violations.
 * A check that throws is reported as an engine error violation rather than hiding the others. Against a mock,
 * what the mock cannot judge is re-labelled a mock limitation (src/checks/mock-capabilities.ts).
 */
export const runChecks = (ctx: CheckContext, exchange: Exchange, names?: string[]): Violation[] =>
  underMockCapabilities(ctx, exchange, checks.run(ctx, exchange, names));

export type { Check, CheckContext } from './types.ts';
export type { Exchange } from '../core/wire.ts';
export type { Violation } from '../core/violation.ts';
