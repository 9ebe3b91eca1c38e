import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { cachedByText } from './cache.ts';
import { escapeToken } from '../core/pointer.ts';

/**
 * Spectral and its rulesets take about a second to import; loaded on first lint, so that a worker process
 * (started again after every failed test) that runs no lint test does not pay for them.
 */
async function spectralModules() {
  const [core, parsers, rulesets] = await Promise.all([
    import('@stoplight/spectral-core'),
    import('@stoplight/spectral-parsers'),
    import('@stoplight/spectral-rulesets'),
  ]);
  // Playwright's loader hands these CommonJS packages over as `default`; plain Node ESM (tsx scripts) by name.
  const spectralCore = (core as unknown as { default?: typeof core }).default ?? core;
  const spectralParsers = (parsers as unknown as { default?: typeof parsers }).default ?? parsers;
  return { Spectral: spectralCore.Spectral, Document: spectralCore.Document, spectralParsers, oas: rulesets.oas };
}

export interface LintFinding {
  file: string;
  /** JSON pointer of the offending node. */
  pointer: string;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

const OPERATION = '$.paths[*][get,put,post,delete,options,head,patch,trace]';
const WEBHOOK = '$.webhooks[*][get,put,post,delete,options,head,patch,trace]';
const SEVERITY = ['error', 'warning', 'warning', 'warning'] as const;

/**
 * The project's own rules, on top of Spectral's OAS ruleset. They hold contracts written for this suite to the
 * conventions in docs/contract-conventions.md; drop-in third-party documents get the OAS ruleset only.
 */
const conventionRules = {
  'operation-operationId': 'error',
  'conformance-doc-source': {
    description: 'Operations, responses, webhooks and vendor rules cite the vendor document (x-doc-source).',
    severity: 'error',
    given: [OPERATION, `${OPERATION}.responses[*]`, WEBHOOK, `${WEBHOOK}.responses[*]`, '$.x-vendor-rules[*]'],
    then: { function: citesSource },
  },
  'conformance-response-schema': {
    description: 'Every documented response body has a schema.',
    severity: 'error',
    given: [`${OPERATION}.responses[*].content[*]`, `${WEBHOOK}.responses[*].content[*]`],
    then: { function: hasSchema },
  },
  'conformance-response-example': {
    description: 'Every documented response body has an example (validated by oas3-valid-media-example).',
    severity: 'error',
    given: [`${OPERATION}.responses[*].content[*]`],
    then: { function: hasExample },
  },
  'conformance-error-shape': {
    description: 'Every 4xx/5xx response names its error shape with a $ref to a component.',
    severity: 'error',
    resolved: false,
    given: `${OPERATION}.responses[?(@property >= '400' && @property < '600')]`,
    then: { function: namesErrorShape },
  },
} as const;

/** A node, or each entry of a list-valued vendor rule, carries `x-doc-source`. */
function citesSource(
  node: unknown,
  _options: unknown,
  context: { path: (string | number)[] },
): { message: string; path?: (string | number)[] }[] {
  const uncited = (value: unknown) => !value || typeof value !== 'object' || !(value as Record<string, unknown>)['x-doc-source'];
  if (Array.isArray(node)) {
    return node.flatMap((entry, index) =>
      uncited(entry) ? [{ message: `entry ${index} has no x-doc-source`, path: [...context.path, index] }] : [],
    );
  }
  return uncited(node) ? [{ message: 'no x-doc-source: cite the vendor document and section' }] : [];
}

function hasSchema(media: unknown): { message: string }[] {
  return (media as Record<string, unknown> | null)?.schema ? [] : [{ message: 'response body has no schema' }];
}

function hasExample(media: unknown): { message: string }[] {
  const m = (media ?? {}) as Record<string, unknown>;
  const schema = (m.schema ?? {}) as Record<string, unknown>;
  const found =
    m.example !== undefined ||
    (m.examples && Object.keys(m.examples).length > 0) ||
    schema.example !== undefined ||
    (Array.isArray(schema.examples) && schema.examples.length > 0);
  return found ? [] : [{ message: 'response body has no example' }];
}

function namesErrorShape(response: unknown): { message: string }[] {
  const r = (response ?? {}) as Record<string, unknown>;
  if (typeof r.$ref === 'string') return [];
  const content = (r.content ?? {}) as Record<string, Record<string, unknown>>;
  const unnamed = Object.entries(content).filter(
    ([, media]) => typeof (media?.schema as { $ref?: unknown } | undefined)?.$ref !== 'string',
  );
  return unnamed.map(([type]) => ({ message: `error response ${type} schema is inline; $ref a named error shape from components` }));
}

export { followsConventions } from './conventions.ts';

/**
 * Lints a contract with Spectral: the OAS ruleset, plus the project's rules for suite contracts.
 * Findings carry file, pointer and rule so a failure points at the line to fix.
 */
export async function lintContract(file: string, options: { conventions: boolean }): Promise<LintFinding[]> {
  const text = await readFile(file, 'utf8');
  // The same text lints the same: kept on disk, so that a run over unchanged contracts neither imports Spectral
  // nor lints again (about 5 s of one worker for sikka.yaml on a loaded machine).
  const kind = `lint-${options.conventions ? 'suite' : 'dropin'}-${file.endsWith('.json') ? 'json' : 'yaml'}`;
  const findings = await cachedByText(kind, text, async () => {
    const { Spectral, Document, spectralParsers, oas } = await spectralModules();
    const spectral = new Spectral();
    spectral.setRuleset({
      extends: [[oas as never, 'recommended']],
      rules: options.conventions ? (conventionRules as never) : {},
    } as never);
    const parser = file.endsWith('.json') ? spectralParsers.Json : spectralParsers.Yaml;
    const results = await spectral.run(new Document(text, parser as never, file));
    return results.map((r) => ({
      pointer: `#/${r.path.map((t) => escapeToken(String(t))).join('/')}`,
      rule: String(r.code),
      severity: SEVERITY[r.severity] ?? 'warning',
      message: r.message,
    }));
  });
  const shown = relative(process.cwd(), file) || file;
  return findings.map((finding) => ({ file: shown, ...finding }));
}

export const formatFinding = (f: LintFinding): string => `${f.file}${f.pointer} [${f.rule}] ${f.message}`;
