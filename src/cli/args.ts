import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Prints one line with a stable code, then the usage, and exits 2. Never a stack trace. */
export type Fail = (message: string, code?: string) => never;

export function usageFailure(usage: string, usageCode: string): Fail {
  return (message, code = usageCode) => {
    process.stderr.write(`${/^[A-Z_]+: /.test(message) ? message : `${code}: ${message}`}\n${usage}\n`);
    process.exit(2);
  };
}

/** The shared start of the project's command-line tools: options parsed strictly, `--help` printing the usage. */
export function commandLine<O extends NonNullable<ParseArgsConfig['options']>>(usage: string, fail: Fail, options: O) {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    return fail((error as Error).message);
  }
  if ((parsed.values as Record<string, unknown>).help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}
