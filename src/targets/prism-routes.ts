/**
 * An index over a contract's path templates for the in-process Prism mock. Prism routes a request by sorting every
 * operation of the document by a match score and matching the path against each (`@stoplight/prism-http`
 * router): the cost grows with the contract, and on a 500-operation contract it was half of the runner's time.
 * Prism's own path match needs the same number of segments and equal literal segments, so only operations that pass
 * both can match; the index hands Prism those (every method of them, so a known path with another method still
 * answers 405) and Prism decides among them as before.
 */
import { decodeComponent } from '../core/url.ts';

/** What the index needs of a Prism operation (`IHttpOperation`). */
export interface RoutedOperation {
  path: string;
}

interface Template<T> {
  operation: T;
  /** Decoded literal segments by position; a templated segment (`{id}`, `v{version}`) is undefined. */
  literals: (string | undefined)[];
}

// Prism decodes a path segment the same way (`decodePathFragment`): percent-decoded where it is well-formed.
const segmentsOf = (path: string): string[] => path.split('/').slice(1).map(decodeComponent);
const isTemplated = (segment: string): boolean => /{(.+)}/.test(segment);

export interface RouteIndex<T extends RoutedOperation> {
  /**
   * The operations whose path template can match `requestPath`, in the contract's order. Every operation when none
   * can (or the path is malformed), so that Prism answers an unknown path exactly as without the index.
   */
  candidates(requestPath: string): T[];
}

export function routeIndex<T extends RoutedOperation>(operations: T[]): RouteIndex<T> {
  const bySegmentCount = new Map<number, Template<T>[]>();
  for (const operation of operations) {
    if (!operation.path.startsWith('/')) return { candidates: () => operations };
    const segments = segmentsOf(operation.path);
    const templates = bySegmentCount.get(segments.length) ?? [];
    templates.push({ operation, literals: segments.map((s) => (isTemplated(s) ? undefined : s)) });
    bySegmentCount.set(segments.length, templates);
  }
  return {
    candidates(requestPath) {
      if (!requestPath.startsWith('/')) return operations;
      const segments = segmentsOf(requestPath);
      const found = (bySegmentCount.get(segments.length) ?? [])
        .filter(({ literals }) => literals.every((literal, i) => literal === undefined || literal === segments[i]))
        .map(({ operation }) => operation);
      return found.length > 0 ? found : operations;
    },
  };
}

/** The part of a Prism instance the index wraps: `request(input, resources, config)`. */
interface PrismInstance {
  request: (input: { url: { path: string } }, resources: RoutedOperation[], config?: unknown) => unknown;
}

/** Makes a Prism server's instance route through an index of `operations` (the list the server was created with). */
export function indexPrismRoutes(prism: PrismInstance, operations: RoutedOperation[]): void {
  const index = routeIndex(operations);
  const request = prism.request.bind(prism);
  prism.request = (input, resources, config) =>
    request(input, resources === operations ? index.candidates(input.url.path) : resources, config);
}
