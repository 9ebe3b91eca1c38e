/** The traffic report's files come from writers of their format: JUnit XML that parses whatever a vendor sent, Allure results Allure reads. */
import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { TrafficResult } from '../../../src/traffic/check.ts';
import { junitXml, writeAllureResults } from '../../../src/traffic/report.ts';

const hostile = 'Received: "<a & b>"\u0001\u0007 ]]> \'quoted\'';
const result: TrafficResult = {
  checked: [
    {
      index: 1,
      vendor: 'acme',
      operation: 'GET /x?<&>',
      exchange: {
        request: { method: 'GET', url: 'http://127.0.0.1/x?<&>', headers: {} },
        response: { status: 500, headers: {}, text: hostile },
      },
      violations: [
        { check: 'statusCodeConformance', operation: 'GET /x', rule: 'undocumented-status', message: hostile, severity: 'error' },
      ],
    },
    {
      index: 2,
      vendor: 'acme',
      operation: 'GET /y',
      exchange: { request: { method: 'GET', url: 'http://127.0.0.1/y', headers: {} }, response: { status: 200, headers: {}, text: '' } },
      violations: [],
    },
  ],
  skipped: [],
};

test('JUnit XML stays well-formed with markup, quotes and control characters in what a vendor sent', () => {
  const xml = junitXml(result, []);
  expect(XMLValidator.validate(xml)).toBe(true);
  // XML 1.0 allows no C0 control character but tab, newline and carriage return, not even escaped.
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
  expect(parsed.testsuites).toMatchObject({ name: 'check:traffic', tests: '2', failures: '1' });
  const cases = parsed.testsuites.testsuite.testcase;
  expect(cases).toHaveLength(2);
  expect(cases[0].classname).toBe('traffic.acme.GET /x?<&>');
  expect(cases[0].failure['#text']).toContain('Received: "<a & b>"');
});

test('Allure results: one result per exchange, failed or passed, the exchange attached', ({}, testInfo) => {
  const dir = testInfo.outputPath('allure-results');
  writeAllureResults(result, dir, []);
  const files = readdirSync(dir);
  const results = files.filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  expect(results.map((r) => r.status).sort()).toEqual(['failed', 'passed']);
  for (const r of results) {
    expect(r.stage).toBe('finished');
    expect(r.labels).toContainEqual({ name: 'suite', value: 'acme' });
    expect(r.attachments).toHaveLength(1);
    expect(files).toContain(r.attachments[0].source);
  }
});
