/** Text as a regular expression source that matches it literally (`a.b` → `a\.b`), for patterns built around it. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
