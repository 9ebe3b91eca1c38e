import { isObject, join } from '../core/pointer.ts';
import { Rule, ruleSpec, RULES, UNACKNOWLEDGEABLE } from './rules.ts';
import type { Change, Document, ContractChange } from './types.ts';
import { sameJson } from './values.ts';

export const ACK_KEY = 'x-breaking-change-ack';

/** One valid `x-breaking-change-ack` entry. */
export interface Ack {
  rule: string;
  location: string;
  reason: string;
  /** JSON pointer of the entry in the contract. */
  pointer: string;
}

/**
 * Reads `x-breaking-change-ack: [{ rule, location, reason }]` from the root of a contract. An entry is refused
 * (and reported as a breaking `ack-invalid` finding that nothing can acknowledge) when its reason is empty,
 * its rule is unknown or not breaking, or it is a blanket (`rule: '*'` with a location of only `*`).
 */
export function readAcks(document: Document): { acks: Ack[]; refused: Change[] } {
  const raw = document[ACK_KEY];
  const root = join('#', ACK_KEY);
  if (raw === undefined) return { acks: [], refused: [] };
  if (!Array.isArray(raw)) {
    return { acks: [], refused: [refuse(root, `${ACK_KEY} must be a list of { rule, location, reason }`, raw)] };
  }
  const acks: Ack[] = [];
  const refused: Change[] = [];
  raw.forEach((entry, index) => {
    const pointer = join(root, index);
    const problem = problemOf(entry);
    if (problem) refused.push(refuse(pointer, problem, entry));
    else {
      const e = entry as Record<string, string>;
      acks.push({ rule: e.rule.trim(), location: e.location.trim(), reason: e.reason.trim(), pointer });
    }
  });
  return { acks, refused };
}

function problemOf(entry: unknown): string | undefined {
  if (!isObject(entry)) return 'an acknowledgement must be an object { rule, location, reason }';
  const { rule, location, reason } = entry;
  if (typeof reason !== 'string' || reason.trim() === '')
    return 'an acknowledgement needs a non-empty `reason`: say why clients can live with the change';
  if (typeof rule !== 'string' || rule.trim() === '')
    return "`rule` is missing: name the finding's rule (e.g. response-field-removed) or '*'";
  if (typeof location !== 'string' || location.trim() === '')
    return "`location` is missing: copy the finding's location, or a pattern with *";
  const id = rule.trim();
  if (id !== '*') {
    if (!RULES.some((r) => r.id === id)) return `unknown rule "${id}"`;
    if (ruleSpec(id).kind !== 'breaking') return `rule "${id}" is not breaking: there is nothing to acknowledge`;
    if (UNACKNOWLEDGEABLE.has(id)) return `rule "${id}" cannot be acknowledged`;
  }
  if (id === '*' && /^\**$/.test(location.trim()))
    return "rule '*' with location '*' would acknowledge every change: name a rule or a location";
  return undefined;
}

const refuse = (location: string, message: string, entry: unknown): Change => ({
  rule: Rule.ackInvalid,
  location,
  message: `acknowledgement refused: ${message}`,
  before: undefined,
  after: entry,
});

/** `*` matches any run of characters; everything else is literal. */
export function locationMatches(pattern: string, location: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(location);
}

const covers = (ack: Ack, finding: ContractChange): boolean =>
  finding.kind === 'breaking' &&
  !UNACKNOWLEDGEABLE.has(finding.rule) &&
  (ack.rule === '*' || ack.rule === finding.rule) &&
  locationMatches(ack.location, finding.location);

/**
 * Marks the breaking findings that an ack *introduced in this change* covers. An ack that the earlier version
 * already carried acknowledged an earlier change; honouring it again would let it silence every later change
 * at the same place, so it is ignored and the finding it would have covered says so. A new ack that covers
 * nothing is reported (`ack-unused`): its rule or location is probably mistyped.
 */
export function applyAcks(
  findings: ContractChange[],
  acks: Ack[],
  earlier: Document | undefined,
  toFinding: (change: Change) => ContractChange,
): ContractChange[] {
  const previous = earlier && Array.isArray(earlier[ACK_KEY]) ? (earlier[ACK_KEY] as unknown[]) : [];
  const carried = (ack: Ack): boolean =>
    previous.some(
      (entry) =>
        isObject(entry) &&
        sameJson(
          [String(entry.rule).trim(), String(entry.location).trim(), String(entry.reason).trim()],
          [ack.rule, ack.location, ack.reason],
        ),
    );
  const fresh = acks.filter((ack) => !carried(ack));
  const stale = acks.filter(carried);
  const used = new Set<Ack>();
  const result = findings.map((finding) => {
    const ack = fresh.find((candidate) => covers(candidate, finding));
    if (ack) {
      used.add(ack);
      return { ...finding, acknowledged: { reason: ack.reason, ack: ack.pointer } };
    }
    const old = stale.find((candidate) => covers(candidate, finding));
    return old
      ? {
          ...finding,
          message: `${finding.message} (the acknowledgement at ${old.pointer} was already in the earlier version, so it covers an earlier change: add a new one for this change)`,
        }
      : finding;
  });
  for (const ack of fresh) {
    if (!used.has(ack)) {
      result.push(
        toFinding({
          rule: Rule.ackUnused,
          location: ack.pointer,
          message: `acknowledgement of ${ack.rule} at "${ack.location}" matches no breaking finding`,
          after: { rule: ack.rule, location: ack.location },
        }),
      );
    }
  }
  return result;
}
