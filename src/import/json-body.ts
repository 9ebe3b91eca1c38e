import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

export interface ReadBody {
  value: unknown;
  /** What was changed to read it, when the text is not strict JSON. */
  repaired?: string;
}

/** A Postman variable (`{{name}}`) or an unquoted one standing for a value: `"amount": {{amount}}`. */
const UNQUOTED_PLACEHOLDER = /(?<=[:[,]\s*)\{\{\s*([^{}"]+?)\s*\}\}(?=\s*[,}\]])/g;

export const PLACEHOLDER = /^\{\{\s*[^{}]+?\s*\}\}$/;

/**
 * Reads a JSON body as vendor documents write it. Strict JSON is read as is. Otherwise the text is read with
 * jsonc-parser (the parser of VS Code's JSON with comments), which skips comments and trailing commas and
 * recovers from a missing comma, and unquoted `{{variables}}` are read as the string `"{{variable}}"`; the
 * returned `repaired` says which. Undefined when even that gives no value.
 */
export function readJsonBody(text: string): ReadBody | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    return { value: JSON.parse(trimmed) };
  } catch {
    // Read leniently below.
  }
  const notes: string[] = [];
  let source = trimmed;
  if (new RegExp(UNQUOTED_PLACEHOLDER.source).test(source)) {
    source = source.replace(UNQUOTED_PLACEHOLDER, (_m, name: string) => `"{{${name}}}"`);
    notes.push('unquoted variables read as strings');
  }
  try {
    const value = JSON.parse(source);
    return { value, repaired: notes.join('; ') };
  } catch {
    // Comments, trailing commas, missing commas.
  }
  const errors: ParseError[] = [];
  const value = parse(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const kinds = [...new Set(errors.map((e) => printParseErrorCode(e.error)))];
  // A missing comma is a slip the parser reads past; anything else (a value cut short) would be a guess.
  if (value === undefined || kinds.some((kind) => kind !== 'CommaExpected')) return undefined;
  if (/\/\/|\/\*/.test(source)) notes.push('comments removed');
  if (kinds.length > 0) notes.push(`read past ${kinds.join(', ')}`);
  else if (!notes.includes('comments removed')) notes.push('trailing commas removed');
  return { value, repaired: notes.join('; ') };
}

/** True for media types whose bodies are JSON: `application/json`, `application/problem+json`, `…+json`. */
export const isJsonMediaType = (mediaType: string): boolean =>
  /^application\/(?:[\w.-]+\+)?json$/.test(mediaType) || mediaType === 'text/json';
