/** Named arbitraries of webhook traffic. */
import fc from 'fast-check';

// C0 controls and DEL are left out: a query string carries them only percent-encoded, and a challenge made of them
// would test the receiver's web server rather than its verification.
const NO_CONTROLS = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

/** Characters with a meaning in URLs and query strings, and ready-made escapes, so encoding mistakes show. */
const URL_SPECIAL = fc.constantFrom(
  '&',
  '=',
  '?',
  '#',
  '%',
  '+',
  ' ',
  '/',
  ';',
  ':',
  '@',
  '$',
  ',',
  '[',
  ']',
  '%20',
  '%2B',
  '\\',
  '"',
  "'",
  '<',
  '>',
  '{',
  '}',
  '|',
  '^',
  '`',
  '~',
);

/**
 * drchrono verification challenges (`msg`): the document gives no format, so empty, long (up to 2 KB, so the URL
 * stays well under common 8 KB limits), URL-special, non-ASCII and plain ones.
 */
export const VerificationMsgArb: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.string({ unit: 'grapheme-ascii', minLength: 256, maxLength: 2048 }).filter(NO_CONTROLS),
  fc.string({ unit: URL_SPECIAL, minLength: 1, maxLength: 24 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }).filter((s) => NO_CONTROLS(s) && /[^\u0000-\u007f]/.test(s)),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 32 }).filter(NO_CONTROLS),
);
