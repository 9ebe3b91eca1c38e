/** Stable codes for why a vendor document cannot be imported; each message says what to do. */
export const ImportErrorCode = {
  usage: 'IMPORT_USAGE',
  unreadable: 'IMPORT_UNREADABLE',
  unknownFormat: 'IMPORT_UNKNOWN_FORMAT',
  invalid: 'IMPORT_INVALID',
  noRequests: 'IMPORT_NO_REQUESTS',
  unsafeOutput: 'IMPORT_UNSAFE_OUTPUT',
} as const;

export type ImportErrorCode = (typeof ImportErrorCode)[keyof typeof ImportErrorCode];

/** A document that cannot be imported, in one line. */
export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ImportError';
  }
}
