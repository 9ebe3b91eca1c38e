import { docSourceOf } from '../contract/operations.ts';
import { isObject } from '../core/pointer.ts';
import { declaredProvenance } from '../contract/provenance.ts';
import type { Contract, Operation } from '../contract/types.ts';
import type { DocSource } from '../core/violation.ts';
import { underProvenance } from './findings.ts';
import { mediaFamily, parseJsonBody } from './media.ts';
import { rowsOf } from './rows.ts';
import type { Check } from './types.ts';

/**
 * `x-vendor-rules.expansion`: a documented expansion of related objects in line (`expand=practice` on a patient
 * embeds the practice object). `objects` maps each value of the parameter to the property the expanded object lands
 * in; `operations` names the operations whose records the document says it expands.
 */
export interface ExpansionRule {
  parameter: string;
  objects: Record<string, string>;
  operations: string[];
  docSource?: DocSource;
}

export function expansionRule(contract: Contract, operation: Operation): ExpansionRule | undefined {
  const rule = contract.vendorRules.expansion;
  if (!isObject(rule) || !isObject(rule.objects) || typeof rule.parameter !== 'string') return undefined;
  const operations = Array.isArray(rule.operations) ? rule.operations.map(String) : [];
  if (!operations.includes(operation.id)) return undefined;
  const objects = Object.fromEntries(Object.entries(rule.objects).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { parameter: rule.parameter, objects, operations, docSource: docSourceOf(rule) };
}

/** Every record of an answer to a request that asked for a documented expansion carries the expanded object. */
export const documentedExpansion: Check<'expansion-ignored'> = ({ contract, operation, target }, { request, response }) => {
  // A mock answers the document's examples whatever was asked: a rule that depends on the request is not its to show.
  if (target === 'mock') return [];
  const rule = expansionRule(contract, operation);
  if (!rule || response.status < 200 || response.status >= 300 || mediaFamily(response.headers['content-type'] ?? '') !== 'json') return [];
  let asked: string[];
  try {
    asked = (new URL(request.url).searchParams.get(rule.parameter) ?? '').split(',').map((v) => v.trim().toLowerCase());
  } catch {
    return [];
  }
  const properties = Object.entries(rule.objects)
    .filter(([value]) => asked.includes(value.toLowerCase()))
    .map(([, property]) => property);
  if (properties.length === 0) return [];
  const body = parseJsonBody(response.text);
  if (body === undefined || body instanceof Error) return [];
  const { rows } = rowsOf(body);
  const missing = properties.flatMap((property) => {
    const without = rows.findIndex((row) => !isObject(row[property]));
    return without < 0 ? [] : [{ property, row: without }];
  });
  return underProvenance(
    missing.map(({ property, row }) => ({
      operation: operation.key,
      rule: 'expansion-ignored' as const,
      status: response.status,
      path: rows.length === 1 ? `/${property}` : `row ${row}/${property}`,
      received: rows[row]?.[property] ?? '(absent)',
      documented: `${rule.parameter}=${property}: the ${property} object in line`,
      message: `Received: a record without the ${property} object, asked with ${rule.parameter}=${asked.join(',')}\nDocumented: ${rule.parameter} expands ${property} in line`,
      docSource: rule.docSource ?? operation.docSource,
      severity: 'error' as const,
    })),
    declaredProvenance(contract.vendorRules.expansion),
  );
};
