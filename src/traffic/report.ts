/** Findings of recorded traffic as a console table, JUnit XML and Allure results, every credential redacted. */
import { failsGate, strictMode } from '../checks/findings.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Violation } from '../core/violation.ts';
import { describeExchange } from '../report/attach.ts';
import { formatDocSource, formatViolations } from '../report/format.ts';
import { redactUrl, scrubText } from '../report/redact.ts';
import { secretValues } from '../targets/secret-values.ts';
import { writeStandaloneResults } from '../report/allure-results.ts';
import { XMLBuilder } from 'fast-xml-parser';
import type { CheckedExchange, TrafficResult } from './check.ts';

export function summary(result: TrafficResult): { exchanges: number; failed: number; findings: number; byVendor: Record<string, number> } {
  const byVendor: Record<string, number> = {};
  for (const c of result.checked) byVendor[c.vendor ?? 'unknown'] = (byVendor[c.vendor ?? 'unknown'] ?? 0) + 1;
  const failed = result.checked.filter((c) => errors(c.violations).length > 0);
  return {
    exchanges: result.checked.length,
    failed: failed.length,
    findings: result.checked.reduce((n, c) => n + errors(c.violations).length, 0),
    byVendor,
  };
}

// What fails the traffic gate is what fails a test: vendor violations, and with STRICT=1 the contract's guesses too.
const errors = (violations: Violation[]): Violation[] => violations.filter((v) => failsGate(v, strictMode()));

const COLUMNS = [
  { title: '#', width: 5 },
  { title: 'vendor', width: 14 },
  { title: 'operation', width: 30 },
  { title: 'finding (check › rule)', width: 48 },
  { title: 'where', width: 22 },
  { title: 'received', width: 36 },
];

/** One row per finding, then each finding in full: received, documented and the vendor document's section. */
export function formatTable(result: TrafficResult, secrets: string[] = secretValues()): string {
  const { exchanges, failed, findings, byVendor } = summary(result);
  const vendors = Object.entries(byVendor)
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
  const head =
    `check:traffic: ${exchanges} exchange(s) checked${vendors ? ` (${vendors})` : ''}${result.skipped.length ? `, ${result.skipped.length} skipped` : ''}; ` +
    (findings === 0 ? 'no violations' : `${findings} violation(s) in ${failed} exchange(s)`);
  const rows: string[][] = [];
  const details: string[] = [];
  for (const c of result.checked) {
    for (const v of c.violations) {
      const [received, documented] = receivedDocumented(v);
      const where = v.path ?? (v.status !== undefined ? `status ${v.status}` : '');
      rows.push([String(c.index), c.vendor ?? '?', v.operation, `${v.check} › ${v.rule}`, where, received]);
      details.push(
        [
          `#${c.index} ${v.operation}: ${v.check} › ${v.rule}${where ? ` (${where})` : ''}${v.severity === 'warning' ? ' [warning]' : ''}`,
          `   Received:   ${received}`,
          `   Documented: ${documented}`,
          `   Source:     ${formatDocSource(v.docSource)}`,
        ].join('\n'),
      );
    }
  }
  const lines = [head];
  if (rows.length > 0) {
    const cell = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
    lines.push(
      '',
      COLUMNS.map((c) => cell(c.title, c.width))
        .join(' ')
        .trimEnd(),
    );
    for (const row of rows)
      lines.push(
        row
          .map((text, i) => cell(text.replace(/\s+/g, ' '), COLUMNS[i].width))
          .join(' ')
          .trimEnd(),
      );
    lines.push('', ...details);
  }
  for (const s of result.skipped) lines.push(`  skipped #${s.index} ${redactUrl(s.url, secrets)}: ${s.reason}`);
  return scrubText(lines.join('\n'), secrets);
}

/** The `Received:` and `Documented:` lines of a finding's message, else its raw values. */
function receivedDocumented(v: Violation): [string, string] {
  const line = (label: string) =>
    v.message
      .split('\n')
      .find((l) => l.startsWith(`${label}: `))
      ?.slice(label.length + 2);
  const text = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));
  return [line('Received') ?? text(v.received) ?? v.message, line('Documented') ?? text(v.documented)];
}

// XML 1.0 cannot carry these characters at all, escaped or not; a vendor's answer may hold them.
const xmlText = (text: string): string => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

/** The XML writer: it escapes attribute values and text, so no value a vendor sent can break the document. */
const JUNIT = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, indentBy: '  ' });

const titleOf = (c: CheckedExchange, secrets: string[]): string =>
  `#${c.index} ${c.exchange.request.method} ${redactUrl(c.exchange.request.url, secrets)} → ${c.exchange.response.status}`;

/** JUnit XML: one suite per vendor, one test case per exchange, a failure listing its findings. */
export function junitXml(result: TrafficResult, secrets: string[] = secretValues()): string {
  const byVendor = new Map<string, CheckedExchange[]>();
  for (const c of result.checked) byVendor.set(c.vendor ?? 'unknown', [...(byVendor.get(c.vendor ?? 'unknown') ?? []), c]);
  const { exchanges, failed } = summary(result);
  const testsuite = [...byVendor.entries()].map(([vendor, cases]) => ({
    '@name': xmlText(`traffic › ${vendor}`),
    '@tests': cases.length,
    '@failures': cases.filter((c) => errors(c.violations).length > 0).length,
    '@errors': 0,
    '@skipped': 0,
    testcase: cases.map((c) => {
      const found = errors(c.violations);
      return {
        '@classname': xmlText(`traffic.${vendor}.${c.operation}`),
        '@name': xmlText(titleOf(c, secrets)),
        '@time': 0,
        ...(found.length > 0 && {
          failure: {
            '@message': xmlText(scrubText(found.map((v) => `${v.check} › ${v.rule}`).join('; '), secrets)),
            '@type': 'contract-violation',
            '#text': xmlText(scrubText(formatViolations(found), secrets)),
          },
        }),
      };
    }),
  }));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${JUNIT.build({
    testsuites: { '@name': 'check:traffic', '@tests': exchanges, '@failures': failed, '@errors': 0, testsuite },
  })}`;
}

/** Allure result files (one per exchange, the redacted exchange attached) in `dir`, which Allure 3 reads as is. */
export function writeAllureResults(result: TrafficResult, dir: string, secrets: string[] = secretValues()): void {
  writeStandaloneResults(
    dir,
    result.checked.map((c) => {
      const found = errors(c.violations);
      return {
        name: scrubText(titleOf(c, secrets), secrets),
        fullName: `traffic › ${c.vendor ?? 'unknown'} › ${c.operation} › #${c.index}`,
        testCaseKey: `traffic ${c.vendor} ${c.operation}`,
        failed: found.length > 0,
        statusDetails:
          found.length > 0
            ? {
                message: scrubText(found.map((v) => `${v.check} › ${v.rule}`).join('; '), secrets),
                trace: scrubText(formatViolations(found), secrets),
              }
            : {},
        labels: [
          { name: 'parentSuite', value: 'traffic' },
          { name: 'suite', value: c.vendor ?? 'unknown' },
          { name: 'subSuite', value: c.operation },
          { name: 'feature', value: c.operation },
          { name: 'tag', value: 'traffic' },
          ...(c.vendor ? [{ name: 'vendor', value: c.vendor }] : []),
          ...[...new Set(found.map((v) => v.check))].map((check) => ({ name: 'check', value: check })),
        ],
        parameters: [{ name: 'entry', value: String(c.index) }],
        attachments: [{ name: 'exchange', contentType: 'text/plain', fileExtension: 'txt', body: describeExchange(c.exchange) }],
      };
    }),
  );
}

export function writeJunit(result: TrafficResult, file: string, secrets: string[] = secretValues()): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, junitXml(result, secrets));
}
