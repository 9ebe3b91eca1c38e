/** Small OpenAPI documents written by a test, loaded as the engine loads a dropped-in contract. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../../src/contract/load.ts';
import type { Contract } from '../../../src/contract/types.ts';

/**
 * The contract of an OpenAPI document given as `paths` (and `components`, when it has any), written to a folder of
 * its own: `openapi` and `info` are filled in, the title names the file.
 */
export async function contractOfPaths(
  title: string,
  paths: Record<string, unknown>,
  options: { openapi?: string; components?: Record<string, unknown> } = {},
): Promise<Contract> {
  const file = join(mkdtempSync(join(tmpdir(), 'engine-document-')), `${title.replace(/[^a-z0-9]+/gi, '-')}.json`);
  const document = {
    openapi: options.openapi ?? '3.0.3',
    info: { title, version: '1' },
    paths,
    ...(options.components && { components: options.components }),
  };
  writeFileSync(file, JSON.stringify(document));
  return loadContract(file);
}
