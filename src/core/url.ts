/**
 * URLs as messages and matchers read them. Requests are recorded with whatever URL they were given, so reading one
 * never throws: a URL that does not parse, or an escape that does not decode, stands for itself.
 */

/** A percent-encoded component decoded, or the text as it is where an escape is malformed (`%E0%A4%A`). */
export function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The path of a URL (`/patients/1`), or the text itself where it is no URL. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
