/**
 * Times `loadContract` (read, validate, bundle, flatten) of one file in a fresh process; prints `READY {json}`.
 *
 *   node --import tsx scripts/bench/load-contract.ts contracts/sikka.yaml
 */
import { contractFor } from '../../src/contract/cache.ts';

const file = process.argv[2]!;
const started = performance.now();
const contract = await contractFor(file);
const ms = performance.now() - started;
process.stdout.write(`READY ${JSON.stringify({ ms, operations: contract.operations.length })}\n`);
