/**
 * The request-check registry: what the traffic checker holds an integration's requests to. Each check is a
 * small named function returning violations; `REQUEST_CHECKS=requestParameters,...` runs a subset.
 */
import { checkRegistry } from '../registry.ts';
import type { Exchange } from '../../core/wire.ts';
import type { Violation } from '../../core/violation.ts';
import { requestBodyConformance } from './body.ts';
import { vendorPagination } from './pagination.ts';
import { requestParameters } from './parameters.ts';
import { requestSecurity } from './security.ts';
import type { RequestCheckContext } from './types.ts';

const requestChecks = checkRegistry<RequestCheckContext>({
  label: 'request check',
  variable: 'REQUEST_CHECKS',
  operationOf: (ctx) => ctx.operation.key,
});

requestChecks.register('requestParameters', requestParameters);
requestChecks.register('requestBodyConformance', requestBodyConformance);
requestChecks.register('requestSecurity', requestSecurity);
requestChecks.register('vendorPagination', vendorPagination);

export const requestCheckNames = (): string[] => requestChecks.names();

export const runRequestChecks = (ctx: RequestCheckContext, exchange: Exchange, names?: string[]): Violation[] =>
  requestChecks.run(ctx, exchange, names);

export type { RequestCheckContext } from './types.ts';
