/** Strings a schema accepts: lengths in code points, patterns (several, from allOf branches), formats, header-safe text. */
import fc from 'fast-check';
import { LRUCache } from 'lru-cache';
import { ALSO_MATCHES } from '../../contract/schema-merge.ts';
import { PATTERN_PROBES, probe, probedFilter, UnsatisfiableSchema, type Schema, type State } from './context.ts';

const HEADER_CHAR = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));

export function characters(state: State): fc.Arbitrary<string> {
  if (state.options.charset === 'header') return HEADER_CHAR;
  // Mostly ASCII letters and digits, with non-ASCII text (accents, CJK, emoji) often enough to be seen.
  return fc.oneof(
    { arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('')), weight: 6 },
    { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), weight: 2 },
    { arbitrary: fc.constantFrom('é', 'ü', 'ß', 'ñ', '中', '文', 'Ж', 'ا', '😀', '\u00a0'), weight: 2 },
  );
}

function toRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}

/** Code points, as JSON Schema counts string length. */
export const codePointLength = (value: string): number => [...value].length;

/**
 * `fc.stringMatching` for a pattern, built once per process: building one analyses the whole expression (for a
 * quantified class, every code point of it), which cost more than drawing two dozen values from it. Arbitraries are
 * immutable, so one instance serves every request and every test of the worker.
 */
const matchingByPattern = new LRUCache<string, fc.Arbitrary<string>>({ max: 1000 });
export function matching(regex: RegExp, size: 'small' | 'xsmall' | 'medium' = 'small'): fc.Arbitrary<string> {
  const key = `${size} ${regex.flags}/${regex.source}`;
  let arbitrary = matchingByPattern.get(key);
  if (!arbitrary) {
    arbitrary = wellFormed(stringsFor(regex, size), regex);
    matchingByPattern.set(key, arbitrary);
  }
  return arbitrary;
}

/** Half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Strings a request can carry. Without the `u` flag a pattern's classes are classes of UTF-16 code units, so `[^|]`
 * draws half a surrogate pair: no URL, header or UTF-8 body can hold one (`encodeURIComponent` throws on it), so it
 * is no value the engine could send. A lone surrogate becomes U+FFFD, kept where the pattern still matches.
 */
export function wellFormed(strings: fc.Arbitrary<string>, regex: RegExp): fc.Arbitrary<string> {
  const mended = (text: string) => text.replace(LONE_SURROGATE, '\uFFFD');
  return probedFilter(
    strings.map(mended),
    (text) => !text.includes('\uFFFD') || regex.test(text),
    `pattern /${regex.source}/ matches only text with half a surrogate pair, which no request can carry`,
  );
}

/**
 * `fc.stringMatching` builds no strings for lookaround assertions (`^(?!\s*$).+`, a common "not blank"): such a
 * pattern is drawn from without its assertions and kept only where the whole pattern matches. When too few drawn
 * strings pass, the schema is one the generator cannot satisfy (a skip with the reason), never an endless filter.
 */
function stringsFor(regex: RegExp, size: 'small' | 'xsmall' | 'medium'): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(regex, { size });
  } catch (error) {
    const loose = withoutLookarounds(regex.source);
    if (loose === regex.source) throw new UnsatisfiableSchema(`pattern /${regex.source}/: ${(error as Error).message}`);
    let source: fc.Arbitrary<string>;
    try {
      source = fc.stringMatching(new RegExp(loose, regex.flags), { size });
    } catch (inner) {
      throw new UnsatisfiableSchema(`pattern /${regex.source}/: ${(inner as Error).message}`);
    }
    const matches = (s: string) => regex.test(s);
    if (!probe(source, PATTERN_PROBES).some(matches))
      throw new UnsatisfiableSchema(`pattern /${regex.source}/: no string drawn without its lookaround assertions matches it`);
    return source.filter(matches);
  }
}

/**
 * A pattern's source rewritten outside escapes and character classes, which are copied as they are: `step` reads the
 * plain character at `i` and says what to write for it and where to go on.
 */
function rewriteOutsideClasses(source: string, step: (i: number) => { text: string; next: number }): string {
  let out = '';
  for (let i = 0; i < source.length;) {
    const c = source[i];
    if (c === '\\' || c === '[') {
      const end = c === '\\' ? i + 1 : classEnd(source, i);
      out += source.slice(i, end + 1);
      i = end + 1;
    } else {
      const { text, next } = step(i);
      out += text;
      i = next;
    }
  }
  return out;
}

/** A pattern's source with its lookahead and lookbehind groups left out (escapes and character classes respected). */
export function withoutLookarounds(source: string): string {
  return rewriteOutsideClasses(source, (i) =>
    /^\(\?(=|!|<=|<!)/.test(source.slice(i, i + 4)) ? { text: '', next: groupEnd(source, i) + 1 } : { text: source[i], next: i + 1 },
  );
}

function classEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length - 1;
}

function groupEnd(source: string, start: number): number {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(source, i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return source.length - 1;
}

/**
 * Sources of strings for one pattern, tried in order until one draws strings the schema accepts. Each later one
 * draws a subset of the pattern's own strings, shaped for what the first one rarely meets: fast-check's strings
 * keep quantifiers short (`[a-f0-9]+` with `minLength: 40`), and draw `.` from all of Unicode where a header needs
 * printable ASCII. The caller still keeps only strings every rule accepts; a subset can only make that likelier.
 */
function patternSources(
  regex: RegExp,
  bounds: { minLength: number; maxLength: number; charset: State['options']['charset']; state: State },
): fc.Arbitrary<string>[] {
  const flags = regex.flags;
  const sources: fc.Arbitrary<string>[] = [matching(regex)];
  const printable = bounds.charset === 'header' ? printableDots(regex.source) : regex.source;
  const rewrite = (source: string) => {
    try {
      return new RegExp(source, flags);
    } catch {
      return undefined;
    }
  };
  if (printable !== regex.source) {
    const narrowed = rewrite(printable);
    if (narrowed) sources.push(matching(narrowed));
  }
  const exact = quantifiedToLength(printable, bounds.minLength, bounds.maxLength);
  const exactRegex = exact === undefined ? undefined : rewrite(exact);
  if (exactRegex) sources.push(matching(exactRegex));
  const wider = rewrite(printable);
  if (wider) sources.push(matching(wider, 'medium'));
  // A pattern not anchored at its end is found anywhere: one of its strings, then any text up to the length.
  if (!/(^|[^\\])\$$/.test(regex.source)) {
    const start = wider ?? regex;
    const pad = fc.array(characters(bounds.state), { minLength: bounds.minLength, maxLength: bounds.maxLength });
    sources.push(
      fc.tuple(matching(start), pad).map(([head, tail]) => {
        const headPoints = [...head];
        return [...headPoints, ...tail].slice(0, Math.max(bounds.maxLength, headPoints.length)).join('');
      }),
    );
  }
  return sources;
}

/** `.` outside character classes read as printable ASCII: a header carries nothing else (a subset of `.`'s strings). */
export function printableDots(source: string): string {
  return rewriteOutsideClasses(source, (i) => ({ text: source[i] === '.' ? '[!-~]' : source[i], next: i + 1 }));
}

const ATOM = String.raw`(\[(?:\\.|[^\]\\])*\]|\\.|\.|[^\\^$.|?*+()[\]{}])`;
const ONE_QUANTIFIED_ATOM = new RegExp(String.raw`^\^?${ATOM}(\+|\*|\{(\d+),(\d*)\}|\{(\d+)\})\$?$`);

/**
 * A pattern that is one quantified atom (`^[a-f0-9]+$`, `\d{4,}`, `[A-Z]*`) with its repetition held to the
 * schema's lengths, anchored at both ends: a string of it matches the pattern. Undefined for any other pattern.
 */
export function quantifiedToLength(source: string, minLength: number, maxLength: number): string | undefined {
  const parts = ONE_QUANTIFIED_ATOM.exec(source);
  if (!parts) return undefined;
  const [, atom, quantifier, from, to, exactly] = parts;
  let low = quantifier === '+' ? 1 : 0;
  let high = Infinity;
  if (exactly !== undefined) low = high = Number(exactly);
  else if (from !== undefined) {
    low = Number(from);
    high = to === '' ? Infinity : Number(to);
  }
  // An escape of a surrogate pair or a class with one may stand for two code units: lengths count code points.
  low = Math.max(low, minLength);
  high = Math.min(high, maxLength);
  if (low > high) return undefined;
  return `^${atom}{${low},${high}}$`;
}

export function stringArbitrary(schema: Schema, state: State): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const statedMax = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
  if (statedMax !== undefined && statedMax < minLength)
    throw new UnsatisfiableSchema(`maxLength ${statedMax} is below minLength ${minLength}`);
  const maxLength = Math.min(statedMax ?? Math.max(minLength, state.options.maxLength), Math.max(minLength, 256));
  const fits = (s: string) => codePointLength(s) >= minLength && (statedMax === undefined || codePointLength(s) <= statedMax);
  const formatted = formatArbitrary(schema.format);
  if (typeof schema.pattern === 'string') {
    const patterns = [schema.pattern, ...(Array.isArray(schema[ALSO_MATCHES]) ? (schema[ALSO_MATCHES] as string[]) : [])];
    const regexes = patterns.map(toRegExp);
    // Printable ASCII, spaces inside but not at either end (a header's value is trimmed): what the transport sends as is.
    const headerSafe = (s: string) => state.options.charset !== 'header' || /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/.test(s);
    const accepted = (s: string) => regexes.every((r) => r.test(s)) && fits(s) && headerSafe(s);
    const bounds = `${minLength}..${statedMax ?? '∞'} code points${state.options.charset === 'header' ? ' of header-safe text' : ''}`;
    if (regexes.length === 1) {
      const candidates = formatted
        ? [formatted]
        : patternSources(regexes[0], { minLength, maxLength, charset: state.options.charset, state });
      const usable = candidates.find((source) => probe(source, PATTERN_PROBES).some(accepted));
      if (!usable) throw new UnsatisfiableSchema(`no string of ${bounds} drawn matches /${patterns[0]}/`);
      return usable.filter(accepted);
    }
    // Several branches' patterns: unanchored ones are searched for anywhere, so one match of each joined matches them
    // all; otherwise strings of each pattern that happen to match the others. Patterns may share no string at all
    // (`^a+$` and `^b+$`), and a filter nothing passes would never end: only sources whose probes pass are kept.
    const unanchored = patterns.every((p) => !p.startsWith('^') && !p.endsWith('$'));
    const sources = formatted
      ? [formatted]
      : [
          ...(unanchored ? [fc.tuple(...regexes.map((r) => matching(r))).map((parts) => parts.join(''))] : []),
          ...regexes.map((r) => matching(r)),
        ];
    const usable = sources.filter((source) => probe(source, PATTERN_PROBES).some(accepted));
    if (usable.length === 0)
      throw new UnsatisfiableSchema(`no string of ${bounds} drawn matches every pattern of ${patterns.map((p) => `/${p}/`).join(', ')}`);
    return fc.oneof(...usable).filter(accepted);
  }
  if (formatted)
    return probedFilter(formatted, fits, `no ${String(schema.format)} string drawn is ${minLength}..${statedMax ?? '∞'} code points long`);
  const chars = characters(state);
  const general = fc
    .array(chars, { minLength, maxLength })
    .map((a) => a.join(''))
    .filter(fits);
  // Boundaries: shortest, longest, and a non-ASCII string of the shortest non-empty length.
  const boundary = [
    fc.array(chars, { minLength, maxLength: minLength }).map((a) => a.join('')),
    fc.array(chars, { minLength: maxLength, maxLength }).map((a) => a.join('')),
  ];
  return fc.oneof({ arbitrary: general, weight: 4 }, { arbitrary: fc.oneof(...boundary).filter(fits), weight: 1 });
}

const dateBetween = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });

/** Values for the formats ajv-formats checks; an unknown format is a free string, as JSON Schema says. */
function formatArbitrary(format: unknown): fc.Arbitrary<string> | undefined {
  switch (format) {
    case 'date-time':
      return dateBetween.map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    case 'date':
      return dateBetween.map((d) => d.toISOString().slice(0, 10));
    case 'time':
      return dateBetween.map((d) => `${d.toISOString().slice(11, 19)}Z`);
    case 'email':
      return fc
        .emailAddress()
        .filter((e) => /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*$/.test(e) && e.length <= 64);
    case 'uuid':
      return fc.uuid();
    case 'uri':
    case 'url':
      return fc.webUrl({ size: 'small' });
    case 'hostname':
      return fc.domain({ size: 'small' });
    case 'ipv4':
      return fc.ipV4();
    case 'ipv6':
      return fc.ipV6();
    case 'byte':
      return fc.base64String({ maxLength: 32 });
    case 'int32':
    case 'int64':
      return fc.integer({ min: -1000000, max: 1000000 }).map(String);
    default:
      return undefined;
  }
}
