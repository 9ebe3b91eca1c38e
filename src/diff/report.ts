import type { GateRun } from './run.ts';
import type { ContractDiff, ContractChange } from './types.ts';
import { show } from './values.ts';

const USED_BY_SHOWN = 3;

function line(finding: ContractChange): string[] {
  const lines = [
    `    ${finding.rule}  ${finding.location}  ${show(finding.before)} → ${show(finding.after)}`,
    `        ${finding.message}`,
  ];
  if (finding.usedBy?.length) {
    const more = finding.usedBy.length - USED_BY_SHOWN;
    lines.push(`        used by: ${finding.usedBy.slice(0, USED_BY_SHOWN).join('; ')}${more > 0 ? ` (+${more} more)` : ''}`);
  }
  if (finding.acknowledged) lines.push(`        acknowledged (${finding.acknowledged.ack}): ${finding.acknowledged.reason}`);
  return lines;
}

export interface Counts {
  breaking: number;
  acknowledged: number;
  nonBreaking: number;
}

export function countFindings(findings: ContractChange[]): Counts {
  return {
    breaking: findings.filter((f) => f.kind === 'breaking' && !f.acknowledged).length,
    acknowledged: findings.filter((f) => f.acknowledged).length,
    nonBreaking: findings.filter((f) => f.kind === 'non-breaking').length,
  };
}

function section(diff: ContractDiff): string[] {
  const counts = countFindings(diff.findings);
  if (diff.findings.length === 0) return [`${diff.contract}: no changes`];
  const status = diff.status === 'compared' ? '' : ` (${diff.status})`;
  const lines = [
    `${diff.contract}${status}: ${counts.breaking} breaking, ${counts.acknowledged} acknowledged, ${counts.nonBreaking} non-breaking`,
  ];
  const groups: [string, ContractChange[]][] = [
    ['breaking', diff.findings.filter((f) => f.kind === 'breaking' && !f.acknowledged)],
    ['acknowledged', diff.findings.filter((f) => f.acknowledged)],
    ['non-breaking', diff.findings.filter((f) => f.kind === 'non-breaking')],
  ];
  for (const [title, findings] of groups) {
    if (findings.length) lines.push(`  ${title}:`, ...findings.flatMap(line));
  }
  return lines;
}

/** The text report: one section per contract (breaking, acknowledged, non-breaking), then the verdict. */
export function formatReport(run: GateRun): string {
  const total = countFindings(run.diffs.flatMap((d) => d.findings));
  const verdict =
    total.breaking > 0
      ? `FAIL: ${total.breaking} unacknowledged breaking change(s). Revert them, or acknowledge each in the contract's x-breaking-change-ack with a reason.`
      : 'PASS: no unacknowledged breaking change.';
  return [
    `contracts:diff: ${run.diffs.length} contract(s) compared with ${run.ref} (${run.commit.slice(0, 12)})`,
    '',
    ...run.diffs.flatMap((diff) => [...section(diff), '']),
    `${total.breaking} breaking, ${total.acknowledged} acknowledged, ${total.nonBreaking} non-breaking.`,
    verdict,
  ].join('\n');
}

/** The `--json` output: every finding, with absent before/after values as null. */
export function toJson(run: GateRun, exitCode: number): string {
  const findings = run.diffs.flatMap((d) => d.findings).map((f) => ({ ...f, before: f.before ?? null, after: f.after ?? null }));
  return JSON.stringify(
    {
      ref: run.ref,
      commit: run.commit,
      exitCode,
      summary: countFindings(findings),
      contracts: run.diffs.map((d) => ({ contract: d.contract, status: d.status })),
      findings,
    },
    null,
    2,
  );
}
