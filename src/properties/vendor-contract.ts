/**
 * Reading a vendor's contract for the property suites: its `x-vendor-rules` and its documented
 * response examples, so the suites can check that contract and reference implementation agree.
 * Contracts come through the engine's one way in, `loadContract`.
 */
import { contractFor } from '../contract/cache.ts';
import { discoverContracts } from '../contract/discover.ts';
import type { Contract } from '../contract/types.ts';
import { CONTRACTS_DIR } from '../targets/paths.ts';
import { isRecord } from '../vendors/common/body.ts';

/**
 * The vendor's contract (`contracts/<vendor>.yaml`, `.yml` or `.json`), through the engine's one cached way in.
 * A missing contract is an error, never a reason to skip: a renamed file must not turn a suite green.
 */
export async function vendorContract(vendor: string, dir: string = CONTRACTS_DIR): Promise<Contract> {
  const entry = discoverContracts(dir).find((c) => c.vendor === vendor);
  if (!entry) throw new Error(`ENGINE_NO_CONTRACT: no contract for "${vendor}" in ${dir} (expected ${vendor}.yaml, .yml or .json)`);
  return contractFor(entry.file);
}

/** A value inside `x-vendor-rules` by path (keys, or indexes into arrays), or undefined. */
export function vendorRule(contract: Contract, ...path: (string | number)[]): unknown {
  let value: unknown = contract.vendorRules;
  for (const step of path) {
    if (typeof step === 'number' ? !Array.isArray(value) : !isRecord(value)) return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

/** The entry of a `x-vendor-rules` list (tokens, signatures) with the given name. */
export function namedRule(contract: Contract, family: string, name: string): Record<string, unknown> | undefined {
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

/** The examples of the shared responses under `components.responses`, by name (for contracts without operations). */
export function componentResponseExamples(contract: Contract): { response: string; name: string; value: unknown }[] {
  const responses = (contract.document.components as Record<string, unknown> | undefined)?.responses;
  if (!isRecord(responses)) return [];
  return Object.entries(responses).flatMap(([response, spec]) => {
    const content = isRecord(spec) && isRecord(spec.content) ? spec.content : {};
    return Object.values(content).flatMap((media) => {
      const examples = isRecord(media) && isRecord(media.examples) ? media.examples : {};
      return Object.entries(examples).flatMap(([name, example]) =>
        isRecord(example) && 'value' in example ? [{ response, name, value: example.value }] : [],
      );
    });
  });
}
