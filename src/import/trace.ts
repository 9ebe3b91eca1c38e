import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ImportError, ImportErrorCode } from './errors.ts';
import { readSource } from './index.ts';
import type { SourceDocument, SourceItem } from './model.ts';

/** A rule of the contract that cites the source: where it is and what it names. */
export interface Citation {
  pointer: string;
  section: string;
}

export interface TraceReport {
  contract: string;
  source: string;
  /** Requests and examples of the source. */
  items: number;
  /** Of those, cited by a rule of the contract. */
  covered: number;
  /** Of those, listed in `x-imported-from.left-out` with a reason. */
  leftOut: number;
  /** Requests and examples of the source that no rule cites and that are not listed as left out. */
  uncovered: SourceItem[];
  /** Rules that cite the source's document at a section the source does not have. */
  dangling: Citation[];
  /** `left-out` entries that name no item of the source, or give no reason. */
  badLeftOut: { item: string; problem: string }[];
}

export const traceIsClean = (report: TraceReport): boolean =>
  report.uncovered.length === 0 && report.dangling.length === 0 && report.badLeftOut.length === 0;

/**
 * Holds an imported contract to the document it came from, both ways: every request and example of the source is
 * cited by some rule (`x-doc-source`, `x-doc-sources`) or deliberately left out with a reason, and every rule that
 * cites the source's document names an item the source has. Rules citing other documents are not this source's.
 */
export function traceContract(
  contract: Record<string, unknown>,
  source: SourceDocument,
  names = { contract: '', source: '' },
): TraceReport {
  const citations = collectCitations(contract, source.documentName);
  const cited = new Set(citations.map((c) => c.section));
  const known = new Set([source.title, ...source.items.map((i) => i.trail)]);
  const imported = (contract.info as Record<string, unknown> | undefined)?.['x-imported-from'] as Record<string, unknown> | undefined;
  const entries = Array.isArray(imported?.['left-out']) ? (imported['left-out'] as Record<string, unknown>[]) : [];
  const leftOut = new Set<string>();
  const badLeftOut: TraceReport['badLeftOut'] = [];
  for (const entry of entries) {
    const item = String(entry?.item ?? '');
    if (!known.has(item)) badLeftOut.push({ item, problem: 'names no item of the source' });
    else if (typeof entry.reason !== 'string' || entry.reason.trim() === '') badLeftOut.push({ item, problem: 'gives no reason' });
    else leftOut.add(item);
  }
  const traced = source.items.filter((i) => i.kind !== 'folder');
  const uncovered = traced.filter((i) => !cited.has(i.trail) && !leftOut.has(i.trail));
  return {
    contract: names.contract,
    source: names.source,
    items: traced.length,
    covered: traced.filter((i) => cited.has(i.trail)).length,
    leftOut: traced.filter((i) => leftOut.has(i.trail) && !cited.has(i.trail)).length,
    uncovered,
    dangling: citations.filter((c) => !known.has(c.section)),
    badLeftOut,
  };
}

/** Every `x-doc-source` (and `x-doc-sources` entry) in the contract that cites `document`, with its JSON pointer. */
export function collectCitations(node: unknown, document: string, pointer = '#', out: Citation[] = []): Citation[] {
  if (Array.isArray(node)) node.forEach((child, i) => collectCitations(child, document, `${pointer}/${i}`, out));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const cites = key === 'x-doc-source' ? [value] : key === 'x-doc-sources' && Array.isArray(value) ? value : undefined;
      if (cites) {
        cites.forEach((cite, i) => {
          const c = cite as Record<string, unknown> | null;
          if (c && c.document === document && typeof c.section === 'string')
            out.push({ pointer: key === 'x-doc-sources' ? `${at}/${i}` : at, section: c.section });
        });
      } else collectCitations(value, document, at, out);
    }
  }
  return out;
}

/**
 * The trace of a contract file whose `info.x-imported-from.file` names its source (relative to the contract, and
 * inside the folder above it: `sources/acme.postman_collection.json` or `../sources/…`).
 */
export async function traceFile(contractFile: string): Promise<TraceReport> {
  const contract = parseYaml(readFileSync(contractFile, 'utf8'), { maxAliasCount: -1 }) as Record<string, unknown>;
  const file = importedSourceOf(contract);
  if (!file) throw new ImportError(ImportErrorCode.invalid, `${contractFile} has no info.x-imported-from.file: it was not imported`);
  const base = dirname(resolve(contractFile));
  const sourceFile = resolve(base, file);
  const root = dirname(base);
  if (!sourceFile.startsWith(`${root}${sep}`))
    throw new ImportError(ImportErrorCode.invalid, `${contractFile}: x-imported-from.file must stay inside ${root}, not ${file}`);
  const doc = (contract.info as Record<string, unknown>)['x-doc-source'] as Record<string, unknown> | undefined;
  const { source } = await readSource(sourceFile, { url: typeof doc?.url === 'string' ? doc.url : undefined });
  return traceContract(contract, source, { contract: relative(process.cwd(), contractFile), source: relative(process.cwd(), sourceFile) });
}

export function importedSourceOf(contract: Record<string, unknown>): string | undefined {
  const imported = (contract.info as Record<string, unknown> | undefined)?.['x-imported-from'] as Record<string, unknown> | undefined;
  return typeof imported?.file === 'string' ? imported.file : undefined;
}

/** One line per problem, for a failing test or the import command. */
export function formatTrace(report: TraceReport): string[] {
  return [
    ...report.uncovered.map(
      (i) => `${report.contract}: the source's ${i.kind} "${i.trail}" is covered by no rule and not listed as left out`,
    ),
    ...report.dangling.map((c) => `${report.contract}${c.pointer}: cites "${c.section}", which ${report.source} does not have`),
    ...report.badLeftOut.map((l) => `${report.contract}: left-out entry "${l.item}" ${l.problem}`),
  ];
}
