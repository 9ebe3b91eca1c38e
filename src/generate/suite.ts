import * as allure from 'allure-js-commons';
import { test, expect } from '../../fixtures/index.ts';
import { contractFor } from '../contract/cache.ts';
import { vendorOf } from '../contract/load.ts';
import type { Contract } from '../contract/types.ts';
import { targetMode } from '../targets/env.ts';
import { sandboxProfile } from '../targets/sandbox.ts';
import type { TargetKind } from '../targets/target.ts';
import { formatDocSource } from '../report/format.ts';
import { coverageAnnotations } from '../report/coverage.ts';
import { followsConventions } from '../contract/conventions.ts';
import { exampleSchemaConformance } from '../checks/examples.ts';
import { casesFor } from './cases.ts';
import { defineGenerativeTests } from './phases/suite.ts';

/**
 * Registers the generated conformance tests for one contract: vendor › operation › one test per documented
 * response (and example), per required parameter left out, and for missing credentials.
 * A contract that cannot be loaded becomes one failing test that names the file and pointer; other vendors run on.
 */
export async function defineContractSuite(file: string, options: { target?: TargetKind; reference?: boolean } = {}): Promise<void> {
  const vendor = vendorOf(file);
  let contract: Contract;
  try {
    contract = await contractFor(file);
  } catch (error) {
    test(`${vendor} › contract loads`, () => {
      throw new Error((error as Error).message);
    });
    return;
  }
  const target = options.target ?? targetMode();
  const writes = process.env.SANDBOX_WRITES === '1';

  test.describe(vendor, () => {
    // The reference-sandbox run shares its contract with the mock run, which lints it already.
    if (!options.reference) test.describe('contract', () => {
      test('passes lint (Spectral OAS ruleset and the project conventions)', async () => {
        await allure.epic(vendor);
        await allure.label('vendor', vendor);
        await allure.label('check', 'lint');
        // Spectral is loaded here, in the one worker that lints, not by every worker that imports the suite.
        const { formatFinding, lintContract } = await import('../contract/lint.ts');
        const conventions = followsConventions(contract.document);
        const findings = await lintContract(file, { conventions });
        const warnings = findings.filter((f) => f.severity === 'warning');
        if (warnings.length > 0) {
          await test.info().attach('lint warnings', { body: warnings.map(formatFinding).join('\n'), contentType: 'text/plain' });
        }
        if (!conventions) test.info().annotations.push({ type: 'lint', description: 'drop-in document: OAS ruleset only, its errors reported as warnings' });
        const errors = conventions ? findings.filter((f) => f.severity === 'error') : [];
        if (!conventions) {
          const reported = findings.filter((f) => f.severity === 'error');
          if (reported.length > 0) await test.info().attach('lint errors (drop-in, not gating)', { body: reported.map(formatFinding).join('\n'), contentType: 'text/plain' });
        }
        expect(errors.map(formatFinding), `${errors.length} lint error(s)`).toEqual([]);
      });
      test('every example validates against its schema', async ({ validators }) => {
        expect({ violations: exampleSchemaConformance(contract, validators) }).toConform();
      });
    });
    if (contract.operations.length === 0) {
      test('operations', () => test.skip(true, `${contract.file} documents no operations; there is nothing to call`));
    }
    if (target === 'sandbox' && contract.operations.length > 0) {
      // Global setup bootstraps once per run; this test makes its outcome visible (and part of the smoke subset).
      test('credential bootstrap hands the run a credential @smoke', async ({ liveTarget }) => {
        const session = await liveTarget.session();
        const credentials = Object.keys(session.schemes).length + Object.keys(session.values).length;
        const profile = sandboxProfile(vendor);
        test.skip(credentials === 0 && !profile.required.some((n) => /KEY|TOKEN|SECRET/.test(n)),
          `no credential given; set one of ${(profile.optional ?? []).join(', ')}`);
        expect(credentials, 'credentials obtained by the bootstrap').toBeGreaterThan(0);
      });
    }
    for (const problem of contract.problems) {
      test(`unreadable ${problem.pointer}`, () => test.skip(true, problem.message));
    }
    for (const operation of contract.operations) {
      test.describe(operation.key, () => {
        const cases = casesFor(operation, target, { writes });
        for (const testCase of cases) {
          const title = [testCase.title, ...testCase.tags].join(' ');
          const docSource = testCase.docSource ?? operation.docSource;
          // `coverage` names the documented operation × status cell(s) the case exercises (src/report/coverage.ts).
          const annotation = [{ type: 'x-doc-source', description: formatDocSource(docSource) }, ...coverageAnnotations(operation, testCase, cases)];
          if (testCase.skipReason) {
            test(title, { annotation }, () => test.skip(true, testCase.skipReason));
            continue;
          }
          test(title, { annotation }, async ({ conformance }) => {
            // One message for all labels: each Allure call is a round trip from the worker to the reporter.
            await allure.labels(
              { name: 'epic', value: vendor }, { name: 'feature', value: operation.key }, { name: 'vendor', value: vendor },
              { name: 'operationId', value: operation.id }, { name: 'check', value: testCase.kind },
            );
            if (docSource?.url) await allure.link(docSource.url, formatDocSource(docSource), 'doc');
            const result = await conformance.exercise(operation, testCase);
            expect(result).toConform();
          });
        }
        if (process.env.GEN_PHASES !== 'off') defineGenerativeTests(contract, vendor, operation, target, writes);
      });
    }
  });
}
