/**
 * A singleton (a configuration or registration named by the integration's own ids, written and read on one path)
 * may be written only once its earlier state is known and can be written back: the first write of the run reads
 * the state, works out the request that restores it, and keeps both in the ledger. Global teardown restores every
 * singleton the run wrote and reads it back to compare.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Contract, Operation } from '../contract/types.ts';
import { isObject } from '../core/pointer.ts';
import { requestValidators } from '../generate/arbitraries/validity.ts';
import { keysOf } from '../generate/phases/stateful.ts';
import type { SingletonSnapshot } from './ledger.ts';

/** The values that name a singleton in a request: its query parameters and the scalar fields of its body. */
export function namingValues(url: string, body: string | undefined, contentType: string): Record<string, string> {
  const values: Record<string, string> = {};
  try {
    for (const [name, value] of new URL(url).searchParams) values[name] = value;
  } catch {
    /* no query to read */
  }
  for (const [name, value] of Object.entries(keysOf(parseBody(body, contentType)))) values[name] ??= value;
  return values;
}

export function parseBody(body: string | undefined, contentType: string): unknown {
  if (body === undefined || body === '') return undefined;
  if (/x-www-form-urlencoded/i.test(contentType)) return Object.fromEntries(new URLSearchParams(body));
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** The write operation that sets the singleton on `path` (POST, else PUT, else PATCH) with a body. */
export function settingOperation(contract: Contract, path: string): Operation | undefined {
  for (const method of ['POST', 'PUT', 'PATCH']) {
    const found = contract.operations.find((o) => o.path === path && o.method === method && o.requestBody);
    if (found) return found;
  }
  return undefined;
}

/**
 * The request body that writes `state` back through `write`: the state as the whole body, or in place of the one
 * object-valued field of the body the run meant to send (`{ pmsId, config }` with the config read before). Only a
 * body the contract accepts counts; none means the state cannot be written back.
 */
export function restoringBody(
  contract: Contract,
  write: Operation,
  state: unknown,
  template: unknown,
): { mediaType: string; value: unknown } | undefined {
  const media = write.requestBody?.content.find((m) => /json/i.test(m.mediaType)) ?? write.requestBody?.content[0];
  if (!media) return undefined;
  const candidates: unknown[] = [state];
  if (isObject(template))
    for (const key of Object.keys(template)) if (isObject(template[key])) candidates.push({ ...template, [key]: state });
  const validators = requestValidators(contract);
  const fits = (value: unknown) => !media.schemaPointer || validators.validate(media.schemaPointer, value).length === 0;
  const value = candidates.find((candidate) => candidate !== undefined && fits(candidate));
  return value === undefined ? undefined : { mediaType: media.mediaType, value };
}

/** `null`, `{}`, `[]`, an empty text or no body: a singleton that is not set. */
export const isEmptyState = (state: unknown): boolean =>
  state === undefined ||
  state === null ||
  state === '' ||
  (Array.isArray(state) && state.length === 0) ||
  (isObject(state) && Object.keys(state).length === 0);

/** A one-line rendering of a state for messages; bounded, since a configuration may be large. */
export const briefly = (state: unknown): string => {
  const text = JSON.stringify(state) ?? String(state);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** True when what a read answers after the restore is the state before the run. */
export const sameState = (snapshot: SingletonSnapshot, read: { status: number; value: unknown }): boolean =>
  snapshot.absent
    ? read.status === 404 || read.status === 410 || (read.status >= 200 && read.status < 300 && isEmptyState(read.value))
    : read.status >= 200 && read.status < 300 && isDeepStrictEqual(read.value, snapshot.state);
