/** Stable codes for what can be wrong with a contract file; each message says what to do. */
export const ContractErrorCode = {
  unreadable: 'CONTRACT_UNREADABLE',
  unparsable: 'CONTRACT_UNPARSABLE',
  notOpenApi: 'CONTRACT_NOT_OPENAPI',
  invalid: 'CONTRACT_INVALID',
  brokenRef: 'CONTRACT_BROKEN_REF',
  refOutside: 'CONTRACT_REF_OUTSIDE',
} as const;

export type ContractErrorCode = (typeof ContractErrorCode)[keyof typeof ContractErrorCode];

/** A contract that cannot be used: names the file and the JSON pointer, in one line. */
export class ContractError extends Error {
  constructor(
    readonly code: ContractErrorCode,
    readonly file: string,
    readonly pointer: string,
    readonly detail: string,
    readonly more: string[] = [],
  ) {
    super(`${code}: ${file}${pointer === '#' ? '' : pointer}: ${detail}${more.length ? ` (+${more.length} more)` : ''}`);
    this.name = 'ContractError';
  }
}
