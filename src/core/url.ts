/**
 * URLs as messages and matchers read them. Requests are recorded with whatever URL they were given, so reading one
 * never throws: a URL that does not parse, or an escape that does not decode, stands for itself.
 */
import { escapeRegExp } from './regex.ts';

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

/**
 * A path template (`/client/{client_id}.json`) as a regular expression source: literal parts match as written, each
 * `{name}` captures one segment. `names` are the parameters in capture order; `literal` counts the literal characters
 * (the more, the more specific the template).
 */
export function templateSource(template: string): { source: string; names: string[]; literal: number } {
  const names: string[] = [];
  let literal = 0;
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (!name) {
        literal += part.length;
        return escapeRegExp(part);
      }
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { source, names, literal };
}
