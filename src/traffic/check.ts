/**
 * Recorded traffic held to the contracts: each request matched to a documented operation (or reported as
 * undocumented), its request judged by the request-check registry and its answer by the response checks the
 * generated tests use. Stateful across a recording, so that sequences (paging) can be judged.
 */
import { runChecks } from '../checks/index.ts';
import { runRequestChecks } from '../checks/request/index.ts';
import { SchemaValidators } from '../checks/schema-validators.ts';
import type { Exchange } from '../core/wire.ts';
import { pathOf } from '../core/url.ts';
import type { Violation } from '../core/violation.ts';
import type { Contract } from '../contract/types.ts';
import { isMatch, OperationIndex } from './match.ts';

/**
 * The response checks that judge an answer on its own. `expectedStatus` and `documentedErrorBody` need a test
 * case's intent, which recorded traffic does not carry; `prismProxyViolations` would repeat what the request
 * checks say about a request the mock rejected.
 */
export const TRAFFIC_RESPONSE_CHECKS = [
  'statusCodeConformance',
  'contentTypeConformance',
  'responseSchemaConformance',
  'responseHeadersConformance',
];

export interface CheckedExchange {
  /** Position in the recording, 1-based. */
  index: number;
  vendor?: string;
  /** `GET /v2/patients`, or the method and path received when no operation matches. */
  operation: string;
  operationId?: string;
  exchange: Exchange;
  violations: Violation[];
}

export interface TrafficCheckerOptions {
  /** Hold every request to this vendor's contract. */
  vendor?: string;
  /** Only requests under this URL are checked; its path is taken off before matching. */
  baseUrl?: string;
}

export class TrafficChecker {
  private readonly index: OperationIndex;
  private readonly validators = new Map<Contract, SchemaValidators>();
  private readonly history = new Map<string, Exchange[]>();
  private readonly base?: URL;

  constructor(
    readonly contracts: readonly Contract[],
    readonly options: TrafficCheckerOptions = {},
  ) {
    this.base = options.baseUrl ? new URL(options.baseUrl) : undefined;
    this.index = new OperationIndex(contracts, this.base ? this.base.pathname.replace(/\/+$/, '') : '');
  }

  /** Whether a request is within `baseUrl` (always, without one). */
  inScope(url: string): boolean {
    if (!this.base) return true;
    try {
      const parsed = new URL(url);
      const prefix = this.base.pathname.replace(/\/+$/, '');
      return (
        parsed.origin === this.base.origin && (prefix === '' || parsed.pathname === prefix || parsed.pathname.startsWith(`${prefix}/`))
      );
    } catch {
      return false;
    }
  }

  /** Checks one exchange; call in recording order. `fallbackVendor` names the vendor of an undocumented request. */
  check(exchange: Exchange, index: number, fallbackVendor?: Contract): CheckedExchange {
    const match = this.index.match(exchange.request.method, exchange.request.url);
    if (!isMatch(match)) {
      const contract = match.contract ?? fallbackVendor ?? (this.contracts.length === 1 ? this.contracts[0] : undefined);
      const path = pathOf(exchange.request.url);
      const operation = `${exchange.request.method} ${path}`;
      const rule = match.allowed.length > 0 ? 'undocumented-method' : 'undocumented-operation';
      const message =
        match.allowed.length > 0
          ? `Received: ${exchange.request.method} ${path}\nDocumented: ${match.allowed.join(', ')} for this path`
          : `Received: ${operation}\nDocumented: no ${contract ? `${contract.vendor} ` : ''}operation has this method and path`;
      return {
        index,
        vendor: contract?.vendor,
        operation,
        exchange,
        violations: [
          {
            check: 'operationMatch',
            operation,
            rule,
            message,
            received: operation,
            documented: match.allowed,
            docSource: contract?.docSource,
            severity: 'error',
          },
        ],
      };
    }
    const { contract, operation, pathParams } = match;
    const validators = this.validatorsFor(contract);
    const key = `${contract.vendor} ${operation.key}`;
    const history = this.history.get(key) ?? [];
    const violations = [
      ...runRequestChecks({ contract, operation, validators, pathParams, history }, exchange),
      ...runChecks({ contract, operation, validators, target: 'sandbox' }, exchange, TRAFFIC_RESPONSE_CHECKS),
    ];
    history.push(exchange);
    this.history.set(key, history);
    return { index, vendor: contract.vendor, operation: operation.key, operationId: operation.id, exchange, violations };
  }

  /** The contract a request's path matches, without checking it (to learn which vendor an origin talks to). */
  vendorOf(exchange: Exchange): Contract | undefined {
    return this.index.match(exchange.request.method, exchange.request.url).contract;
  }

  private validatorsFor(contract: Contract): SchemaValidators {
    let validators = this.validators.get(contract);
    if (!validators) {
      validators = new SchemaValidators(contract);
      this.validators.set(contract, validators);
    }
    return validators;
  }
}

export interface TrafficResult {
  checked: CheckedExchange[];
  /** Entries not checked, each with why (no answer, outside `baseUrl`). */
  skipped: { index: number; url: string; reason: string }[];
}

/** Checks a whole recording in order; undocumented requests are attributed to the vendor their origin otherwise talks to. */
export function checkTraffic(
  contracts: readonly Contract[],
  entries: readonly { index: number; exchange: Exchange }[],
  options: TrafficCheckerOptions = {},
): TrafficResult {
  const checker = new TrafficChecker(contracts, options);
  const skipped: TrafficResult['skipped'] = [];
  const inScope = entries.filter((entry) => {
    if (checker.inScope(entry.exchange.request.url)) return true;
    skipped.push({ index: entry.index, url: entry.exchange.request.url, reason: `outside ${options.baseUrl}` });
    return false;
  });
  const votes = new Map<string, Map<Contract, number>>();
  for (const { exchange } of inScope) {
    const contract = checker.vendorOf(exchange);
    if (!contract) continue;
    const origin = originOf(exchange.request.url);
    const tally = votes.get(origin) ?? new Map<Contract, number>();
    tally.set(contract, (tally.get(contract) ?? 0) + 1);
    votes.set(origin, tally);
  }
  const majority = (url: string): Contract | undefined =>
    [...(votes.get(originOf(url)) ?? new Map<Contract, number>()).entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const checked = inScope.map(({ index, exchange }) => checker.check(exchange, index, majority(exchange.request.url)));
  return { checked, skipped };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
