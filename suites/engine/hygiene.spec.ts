/**
 * Rules for the test files themselves: a worker runs the tests of many spec files one after another in one process,
 * so whatever a spec file changes at module load (an environment variable such as FC_SEED) holds for every later
 * test of the worker, whichever file it is in.
 */
import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../../src/targets/paths.ts';
import { documented } from '../../fixtures/documented.ts';

function specFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? specFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

/** `process.env.X = …` (or `??=`, `Object.assign(process.env, …)`, `delete process.env.X`) run when the module loads. */
export function moduleLoadEnvWrites(source: string, file = 'spec.ts'): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const touchesEnv = (node: ts.Node): boolean => /^process\.env\b/.test(node.getText(sf));
  const isDescribeBody = (node: ts.Node): boolean =>
    ts.isCallExpression(node.parent) &&
    node.parent.arguments.includes(node as ts.Expression) &&
    /^(test\.)?describe(\.\w+)*$/.test(node.parent.expression.getText(sf));
  const visit = (node: ts.Node): void => {
    // Code inside a function runs when the function is called (a test, a hook), not at load; a describe block's
    // body is the exception: Playwright calls it while it loads the file.
    if (ts.isFunctionLike(node) && !isDescribeBody(node)) return;
    if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind) && touchesEnv(node.left)) found.push(node.getText(sf));
    if (ts.isDeleteExpression(node) && touchesEnv(node.expression)) found.push(node.getText(sf));
    if (ts.isCallExpression(node) && node.expression.getText(sf) === 'Object.assign' && node.arguments[0] && touchesEnv(node.arguments[0]))
      found.push(node.getText(sf));
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

test('the module-load scan finds environment writes at load and leaves those inside functions alone', () => {
  expect(
    moduleLoadEnvWrites(
      [
        "process.env.FC_SEED ??= '1';",
        "if (x) process.env.A = 'b';",
        'Object.assign(process.env, { A: 1 });',
        'delete process.env.B;',
        "test('t', () => { process.env.C = 'd'; });",
        "test.describe('d', () => { process.env.F = 'g'; test('t', () => { process.env.H = 'i'; }); });",
        "function f() { process.env.D = 'e'; }",
        'const e = process.env.E;',
      ].join('\n'),
    ),
  ).toEqual([
    "process.env.FC_SEED ??= '1'",
    "process.env.A = 'b'",
    'Object.assign(process.env, { A: 1 })',
    'delete process.env.B',
    "process.env.F = 'g'",
  ]);
});

test('no spec or suite helper changes the environment when it loads (it would hold for the later tests of the worker)', () => {
  const files = [...specFiles(join(ROOT, 'suites')), ...specFiles(join(ROOT, 'fixtures'))];
  expect(files.length).toBeGreaterThan(50);
  const writes = files.flatMap((file) => moduleLoadEnvWrites(readFileSync(file, 'utf8'), file).map((w) => `${relative(ROOT, file)}: ${w}`));
  expect(writes).toEqual([]);
});

test('a suite generating its tests from an empty list of contract data fails with SUITE_DATA_MISSING instead of generating none', () => {
  expect(() => documented([], 'the example payloads of X')).toThrow(
    /^SUITE_DATA_MISSING: the example payloads of X is empty, so the suite would generate no test from it$/,
  );
  expect(documented([1, 2], 'numbers')).toEqual([1, 2]);
});
