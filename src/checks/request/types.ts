import type { Contract, Operation } from '../../contract/types.ts';
import type { SchemaValidators } from '../schema-validators.ts';
import { lowerCaseNames, type Exchange } from '../../core/wire.ts';

/** What a request check knows besides the exchange: the matched operation and the traffic before it. */
export interface RequestCheckContext {
  contract: Contract;
  operation: Operation;
  validators: SchemaValidators;
  /** Path parameters read from the URL by the operation's template. */
  pathParams: Record<string, string>;
  /** Earlier exchanges of the same recording matched to the same operation, oldest first. */
  history: readonly Exchange[];
}

/** The request as checks read it: the query parsed, header names lower-case. */
export interface ParsedRequest {
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export function parseRequest(exchange: Exchange): ParsedRequest {
  let url: URL;
  try {
    url = new URL(exchange.request.url);
  } catch {
    url = new URL('http://invalid.invalid/');
  }
  const headers = lowerCaseNames(exchange.request.headers);
  return { url, headers, body: exchange.request.body };
}
