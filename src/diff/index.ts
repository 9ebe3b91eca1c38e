/**
 * The breaking-change gate: compares two versions of a contract and classifies every change.
 *
 * Decision: Atlassian's openapi-diff (0.24.1) is used for what it classifies correctly — removed and added
 * operations, response statuses and response headers — and a hand-written layer does the rest. The library
 * cannot read the contracts as they are: it validates input with swagger-parser 10, which refuses OpenAPI 3.1
 * ("Unsupported OpenAPI version: 3.1.0", tried on contracts/sikka.yaml), and changing the version line is not
 * enough (3.1 `webhooks`, `info.summary`, type arrays and `const` fail its 3.0 schema). So it gets a lossless
 * 3.0 projection of operations, statuses and headers (library.ts). The layer covers what the library does not
 * see or sees too coarsely (its docs/OPENAPI3.md lists parameters, security and securitySchemes as unsupported;
 * its schema diff, json-schema-diff, ignores enum/const/pattern and reports a whole body as one "scope"):
 * parameters, request and response schemas field by field with direction (schema-changes.ts), security (security.ts),
 * `x-vendor-rules` (vendor-rule-changes.ts), 3.1 webhooks, servers and documentation edits, and acknowledgements (ack.ts).
 */
import type { Contract } from '../contract/types.ts';
import { applyAcks, readAcks } from './ack.ts';
import { documentationChanges, serverChanges, versionChanges } from './documentation.ts';
import { libraryChanges } from './library.ts';
import { operationChanges, webhookChanges } from './operations.ts';
import { Rule, ruleSpec } from './rules.ts';
import { schemaScope } from './schema-changes.ts';
import { securitySchemeChanges } from './security.ts';
import type { Change, ContractDiff, ContractChange } from './types.ts';
import { canonical } from './values.ts';
import { vendorRuleChanges } from './vendor-rule-changes.ts';

export type { Change, ContractDiff, ContractChange, ChangeKind, ChangeSource } from './types.ts';
export { RULES, Rule, type RuleSpec } from './rules.ts';
export { DiffError, DiffErrorCode, USAGE } from './errors.ts';
export { ACK_KEY, locationMatches } from './ack.ts';

/**
 * Compares the version of a contract at a git ref (`before`) with the current one (`after`); either may be
 * missing (a contract added or deleted since). Acknowledgements are read from `after`.
 *
 * @example
 *   const diff = await diffContracts(await loadContract('old/sikka.yaml'), await loadContract('contracts/sikka.yaml'));
 *   diff.findings.filter((f) => f.kind === 'breaking' && !f.acknowledged);
 */
export async function diffContracts(before: Contract | undefined, after: Contract | undefined): Promise<ContractDiff> {
  const contract = after?.vendor ?? before?.vendor;
  if (!contract) throw new Error('diffContracts needs at least one version of the contract');
  const toFinding = (change: Change): ContractChange => {
    const spec = ruleSpec(change.rule);
    return { contract, kind: spec.kind, ...change, source: spec.source };
  };

  if (!after) {
    return {
      contract,
      status: 'removed',
      findings: [
        toFinding({
          rule: Rule.contractRemoved,
          location: before!.file,
          message: `contract ${before!.file} was deleted`,
          before: before!.title,
        }),
      ],
    };
  }
  const { acks, refused } = readAcks(after.document);
  if (!before) {
    const changes = [
      { rule: Rule.contractAdded, location: after.file, message: `contract ${after.file} was added`, after: after.title },
      ...refused,
    ];
    return { contract, status: 'added', findings: sortFindings(changes.map(toFinding)) };
  }

  const scope = schemaScope(before.document, after.document);
  const changes: Change[] = [
    ...(await libraryChanges(before, after)),
    ...operationChanges(before, after, scope),
    ...webhookChanges(before, after, scope),
    ...securitySchemeChanges(before.document, after.document),
    ...vendorRuleChanges(before.document, after.document),
    ...serverChanges(before.document, after.document),
    ...versionChanges(before.document, after.document),
    ...documentationChanges(before.document, after.document),
    ...refused,
  ];
  // Filled by the operation and webhook comparers above.
  changes.push(...scope.out);
  const findings = applyAcks(dedupe(changes).map(toFinding), acks, before.document, toFinding);
  return { contract, status: 'compared', findings: sortFindings(findings) };
}

/** True when the gate must fail: a breaking finding that no acknowledgement covers. */
export const hasUnacknowledgedBreaking = (diffs: ContractDiff[]): boolean =>
  diffs.some((diff) => diff.findings.some((f) => f.kind === 'breaking' && !f.acknowledged));

function dedupe(changes: Change[]): Change[] {
  const seen = new Set<string>();
  return changes.filter((change) => {
    const key = canonical([change.rule, change.location, change.before, change.after]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortFindings(findings: ContractChange[]): ContractChange[] {
  const order = (f: ContractChange): number => (f.kind === 'breaking' ? (f.acknowledged ? 1 : 0) : 2);
  return [...findings].sort((a, b) => order(a) - order(b) || a.location.localeCompare(b.location) || a.rule.localeCompare(b.rule));
}
