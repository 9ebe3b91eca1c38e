/**
 * Sikka's error-code table as data, and a total classifier for Sikka responses.
 * Source: Sikka APIs (Postman documentation), "Error Codes"; body shapes as the live API answers them
 * (read by public Sikka client code).
 */
import { describeValue, isRecord, ownField, stringField, type ParsedBody } from '../common/body.ts';
import { docSection } from '../common/doc-source.ts';
import { SIKKA_DOCUMENT } from './document.ts';
import {
  classifyWith,
  isFailureKind,
  isSuccessStatus,
  kindForStatus,
  type BodyReading,
  type Outcome,
  type OutcomeKind,
  type VendorErrorModel,
} from '../common/outcome.ts';

/** One row of the Error Codes table; field names match the contracts' `x-vendor-rules.errors.table`. */
export interface SikkaErrorRow {
  readonly code: string;
  readonly status: number;
  /** The table's "HTTP Code Description" (the body's `http_code_desc`). */
  readonly description: string;
  readonly shortMessage: string;
  readonly longMessage: string;
  readonly moreInfo: string;
}

/** Where the table comes from. */
const SIKKA_ERRORS_DOC = docSection(SIKKA_DOCUMENT, 'Error Codes');

/**
 * Every row of the Error Codes table, in the document's order. Empty cells are `''`;
 * cells the document fills with `--` are kept as written.
 */
export const SIKKA_ERROR_TABLE: readonly SikkaErrorRow[] = [
  {
    code: 'API0003',
    status: 200,
    description: 'OK',
    shortMessage: 'OK',
    longMessage: 'Request Session terminated successfully.',
    moreInfo: '',
  },
  { code: 'API0004', status: 200, description: 'OK', shortMessage: 'Email/Text message sent successfully.', longMessage: '', moreInfo: '' },
  { code: 'API0005', status: 200, description: 'OK', shortMessage: 'Email/Text message not sent.', longMessage: '', moreInfo: '' },
  { code: 'API0006', status: 200, description: 'OK', shortMessage: 'Call details logged successfully.', longMessage: '', moreInfo: '' },
  { code: 'API0008', status: 200, description: 'OK', shortMessage: 'Appointment status not logged.', longMessage: '', moreInfo: '' },
  {
    code: 'API1001',
    status: 400,
    description: 'BadRequest',
    shortMessage: 'Missing Parameter',
    longMessage: 'ApplicationID is missing.',
    moreInfo: 'Please provide the applicationid.',
  },
  {
    code: 'API1002',
    status: 400,
    description: 'BadRequest',
    shortMessage: 'Missing Parameter',
    longMessage: 'ApplicationKey is missing.',
    moreInfo: 'Please provide the applicationkey.',
  },
  {
    code: 'API1003',
    status: 400,
    description: 'BadRequest',
    shortMessage: 'Missing Parameter',
    longMessage: 'MID is missing.',
    moreInfo: 'Please provide the mid.',
  },
  {
    code: 'API1004',
    status: 400,
    description: 'BadRequest',
    shortMessage: 'Missing Parameter',
    longMessage: 'Requestkey is missing.',
    moreInfo: 'Please provide the requestkey.',
  },
  {
    code: 'API1005',
    status: 400,
    description: 'BadRequest',
    shortMessage: 'Missing Parameter',
    longMessage: 'SecretKey is missing.',
    moreInfo: 'Please provide the secretkey.',
  },
  {
    code: 'API1006',
    status: 415,
    description: 'UnsupportedMediaType',
    shortMessage: 'Sikka API supports json/xml',
    longMessage: 'Sikka API does not support response format.',
    moreInfo: 'Please request with json/xml.',
  },
  {
    code: 'API1007',
    status: 200,
    description: 'OK',
    shortMessage: 'Appointment status logged successfully',
    longMessage: '',
    moreInfo: '',
  },
  {
    code: 'API1020',
    status: 400,
    description: 'BadRequest',
    shortMessage: 'Missing Parameter',
    longMessage: 'One of the parameter is missing.',
    moreInfo: 'Please provide all the parameters in syntax of service.',
  },
  {
    code: 'API1025',
    status: 400,
    description: 'BadRequest',
    shortMessage: 'Request key expired',
    longMessage: 'Request key is not valid, it is expired.',
    moreInfo: 'Please generate new request key and make new request.',
  },
  {
    code: 'API1026',
    status: 400,
    description: 'BadRequest',
    shortMessage: 'Missing/Invalid Parameter',
    longMessage: 'One of the parameter is missing or invalid.',
    moreInfo: '',
  },
  { code: 'API1027', status: 400, description: 'BadRequest', shortMessage: '', longMessage: '', moreInfo: '' },
  {
    code: 'API2001',
    status: 500,
    description: 'InternalServerError',
    shortMessage: 'Internal Error',
    longMessage: 'Internal Error.',
    moreInfo: 'Please contact Sikka API Support.',
  },
  {
    code: 'API2002',
    status: 503,
    description: 'ServiceUnavailable',
    shortMessage: 'Try again later.',
    longMessage: 'The Sikka APIs are up, but overloaded with requests. Try again later.',
    moreInfo: '',
  },
  {
    code: 'API2003',
    status: 401,
    description: 'Unauthorized',
    shortMessage: 'Authentication/Authorization Failed',
    longMessage: 'ID or key is incorrect.',
    moreInfo:
      'This error can be caused by an incorrect application id , application key. In case of provider_accounts & patient_accounts this error can be caused by incorrect username or password.',
  },
  {
    code: 'API2004',
    status: 401,
    description: 'Unauthorized',
    shortMessage: 'Authentication/Authorization Failed',
    longMessage: 'You are not authorized to use this API.',
    moreInfo:
      'This error can be caused when you try to access API not accessible by you, if you want to use this API contact SIKKA API SUPPORT.',
  },
  {
    code: 'API2005',
    status: 204,
    description: 'NoContent',
    shortMessage: 'No content found for given parameter',
    longMessage: 'Request is processed successfully, but no data/content returned.',
    moreInfo: '',
  },
  {
    code: 'API2006',
    status: 500,
    description: 'InternalServerError',
    shortMessage: 'Error occured while processing request',
    longMessage: 'The server encountered an error while processing your request and failed.',
    moreInfo: 'Please contact Sikka API Support.',
  },
  {
    code: 'API2007',
    status: 401,
    description: 'Unauthorized',
    shortMessage: 'Authentication/Authorization Failed',
    longMessage: 'You are not authorized to access practice details with Sikka API.',
    moreInfo:
      "This error can be caused when you try to access practice details not accessible by you. If you want to access this practice's details with Sikka API contact practice and ask to allow access.",
  },
  {
    code: 'API2009',
    status: 404,
    description: 'NotFound',
    shortMessage: 'Resource not found',
    longMessage: 'The resource you requested does not exist.',
    moreInfo: 'The resource you requested does not exist.',
  },
  { code: 'API4001', status: 200, description: 'OK', shortMessage: '', longMessage: '', moreInfo: '' },
  {
    code: 'API4002',
    status: 200,
    description: 'OK',
    shortMessage: 'Error while decrypting string',
    longMessage: 'Error occured due to invalid character in encrypted string or invalid passkey or bytekey.',
    moreInfo: 'Please check passkey/bytekey, encode encrypted string with URL Encoding to replace invalid characters.',
  },
  {
    code: 'API4003',
    status: 200,
    description: 'OK',
    shortMessage: 'Error while decrypting password',
    longMessage: 'Error occured due to invalid character in encrypted password or length, invalid passkey or bytekey.',
    moreInfo: 'Please check passkey/bytekey, encode encrypted password with URL Encoding to replace invalid characters.',
  },
  {
    code: 'API4004',
    status: 200,
    description: 'OK',
    shortMessage: 'Error while decrypting email or username',
    longMessage: 'Error occured due to invalid character in encrypted email/username or length, invalid passkey or bytekey.',
    moreInfo: 'Please check passkey/bytekey, encode encrypted email/username with URL Encoding to replace invalid characters.',
  },
  {
    code: 'API4005',
    status: 200,
    description: 'OK',
    shortMessage: 'Error while decrypting verification code',
    longMessage: 'Error occured due to invalid character in encrypted verification code or length, invalid passkey or bytekey.',
    moreInfo: 'Please check passkey/bytekey, encode encrypted verification code with URL Encoding to replace invalid characters.',
  },
  // The document lists API4001 a second time, identically; one row is kept.
  { code: 'API4007', status: 200, description: 'OK', shortMessage: '', longMessage: '', moreInfo: '' },
  {
    code: 'API2010',
    status: 500,
    description: 'InternalServerError',
    shortMessage: 'Data not uploaded for this customer',
    longMessage:
      'The data has not yet been uploaded for this customer. If it has been more than 4 hours since the installation, please contact Sikka Support for assistance.',
    moreInfo: 'Please contact Sikka Support.',
  },
  {
    code: 'API2011',
    status: 429,
    description: 'Too Many Requests',
    shortMessage: 'Data limit exceeded',
    longMessage: 'Data size per practice per day exceeded',
    moreInfo: 'Please make request to the datalimit API for more information.',
  },
  {
    code: 'API2012',
    status: 429,
    description: 'Too Many Requests',
    shortMessage: 'Request limit exceeded',
    longMessage: 'Requests per practice per day exceeded',
    moreInfo: 'Please make request to the datalimit API for more information.',
  },
  {
    code: 'API2013',
    status: 409,
    description: 'Conflict',
    shortMessage: 'Resource already exists',
    longMessage:
      'You attempted to do something which would leave a resource in an inconsistent state, such as create a resource with an already taken name or id.',
    moreInfo: 'Please check name or id and resubmit the request again.',
  },
  {
    code: 'API2015',
    status: 409,
    description: 'Conflict',
    shortMessage: 'Resource already exists',
    longMessage:
      'You attempted to do something which would leave a resource in an inconsistent state, such as create a resource with an already taken un or cell.',
    moreInfo: 'Please check un or cell and resubmit the request again.',
  },
  {
    code: 'API2016',
    status: 201,
    description: 'Created',
    shortMessage: 'New resource created successfully',
    longMessage: '',
    moreInfo: '',
  },
  { code: 'API2018', status: 410, description: 'Gone', shortMessage: '', longMessage: '', moreInfo: '' },
  {
    code: 'API2019',
    status: 422,
    description: 'Unprocessable',
    shortMessage: '',
    longMessage: 'The request was unable to be processed due to it containing invalid parameters.',
    moreInfo: '',
  },
  {
    code: 'API2014',
    status: 405,
    description: 'Method Not Allowed',
    shortMessage: 'Method not allowed for the resource',
    longMessage: 'Requested method not allowed for the resource',
    moreInfo: 'Please contact Sikka API support',
  },
  {
    code: 'API2017',
    status: 412,
    description: 'Precondition Failed',
    shortMessage: 'The server does not meet one of the preconditions that the requester put on the request.',
    longMessage: '--',
    moreInfo: '--',
  },
];

const ROWS_BY_CODE: ReadonlyMap<string, SikkaErrorRow> = new Map(SIKKA_ERROR_TABLE.map((row) => [row.code, row]));

/** The table row for an error code, if the table documents it. */
export function sikkaErrorRow(code: string): SikkaErrorRow | undefined {
  return ROWS_BY_CODE.get(code);
}

/**
 * Codes whose meaning is more specific than their HTTP status. Everything else takes
 * the kind of its documented status (401 → reauthenticate covers API2003/API2004/API2007).
 *
 * Decisions where the table is silent:
 * - API0005 ("not sent") and API0008 ("not logged") come with HTTP 200 but report that
 *   the requested action did not happen: hidden failures, like API4002–API4005.
 * - API4001 and API4007 have no messages at all; they sit in the API4xxx decryption-error
 *   block, and a 200 whose meaning is unknown must not be taken for a success, so they
 *   are hidden failures too.
 * - API2010 ("data not uploaded") stays a server error, as its 500 says.
 */
const CODE_KINDS: Readonly<Record<string, OutcomeKind>> = {
  API2005: 'success-no-content',
  API1025: 'renew-request-key',
  API2002: 'retry-later',
  API2011: 'quota-exhausted',
  API2012: 'quota-exhausted',
  API0005: 'hidden-failure',
  API0008: 'hidden-failure',
  API4001: 'hidden-failure',
  API4002: 'hidden-failure',
  API4003: 'hidden-failure',
  API4004: 'hidden-failure',
  API4005: 'hidden-failure',
  API4007: 'hidden-failure',
};

/** The outcome a table row stands for when it arrives with its documented status. */
export function sikkaRowKind(row: SikkaErrorRow): OutcomeKind {
  return CODE_KINDS[row.code] ?? kindForStatus(row.status);
}

/** The fields of a Sikka status body that classification reads. */
interface SikkaStatusFields {
  readonly errorCode?: unknown;
  readonly httpCode?: unknown;
  readonly message?: string;
  readonly hasErrorObject: boolean;
}

const NO_FIELDS: SikkaStatusFields = { hasErrorObject: false };

function fieldsOf(body: ParsedBody): SikkaStatusFields {
  if (body.form === 'empty') return NO_FIELDS;
  if (body.form === 'text') return fieldsOfXml(body.text);
  // Collections and /v2/start answer an array whose first element is the payload (as public client code reads it).
  const value = Array.isArray(body.value) ? body.value[0] : body.value;
  if (!isRecord(value)) return NO_FIELDS;
  return {
    errorCode: ownField(value, 'error_code'),
    httpCode: ownField(value, 'http_code'),
    message: stringField(value, 'short_message') || stringField(value, 'long_message') || undefined,
    hasErrorObject: Object.hasOwn(value, 'error_code') || Object.hasOwn(value, 'http_code'),
  };
}

// "Output Formats": responses can be XML; the status body then carries the same fields as elements.
function fieldsOfXml(text: string): SikkaStatusFields {
  // A single negated class keeps the match linear on hostile input.
  const element = (name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1]?.trim();
  const errorCode = element('error_code');
  const httpCode = element('http_code');
  return {
    errorCode,
    httpCode,
    message: element('short_message') || undefined,
    hasErrorObject: errorCode !== undefined || httpCode !== undefined,
  };
}

/** `http_code` may be a number or a numeric string (public client code sees both); anything else is unreadable. */
function readHttpCode(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d{3}\s*$/.test(value)) return Number(value);
  return undefined;
}

function readSikkaBody(status: number, body: ParsedBody, statusKind: OutcomeKind): BodyReading {
  const fields = fieldsOf(body);
  const problems: string[] = [];
  const failed = !isSuccessStatus(status);

  if (fields.httpCode !== undefined) {
    const httpCode = readHttpCode(fields.httpCode);
    if (httpCode === undefined)
      problems.push(`http_code must be a status number or numeric string, received ${describeValue(fields.httpCode)}`);
    else if (httpCode !== status) problems.push(`http_code ${httpCode} disagrees with HTTP status ${status}`);
  }

  if (fields.errorCode === undefined) {
    if (failed && !fields.hasErrorObject) problems.push(`HTTP ${status} response has no status body with an error_code`);
    else if (failed) problems.push(`HTTP ${status} status body has no error_code`);
    return { problems, message: fields.message };
  }
  if (typeof fields.errorCode !== 'string') {
    problems.push(`error_code must be a string, received ${describeValue(fields.errorCode)}`);
    return { problems, message: fields.message };
  }

  const code = fields.errorCode;
  const row = sikkaErrorRow(code);
  if (!row) {
    problems.push(`error_code ${code} is not in the Error Codes table`);
    return { code, problems, message: fields.message };
  }
  const rowKind = sikkaRowKind(row);
  const message = fields.message ?? (row.shortMessage || undefined);
  if (row.status === status) return { kind: rowKind, code, message, problems };

  problems.push(`error_code ${code} is documented with HTTP ${row.status}, received HTTP ${status}`);
  // When status and code disagree: a failure code under a 2xx is still a failure the
  // status hides; a success code under an error status does not undo the error; between
  // two failures the code is the more specific signal (API1025 under a 401 still means
  // "renew the request_key").
  const kind = !failed && isFailureKind(rowKind) ? 'hidden-failure' : failed && !isFailureKind(rowKind) ? statusKind : rowKind;
  return { kind, code, message, problems };
}

/** Sikka's error model for the shared classification skeleton. */
export const SIKKA_ERROR_MODEL: VendorErrorModel = {
  docSource: SIKKA_ERRORS_DOC,
  read: readSikkaBody,
};

/**
 * Classifies a Sikka response by HTTP status and body (object, array, JSON text, XML text
 * or anything else). Total: never throws. Sets `contractViolation` when the body's
 * `error_code` or `http_code` disagrees with the status, or an error has no status body.
 */
export function classifySikka(status: number, body: unknown): Outcome {
  return classifyWith(SIKKA_ERROR_MODEL, status, body);
}
