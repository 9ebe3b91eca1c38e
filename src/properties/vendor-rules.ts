/**
 * Reading a vendor's contract for the property suites: its `x-vendor-rules` and its documented
 * response examples, so the suites can check that contract and reference implementation agree.
 * Contracts come through the engine's one way in, `loadContract`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadContract } from '../contract/load.ts';
import type { Contract } from '../contract/types.ts';
import { CONTRACTS_DIR } from '../targets/paths.ts';
import { isRecord } from '../vendors/common/body.ts';

/** The vendor's contract (`contracts/<vendor>.yaml`), or undefined when there is none. */
export async function contractFor(vendor: string): Promise<Contract | undefined> {
  const file = join(CONTRACTS_DIR, `${vendor}.yaml`);
  return existsSync(file) ? loadContract(file) : undefined;
}

/** A value inside `x-vendor-rules` by path (keys, or indexes into arrays), or undefined. */
export function vendorRule(contract: Contract | undefined, ...path: (string | number)[]): unknown {
  let value: unknown = contract?.vendorRules;
  for (const step of path) {
    if (typeof step === 'number' ? !Array.isArray(value) : !isRecord(value)) return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

/** The entry of a `x-vendor-rules` list (tokens, signatures) with the given name. */
export function namedRule(contract: Contract | undefined, family: string, name: string): Record<string, unknown> | undefined {
  const list = vendorRule(contract, family);
  return Array.isArray(list) ? list.find((entry): entry is Record<string, unknown> => isRecord(entry) && entry.name === name) : undefined;
}

/** One documented example of an API response (webhook deliveries, which the vendor sends rather than answers, are left out). */
export interface DocumentedExample {
  readonly operation: string;
  readonly status: number;
  readonly mediaType: string;
  readonly name: string;
  readonly value: unknown;
}

/** Every documented example of every response with a concrete status. */
export function documentedExamples(contract: Contract): DocumentedExample[] {
  return contract.operations.flatMap((operation) =>
    operation.responses
      .filter((response) => /^\d{3}$/.test(response.status))
      .flatMap((response) =>
        response.content.flatMap((media) =>
          media.examples.map((example) => ({
            operation: operation.key,
            status: Number(response.status),
            mediaType: media.mediaType,
            name: example.name ?? '(example)',
            value: example.value,
          })),
        ),
      ),
  );
}
