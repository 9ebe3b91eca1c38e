// Allure 3 configuration, read by `allure generate` / `allure quality-gate` (package `allure`, no Java).
// The schema is `Config` in @allurereport/plugin-api (dist/config.d.ts); allure rejects unknown fields.

// allure 3.18's quality gate calls Iterator.prototype.toArray (@allurereport/core dist/qualityGate/qualityGate.js),
// which Node has only from 22; on Node 20 `allure quality-gate` crashes with "toArray is not a function".
const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
if (typeof iteratorPrototype.toArray !== 'function') {
  Object.defineProperty(iteratorPrototype, 'toArray', {
    value() {
      return [...this];
    },
    writable: true,
    configurable: true,
  });
}

/**
 * A failure's category answers "whose fault is it": the contract's, the vendor's, the sandbox's or the engine's.
 * Allure 3 takes the first rule that matches (`matchers` from @allurereport/core-api `categories.d.ts`), so the
 * order matters: codes that say "the run could not judge" come before the violations they may sit beside.
 * The messages are the runner's: Playwright prefixes a thrown error with `Error: `.
 */
export const categories = [
  {
    // SandboxRateLimitedError (src/targets/errors.ts): a 429 whose Retry-After exceeds the run's patience, or that
    // persisted. The vendor's rate limit, not an outage and not a contract failure.
    id: 'sandbox-rate-limited',
    name: 'sandbox rate limited',
    matchers: [{ message: /\bSANDBOX_RATE_LIMITED: / }],
    expand: true,
  },
  {
    // ResponseTooLargeError (src/targets/errors.ts): an answer beyond MAX_RESPONSE_BYTES; reading stopped there.
    id: 'response-too-large',
    name: 'response too large',
    matchers: [{ message: /\bRESPONSE_TOO_LARGE: / }],
    expand: true,
  },
  {
    // SandboxUnavailableError (src/targets/transport.ts) and BootstrapError (src/targets/sandbox.ts):
    // the target could not be reached, kept answering 502/503/504, or would not hand out a session.
    id: 'sandbox-unavailable',
    name: 'sandbox unavailable',
    matchers: [{ message: /\bSANDBOX_(UNAVAILABLE|BOOTSTRAP): / }],
    expand: true,
  },
  {
    // The tool, not the vendor: ContractError codes (src/contract/errors.ts), ENGINE_* (fixtures), misuse of the
    // reference sandboxes (fixtures/sandboxes), and a check that crashed (rule `engine-error`, src/checks/index.ts).
    id: 'engine-error',
    name: 'engine error',
    matchers: [{ message: /\b(ENGINE|CONTRACT)_[A-Z_]+: |\bSANDBOX_UNKNOWN_(VENDOR|FAULT): | › engine-error\]/ }],
    expand: true,
  },
  {
    // `toConform` (fixtures/matchers.ts) opens with VENDOR_ERROR when a live target answered an unexpected or
    // undocumented status, or any 5xx: the vendor misbehaved, whatever else the answer got wrong.
    id: 'vendor-error',
    name: 'vendor error',
    matchers: [{ message: /\bVENDOR_ERROR: / }],
    groupBy: [{ label: 'parentSuite' }],
    expand: true,
  },
  {
    // `toConform`: "N contract violation(s):" then one "[check › rule] operation, status, at path" block each.
    // Grouped by Playwright project (the vendor; `vendor@reference` for a reference sandbox), which every test has.
    id: 'contract-violation',
    name: 'contract violation',
    matchers: [{ statuses: ['failed', 'broken'], message: /^(Error: )?\d+ contract violations?:/m }],
    groupBy: [{ label: 'parentSuite' }],
    expand: true,
  },
  // Findings that are nobody's fault in particular (src/checks/types.ts `FindingKind`). `toConform` labels a test
  // `finding=<kind>` for each; the test passes unless STRICT=1 (then its message opens with `STRICT:`). A test
  // that also failed for a vendor violation stays in the categories above.
  {
    id: 'contract-assumption',
    name: 'contract assumption contradicted: update the contract?',
    matchers: [{ labels: { finding: /^assumption$/ } }],
    groupBy: [{ label: 'parentSuite' }],
    expand: true,
  },
  {
    id: 'document-gap',
    name: 'document gap',
    matchers: [{ labels: { finding: /^document-gap$/ } }],
    groupBy: [{ label: 'parentSuite' }],
  },
  {
    id: 'document-defect',
    name: 'document defect',
    matchers: [{ labels: { finding: /^document-defect$/ } }],
    groupBy: [{ label: 'parentSuite' }],
  },
  {
    id: 'inconclusive',
    name: 'inconclusive (credentials or test data missing?)',
    matchers: [{ labels: { finding: /^inconclusive$/ } }],
    groupBy: [{ label: 'parentSuite' }],
  },
  {
    id: 'mock-limitation',
    name: 'mock limitation: the mock cannot judge this (run against a live target)',
    matchers: [{ labels: { finding: /^mock-limitation$/ } }],
    groupBy: [{ label: 'parentSuite' }],
  },
  // Anything else falls into Allure's own "Product errors" (failed) and "Test errors" (broken).
];

export default {
  name: 'Vendor API conformance',
  output: 'reports/allure-report',
  // JSONL, one line per report; CI caches this file between runs to draw the trend.
  historyPath: process.env.ALLURE_HISTORY_PATH || 'reports/history.jsonl',
  historyLimit: 30,
  plugins: {
    awesome: {
      options: {
        reportName: 'Vendor API conformance',
        singleFile: false,
        // vendor (the Playwright project) › operation, as the generated suites are laid out.
        groupBy: ['parentSuite', 'subSuite'],
      },
    },
  },
  categories,
  // `allure quality-gate reports/allure-results` exits 1 when a rule fails.
  qualityGate: {
    rules: [{ id: 'conformance', maxFailures: Number(process.env.ALLURE_MAX_FAILURES ?? 0), minTestsCount: 1 }],
  },
};
