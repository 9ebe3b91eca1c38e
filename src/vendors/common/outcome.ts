/**
 * One outcome vocabulary for every vendor's responses, and the one classification
 * skeleton the vendor classifiers share: status → default kind, parse the body,
 * let the vendor read its documented error shape, collect contract problems.
 */
import { describeValue, isRecord, ownField, parseBody, type ParsedBody } from './body.ts';
import type { DocSource } from './doc-source.ts';

/** What a client should do with a response. */
export type OutcomeKind =
  | 'success'
  | 'success-no-content'
  | 'reauthenticate'
  | 'renew-request-key'
  | 'retry-later'
  | 'quota-exhausted'
  | 'client-error'
  | 'server-error'
  | 'hidden-failure';

/** Every outcome kind, for exhaustive checks. */
export const OUTCOME_KINDS: readonly OutcomeKind[] = [
  'success',
  'success-no-content',
  'reauthenticate',
  'renew-request-key',
  'retry-later',
  'quota-exhausted',
  'client-error',
  'server-error',
  'hidden-failure',
];

/** Messages per request field, as vendors with field-error bodies report them. */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

/** The response disagrees with the vendor's document: one line per disagreement, and where the document says so. */
export interface ContractViolation {
  readonly problems: readonly string[];
  readonly docSource: DocSource;
}

/** A classified response. `contractViolation` is present only when something disagrees with the document. */
export interface Outcome {
  readonly kind: OutcomeKind;
  /** The status as received, even when it is not an HTTP status. */
  readonly status: number;
  /** The vendor's own error code, when the body carries one. */
  readonly code?: string;
  readonly message?: string;
  readonly fieldErrors?: FieldErrors;
  readonly contractViolation?: ContractViolation;
}

/** What a vendor reads out of a body; `kind` overrides the status default. */
export interface BodyReading {
  readonly kind?: OutcomeKind;
  readonly code?: string;
  readonly message?: string;
  readonly fieldErrors?: FieldErrors;
  readonly problems?: readonly string[];
}

/** A vendor's error model: its document, its status overrides, and how it reads its bodies. */
export interface VendorErrorModel {
  readonly docSource: DocSource;
  /** Status → kind where the vendor differs from the HTTP defaults (e.g. a per-minute 429 is retry-later). */
  readonly statusKinds?: Readonly<Partial<Record<number, OutcomeKind>>>;
  readonly read: (status: number, body: ParsedBody, statusKind: OutcomeKind) => BodyReading;
}

/** True for an integer in 100..599. */
export function isHttpStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 100 && status <= 599;
}

/** True for an integer in 200..299. */
export function isSuccessStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 200 && status <= 299;
}

/** True for kinds where the requested operation did not happen. */
export function isFailureKind(kind: OutcomeKind): boolean {
  return kind !== 'success' && kind !== 'success-no-content';
}

/**
 * The kind an HTTP status implies before the body is read. 1xx and 3xx are not final
 * answers for these JSON APIs, and a number that is no HTTP status at all cannot be
 * trusted, so both count as server-side failures; undocumented statuses are the
 * status-code check's business, not this one's.
 */
export function kindForStatus(status: number, overrides: VendorErrorModel['statusKinds'] = {}): OutcomeKind {
  if (!isHttpStatus(status)) return 'server-error';
  const override = overrides[status];
  if (override) return override;
  if (status === 204) return 'success-no-content';
  if (isSuccessStatus(status)) return 'success';
  if (status === 401) return 'reauthenticate';
  if (status === 429) return 'quota-exhausted';
  if (status === 503) return 'retry-later';
  if (status >= 400 && status <= 499) return 'client-error';
  return 'server-error';
}

/** Runs the shared classification skeleton with one vendor's model. Total: never throws for any status or body. */
export function classifyWith(model: VendorErrorModel, status: number, body: unknown): Outcome {
  const statusKind = kindForStatus(status, model.statusKinds);
  const reading = model.read(status, parseBody(body), statusKind);
  const problems = [
    ...(isHttpStatus(status)
      ? []
      : [`status ${typeof status === 'number' ? String(status) : describeValue(status)} is not an HTTP status code`]),
    ...(reading.problems ?? []),
  ];
  return {
    kind: reading.kind ?? statusKind,
    status,
    ...(reading.code !== undefined && { code: reading.code }),
    ...(reading.message !== undefined && { message: reading.message }),
    ...(reading.fieldErrors !== undefined && { fieldErrors: reading.fieldErrors }),
    ...(problems.length > 0 && { contractViolation: { problems, docSource: model.docSource } }),
  };
}

/**
 * Reads a `{ field: [message, …] }` map. Returns the messages it could read and one
 * problem per entry that is not an array of strings; `where` names the map in messages.
 */
export function readFieldErrorMap(value: unknown, where: string): { fieldErrors?: FieldErrors; problems: string[] } {
  if (!isRecord(value)) return { problems: [`${where} must be an object of message arrays, received ${describeValue(value)}`] };
  const problems: string[] = [];
  const entries: [string, readonly string[]][] = [];
  for (const [field, messages] of Object.entries(value)) {
    if (Array.isArray(messages) && messages.every((m) => typeof m === 'string')) entries.push([field, messages as string[]]);
    else problems.push(`${where}.${field} must be an array of strings, received ${describeValue(messages)}`);
  }
  // fromEntries defines own properties, so a field called `__proto__` stays a field.
  return { fieldErrors: Object.fromEntries(entries), problems };
}

/** Reads `body.errors` as a field-error map, requiring the documented `{errors: {field: [messages]}}` envelope. */
export function readErrorsEnvelope(body: ParsedBody, status: number): { fieldErrors?: FieldErrors; problems: string[] } {
  if (body.form !== 'json')
    return {
      problems: [
        `HTTP ${status} body must be a JSON object with an errors field, received ${body.form === 'empty' ? 'no body' : 'non-JSON text'}`,
      ],
    };
  if (!isRecord(body.value))
    return { problems: [`HTTP ${status} body must be a JSON object with an errors field, received ${describeValue(body.value)}`] };
  if (!Object.hasOwn(body.value, 'errors')) return { problems: [`HTTP ${status} body has no errors field`] };
  return readFieldErrorMap(ownField(body.value, 'errors'), 'errors');
}

/**
 * The field messages of an `errors` map on a status whose body the document leaves open: read when it happens to be
 * there, and nothing is asked of a body without one (no problem is raised, unlike the documented envelope).
 */
export function readStrayFieldErrors(body: ParsedBody): BodyReading {
  if (body.form !== 'json' || !isRecord(body.value) || !Object.hasOwn(body.value, 'errors')) return {};
  const { fieldErrors } = readFieldErrorMap(ownField(body.value, 'errors'), 'errors');
  return { fieldErrors };
}

/** A vendor's response classifier: how its answers read, and where they disagree with its document. */
export type Classifier = (status: number, body: unknown) => Outcome;
