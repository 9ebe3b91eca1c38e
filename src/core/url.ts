/**
 * URLs as messages and matchers read them. Requests are recorded with whatever URL they were given, so reading one
 * never throws: a URL that does not parse stands for itself.
 */

/** The path of a URL (`/patients/1`), or the text itself where it is no URL. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
