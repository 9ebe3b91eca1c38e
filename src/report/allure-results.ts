/**
 * Allure result files written outside a Playwright run (recorded traffic, API coverage), through allure-js-commons'
 * own reporter runtime and file writer: the result and attachment files are the ones the Allure reporters write.
 */
import { createHash } from 'node:crypto';
import { ReporterRuntime, FileSystemWriter } from 'allure-js-commons/sdk/reporter';
import { Stage, Status, type Label, type Parameter, type StatusDetails } from 'allure-js-commons';

export interface StandaloneResult {
  readonly name: string;
  /** Unique per result; its hash is the result's history id. */
  readonly fullName: string;
  /** What makes two results the same test case across runs (defaults to `fullName`). */
  readonly testCaseKey?: string;
  readonly failed: boolean;
  readonly statusDetails?: StatusDetails;
  /** Markdown shown as the result's description. */
  readonly description?: string;
  readonly labels: readonly Label[];
  readonly parameters?: readonly Parameter[];
  readonly attachments: readonly { name: string; contentType: string; fileExtension: string; body: string }[];
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** Writes each result, with its attachments, to `dir` (created if missing). */
export function writeStandaloneResults(dir: string, results: readonly StandaloneResult[]): void {
  const runtime = new ReporterRuntime({ writer: new FileSystemWriter({ resultsDir: dir }) });
  const now = Date.now();
  for (const result of results) {
    const uuid = runtime.startTest({
      name: result.name,
      fullName: result.fullName,
      historyId: md5(result.fullName),
      testCaseId: md5(result.testCaseKey ?? result.fullName),
      status: result.failed ? Status.FAILED : Status.PASSED,
      statusDetails: result.statusDetails ?? {},
      stage: Stage.FINISHED,
      ...(result.description !== undefined && { description: result.description }),
      start: now,
      labels: [...result.labels],
      parameters: [...(result.parameters ?? [])],
    });
    for (const a of result.attachments)
      runtime.writeAttachment(uuid, undefined, a.name, Buffer.from(a.body), { contentType: a.contentType, fileExtension: a.fileExtension });
    runtime.stopTest(uuid, { stop: now });
    runtime.writeTest(uuid);
  }
}
