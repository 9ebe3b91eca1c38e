/**
 * Which documented operation a recorded request is: by method and path template, across every loaded
 * contract, with the servers' base paths (and a `--base-url` prefix) taken off first. Literal path segments
 * beat templated ones (`/v2/patients/json` before `/v2/patients/{id}`); a request whose host is a contract's
 * server goes to that vendor.
 */
import type { Contract, Operation } from '../contract/types.ts';
import { decodeComponent, templateSource } from '../core/url.ts';

export interface Match {
  contract: Contract;
  operation: Operation;
  pathParams: Record<string, string>;
}

export interface Unmatched {
  /** The vendor the request most likely belongs to (named, or by host), if any. */
  contract?: Contract;
  /** Methods documented for the path when only the method is wrong. */
  allowed: string[];
}

interface Template {
  contract: Contract;
  operation: Operation;
  pattern: RegExp;
  names: string[];
  /** Characters of literal text: more is more specific. */
  literal: number;
}

export class OperationIndex {
  private readonly templates: Template[] = [];
  private readonly basePaths = new Map<Contract, string[]>();
  private readonly hosts = new Map<Contract, Set<string>>();

  constructor(
    readonly contracts: readonly Contract[],
    private readonly basePrefix = '',
  ) {
    for (const contract of contracts) {
      const paths = new Set(['']);
      const hosts = new Set<string>();
      for (const server of contract.servers) {
        try {
          const url = new URL(server);
          hosts.add(url.host.toLowerCase());
          const path = url.pathname.replace(/\/+$/, '');
          if (path) paths.add(path);
        } catch {
          /* a templated or relative server URL names no host */
        }
      }
      this.basePaths.set(
        contract,
        [...paths].sort((a, b) => b.length - a.length),
      );
      this.hosts.set(contract, hosts);
      for (const operation of contract.operations) this.templates.push(compile(contract, operation));
    }
  }

  match(method: string, rawUrl: string): Match | Unmatched {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return { allowed: [] };
    }
    let path = url.pathname;
    if (this.basePrefix && path.startsWith(this.basePrefix)) path = path.slice(this.basePrefix.length) || '/';
    const host = url.host.toLowerCase();
    const byHost = this.contracts.find((c) => this.hosts.get(c)?.has(host));
    let best: (Match & { score: number }) | undefined;
    const allowed = new Set<string>();
    for (const template of this.templates) {
      for (const base of this.basePaths.get(template.contract) ?? ['']) {
        if (base && !path.startsWith(`${base}/`)) continue;
        const found = template.pattern.exec(path.slice(base.length));
        if (!found) continue;
        if (template.operation.method !== method.toUpperCase()) {
          allowed.add(template.operation.method);
          continue;
        }
        const score = template.literal + base.length + (template.contract === byHost ? 1e6 : 0);
        if (!best || score > best.score) {
          const pathParams: Record<string, string> = {};
          template.names.forEach((name, i) => {
            pathParams[name] = decodeComponent(found[i + 1]);
          });
          best = { contract: template.contract, operation: template.operation, pathParams, score };
        }
      }
    }
    if (best) return { contract: best.contract, operation: best.operation, pathParams: best.pathParams };
    return { contract: byHost, allowed: [...allowed] };
  }
}

export const isMatch = (value: Match | Unmatched): value is Match => 'operation' in value;

function compile(contract: Contract, operation: Operation): Template {
  const { source, names, literal } = templateSource(operation.path);
  return { contract, operation, pattern: new RegExp(`^${source}/?$`), names, literal };
}
