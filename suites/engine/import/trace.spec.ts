import { test, expect } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readSource } from '../../../src/import/index.ts';
import { formatTrace, importedSourceOf, traceContract, traceFile, traceIsClean } from '../../../src/import/trace.ts';
import { CONTRACTS_DIR } from '../../../src/targets/paths.ts';
import { testPatience } from '../support/patience.ts';
import { CONTRACTS, SOURCES, read } from './support.ts';

/** Every imported contract: the product's vendor contracts that say so, and the committed public imports. */
function importedContracts(): string[] {
  const vendor = readdirSync(CONTRACTS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(CONTRACTS_DIR, f))
    .filter((f) => {
      try {
        return importedSourceOf(parseYaml(read(f), { maxAliasCount: -1 }) as Record<string, unknown>) !== undefined;
      } catch {
        return false; // a document that does not parse fails its own project's "contract loads" test
      }
    });
  const fixtures = readdirSync(CONTRACTS)
    .sort()
    .map((f) => join(CONTRACTS, f));
  return [...vendor, ...fixtures];
}

test.describe('traceability: an imported contract and its source', () => {
  test('every request and example of each source is covered, and every rule citing it names an item it has', async () => {
    test.setTimeout(testPatience());
    const files = importedContracts();
    expect(files.length).toBeGreaterThanOrEqual(25);
    const problems: string[] = [];
    let items = 0;
    for (const file of files) {
      const report = await traceFile(file);
      items += report.items;
      problems.push(...formatTrace(report));
    }
    expect(problems).toEqual([]);
    expect(items).toBeGreaterThan(250);
  });

  test('red: an operation removed from the contract leaves its request and examples uncovered', async () => {
    const contract = parseYaml(read(join(CONTRACTS, 'adyen-recurring.yaml'))) as Record<string, Record<string, Record<string, unknown>>>;
    const { source } = await readSource(join(SOURCES, 'adyen-recurring.postman_collection.json'));
    expect(traceIsClean(traceContract(contract, source))).toBe(true);
    // The request with the most saved examples, on a path no other request shares.
    const removed = [...source.requests]
      .filter((r) => source.requests.filter((o) => o.path === r.path).length === 1)
      .sort((a, b) => b.examples.length - a.examples.length)[0];
    expect(removed.examples.length).toBeGreaterThan(0);
    const path = removed.path;
    delete contract.paths[path];
    const report = traceContract(contract, source, { contract: 'adyen-recurring.yaml', source: 'adyen-recurring.postman_collection.json' });
    expect(traceIsClean(report)).toBe(false);
    expect(report.uncovered.map((i) => i.trail)).toEqual([removed!.trail, ...removed!.examples.map((e) => e.trail)]);
    expect(formatTrace(report)[0]).toBe(
      `adyen-recurring.yaml: the source's request "${removed!.trail}" is covered by no rule and not listed as left out`,
    );
  });

  test('red: an example dropped, a rule citing an item the source lacks, a left-out entry without reason', async () => {
    const contract = parseYaml(read(join(CONTRACTS, 'apib-07-parameters.yaml'))) as Record<string, unknown>;
    const { source } = await readSource(join(SOURCES, 'apib-07-parameters.apib'));
    const operation = (contract.paths as Record<string, Record<string, Record<string, unknown>>>)['/message/{id}'].get;
    const media = (operation.responses as Record<string, { content: Record<string, { examples: Record<string, unknown> }> }>)['200']
      .content;
    const [mediaType, examples] = Object.entries(media).find(([, m]) =>
      Object.values(m.examples).some((e) => JSON.stringify(e).includes('JSON Message')),
    )!;
    const dropped = Object.keys(examples.examples).find((k) => JSON.stringify(examples.examples[k]).includes('JSON Message'))!;
    delete media[mediaType].examples[dropped];
    operation['x-doc-source'] = {
      ...(operation['x-doc-source'] as object),
      section: 'Messages › My Message › Retrieve a Message (renamed)',
    };
    (contract.info as Record<string, Record<string, unknown>>)['x-imported-from']['left-out'] = [
      { item: 'Messages › My Message › Update a Message' },
    ];
    const report = traceContract(contract, source);
    expect(report.uncovered.map((i) => i.trail)).toContain('Messages › My Message › Retrieve a Message › JSON Message › Response 200');
    expect(report.dangling.map((c) => c.section)).toEqual(['Messages › My Message › Retrieve a Message (renamed)']);
    expect(report.badLeftOut).toEqual([{ item: 'Messages › My Message › Update a Message', problem: 'gives no reason' }]);
  });

  test("a rule citing another document is not this source's to judge", async () => {
    const contract = parseYaml(read(join(CONTRACTS, 'newman-sample.yaml'))) as Record<
      string,
      Record<string, Record<string, Record<string, unknown>>>
    >;
    const { source } = await readSource(join(SOURCES, 'newman-sample.postman_collection.json'));
    contract.paths['/get'].get['x-vendor-note'] = { 'x-doc-source': { document: 'Vendor changelog', section: 'Release 2' } };
    expect(traceIsClean(traceContract(contract, source))).toBe(true);
  });
});
