/**
 * JSON from places that may hold anything: an answer's body, an environment variable. No JSON text parses to
 * undefined, so undefined says "not JSON" without a second channel.
 */

/** The value of a JSON text, or undefined where the text is not JSON. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
