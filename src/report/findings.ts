import type { FindingKind } from '../core/violation.ts';
import { FINDING_TITLES } from '../checks/findings.ts';

/** Annotation types the fixtures write and the findings reporter reads. */
export const FINDING_ANNOTATION = 'finding';
export const ANSWER_ANNOTATION = 'answer';

/** One answered request, as `answer` annotations carry it: `<status> <valid|invalid>`. */
export interface AnswerNote {
  status: number;
  validRequest: boolean;
}

export const formatAnswerNote = (note: AnswerNote): string => `${note.status} ${note.validRequest ? 'valid' : 'invalid'}`;

export function parseAnswerNote(text: string | undefined): AnswerNote | undefined {
  const match = /^(\d{3}) (valid|invalid)$/.exec(text ?? '');
  return match ? { status: Number(match[1]), validRequest: match[2] === 'valid' } : undefined;
}

/** `assumption › GET /x › check › rule (404)`: the kind is the first token. */
export function parseFindingNote(text: string | undefined): { kind: FindingKind; detail: string } | undefined {
  const match = /^(assumption|document-gap|document-defect|inconclusive|mock-limitation) › (.+)$/.exec(text ?? '');
  return match ? { kind: match[1] as FindingKind, detail: match[2] } : undefined;
}

export interface ProjectAnswers {
  project: string;
  answers: AnswerNote[];
}

/**
 * Run-level hints in the manner of Schemathesis' warnings: a run whose valid requests mostly get 401/403 probably
 * lacks credentials, mostly 404 lacks test data, and many other 4xx on valid data means the vendor validates more
 * than its document says. Needs at least `minimum` valid requests to say anything.
 */
export function answerWarnings(projects: ProjectAnswers[], minimum = 5): string[] {
  const warnings: string[] = [];
  for (const { project, answers } of projects) {
    const valid = answers.filter((a) => a.validRequest);
    if (valid.length < minimum) continue;
    const share = (pick: (s: number) => boolean) => valid.filter((a) => pick(a.status)).length;
    const auth = share((s) => s === 401 || s === 403);
    const missing = share((s) => s === 404);
    const refused = share((s) => s >= 400 && s < 500 && s !== 401 && s !== 403 && s !== 404);
    const of = `of ${valid.length} valid requests`;
    if (auth * 2 > valid.length) warnings.push(`${project}: ${auth} ${of} answered 401/403: credentials missing or wrong?`);
    if (missing * 2 > valid.length) warnings.push(`${project}: ${missing} ${of} answered 404: no test data?`);
    if (refused * 5 > valid.length)
      warnings.push(`${project}: ${refused} ${of} refused with another 4xx: the vendor validates more than its document says`);
  }
  return warnings;
}

/** The console block: one line per finding kind with its count and the first few places, then the warnings. */
export function formatFindingsSummary(counts: Map<FindingKind, string[]>, warnings: string[], strict: boolean): string {
  const lines: string[] = [];
  for (const [kind, details] of counts) {
    if (details.length === 0) continue;
    const shown = details
      .slice(0, 3)
      .map((d) => `\n    ${d}`)
      .join('');
    const more = details.length > 3 ? `\n    … and ${details.length - 3} more (reports/findings.json)` : '';
    lines.push(
      `  ${FINDING_TITLES[kind]}: ${details.length}${kind === 'inconclusive' || kind === 'mock-limitation' || strict ? '' : ' (not failing; STRICT=1 fails them)'}${shown}${more}`,
    );
  }
  for (const warning of warnings) lines.push(`  warning: ${warning}`);
  return lines.length === 0 ? '' : `\nFindings that are not vendor violations:\n${lines.join('\n')}`;
}
