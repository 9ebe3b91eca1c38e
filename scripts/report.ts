/**
 * `npm run report`: builds the Allure report of the latest run into `reports/allure-report/`. The folder is
 * emptied first: over an earlier report, Allure writes the new one into a subfolder and the `index.html` a user
 * opens would keep showing the old run. History (the trend) lives in its own file and is kept.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPORTS_DIR, ROOT } from '../src/targets/paths.ts';

const results = join(REPORTS_DIR, 'allure-results');
const output = join(REPORTS_DIR, 'allure-report');
if (!existsSync(results)) {
  console.error(`REPORT_NO_RESULTS: no Allure results in ${results}; run \`npm test\` first`);
  process.exit(2);
}
rmSync(output, { recursive: true, force: true });
const cli = join(ROOT, 'node_modules', 'allure', 'cli.js');
const built = spawnSync(process.execPath, [cli, 'generate', results, '-o', output, ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);
// Browsers refuse the report's data files from file:// URLs, so it has to be served.
console.log(`report: ${join(output, 'index.html')} shows the latest run; serve it with \`npm run report:open\``);
