import { loadContract } from './load.ts';
import type { Contract } from './types.ts';

const loaded = new Map<string, Promise<Contract>>();

/** One load per contract file per process: the spec file, fixtures and checks share it. */
export function contractFor(file: string): Promise<Contract> {
  let contract = loaded.get(file);
  if (!contract) {
    contract = loadContract(file);
    loaded.set(file, contract);
  }
  return contract;
}
