/**
 * Sikka's error-code table as data, and a total classifier for Sikka responses.
 * Source: Sikka APIs (Postman documentation), "Error Codes"; body shapes as the live API answers them
 * (read by public Sikka client code).
 */
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { readVendorRules } from '../../contract/rules-section.ts';
import { ROOT } from '../../targets/paths.ts';
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

/** The contract the table is read from: the Sikka contract this folder ships with, whatever CONTRACTS_DIR a run names. */
export const SIKKA_CONTRACT_FILE = join(ROOT, 'contracts', 'sikka.yaml');

const ROW_TEXT_FIELDS = ['description', 'shortMessage', 'longMessage', 'moreInfo'] as const;

/**
 * The rows of `x-vendor-rules.errors.table`, checked for shape; provenance marks (`x-…`) are left out. A malformed
 * row stops the import with a one-line `VENDOR_RULES` error naming it, never a table that silently lacks it.
 */
export function sikkaErrorRows(rules: Record<string, unknown>, shown = 'contracts/sikka.yaml'): SikkaErrorRow[] {
  const errors = rules.errors;
  const table = isRecord(errors) ? errors.table : undefined;
  if (!Array.isArray(table) || table.length === 0)
    throw new Error(`VENDOR_RULES: ${shown}: x-vendor-rules.errors.table must list the Error Codes table's rows`);
  return table.map((row: unknown, index) => {
    const where = `${shown}: x-vendor-rules.errors.table[${index}]`;
    if (!isRecord(row) || typeof row.code !== 'string' || !Number.isInteger(row.status))
      throw new Error(`VENDOR_RULES: ${where} needs a string code and an integer status`);
    const text = Object.fromEntries(
      ROW_TEXT_FIELDS.map((field) => {
        const value = row[field] ?? '';
        if (typeof value !== 'string') throw new Error(`VENDOR_RULES: ${where} (${row.code}): ${field} must be text`);
        return [field, value];
      }),
    ) as Record<(typeof ROW_TEXT_FIELDS)[number], string>;
    return { code: row.code, status: row.status as number, ...text };
  });
}

/**
 * Every row of the Error Codes table, in the document's order, as the contract records it (the one copy: the
 * contract's `x-vendor-rules.errors.table`). Empty cells are `''`; cells the document fills with `--` are kept as
 * written.
 */
export const SIKKA_ERROR_TABLE: readonly SikkaErrorRow[] = sikkaErrorRows(readVendorRules(SIKKA_CONTRACT_FILE));

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

// "Output Formats": responses can be XML; the status body then carries the same fields as elements, under whatever
// root the answer uses. Entities are left unexpanded: a hostile DOCTYPE cannot make the parse grow, and no field read
// here carries one. Tag values stay text, as the JSON body's do (`http_code` is read as text there too).
const XML = new XMLParser({ ignoreAttributes: true, parseTagValue: false, processEntities: false, trimValues: true });

/** The first element named `name`, depth first in document order, as text. */
function xmlElement(node: unknown, name: string): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = xmlElement(item, name);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(node)) return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (key === name) {
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string' || typeof first === 'number') return String(first).trim();
    }
    const found = xmlElement(value, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

function fieldsOfXml(text: string): SikkaStatusFields {
  let tree: unknown;
  try {
    tree = XML.parse(text);
  } catch {
    return NO_FIELDS;
  }
  const errorCode = xmlElement(tree, 'error_code');
  const httpCode = xmlElement(tree, 'http_code');
  return {
    errorCode,
    httpCode,
    message: xmlElement(tree, 'short_message') || undefined,
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
