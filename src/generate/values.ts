import { sample } from 'openapi-sampler';
import type { JsonSchema, NamedExample } from '../contract/types.ts';

/**
 * A value for a parameter or body: the contract's own example first (named ones in order), then the schema's
 * `default`, `const` or first `enum`, then a value sampled from the schema. Examples are the vendor's words;
 * sampled values are only a fallback.
 */
export function valueFor(examples: NamedExample[], schema: JsonSchema | undefined, document: Record<string, unknown>, exampleName?: string): unknown {
  const chosen = exampleName ? examples.find((e) => e.name === exampleName) : examples[0];
  if (chosen) return chosen.value;
  if (schema && typeof schema === 'object') {
    if ('default' in schema) return schema.default;
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
    try {
      return sample(schema as never, { skipReadOnly: true, quiet: true } as never, document as never);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Renders a parameter value for a URL or header (OpenAPI `simple`/`form` style, comma-joined arrays). */
export function serialise(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(serialise).join(',');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k},${serialise(v)}`).join(',');
  return String(value);
}
