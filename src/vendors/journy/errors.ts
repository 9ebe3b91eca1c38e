/**
 * A total classifier for journy.io responses.
 * Source: journy.io API docs, "Errors" (validation failures answer with an `errors` field),
 * "Permissions" (401 means the API key lacks a permission) and "Rate limiting"
 * (100 requests per minute, sliding window).
 *
 * The local document announces the `errors` structure but does not show it. Its published
 * OpenAPI (developers.journy.io) gives 400 bodies as `{ errors: { fields: {name: message},
 * parameters: { query|header|path: {name: message} } }, message, meta }`; only the `errors`
 * object is required here, and field messages are read from that structure when present.
 */
import { describeValue, isRecord, ownField, stringField, type ParsedBody } from '../common/body.ts';
import { docSection } from '../common/doc-source.ts';
import { JOURNY_DOCUMENT } from './document.ts';
import { classifyWith, type BodyReading, type FieldErrors, type Outcome, type VendorErrorModel } from '../common/outcome.ts';

/** Where the error envelope comes from. */
const JOURNY_ERRORS_DOC = docSection(JOURNY_DOCUMENT, 'Errors');

/** A message map entry: journy gives one string per field; an array of strings is accepted too. */
function messagesOf(value: unknown): readonly string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((m) => typeof m === 'string')) return value as string[];
  return undefined;
}

function collect(into: [string, readonly string[]][], map: unknown, prefix: string, problems: string[], where: string): void {
  if (map === undefined) return;
  if (!isRecord(map)) {
    problems.push(`${where} must be an object of messages, received ${describeValue(map)}`);
    return;
  }
  for (const [name, value] of Object.entries(map)) {
    const messages = messagesOf(value);
    if (messages) into.push([`${prefix}${name}`, messages]);
    else problems.push(`${where}.${name} must be a message string, received ${describeValue(value)}`);
  }
}

function readJournyErrors(errors: unknown): { fieldErrors?: FieldErrors; problems: string[] } {
  if (!isRecord(errors)) return { problems: [`errors must be an object, received ${describeValue(errors)}`] };
  const entries: [string, readonly string[]][] = [];
  const problems: string[] = [];
  collect(entries, ownField(errors, 'fields'), '', problems, 'errors.fields');
  const parameters = ownField(errors, 'parameters');
  if (parameters !== undefined && !isRecord(parameters))
    problems.push(`errors.parameters must be an object, received ${describeValue(parameters)}`);
  else if (parameters !== undefined) {
    for (const location of ['query', 'header', 'path']) {
      collect(entries, ownField(parameters, location), `${location}.`, problems, `errors.parameters.${location}`);
    }
  }
  return { fieldErrors: Object.fromEntries(entries), problems };
}

function readJournyBody(status: number, body: ParsedBody): BodyReading {
  const record = body.form === 'json' && isRecord(body.value) ? body.value : undefined;
  const message = record && stringField(record, 'message');
  if (status !== 400) return { message };
  if (!record) {
    const received = body.form === 'json' ? describeValue(body.value) : body.form === 'empty' ? 'no body' : 'non-JSON text';
    return { problems: [`HTTP 400 body must be a JSON object with an errors field, received ${received}`] };
  }
  if (!Object.hasOwn(record, 'errors')) return { message, problems: ['HTTP 400 body has no errors field'] };
  return { message, ...readJournyErrors(ownField(record, 'errors')) };
}

/**
 * journy.io's error model. A 401 is a missing permission on a static API key, which no
 * re-authentication fixes: a client error. A 429 is a per-minute window: retry later.
 */
export const JOURNY_ERROR_MODEL: VendorErrorModel = {
  docSource: JOURNY_ERRORS_DOC,
  statusKinds: { 401: 'client-error', 429: 'retry-later' },
  read: readJournyBody,
};

/** Classifies a journy.io response; a 400 without an `errors` object is a contract violation. Total. */
export function classifyJourny(status: number, body: unknown): Outcome {
  return classifyWith(JOURNY_ERROR_MODEL, status, body);
}
