/**
 * The project names a run selected with `--project` (repeatable, `*` wildcards), read from the runner's
 * arguments: Playwright does not tell global setup which projects were selected, and mocks start only for those.
 */
export function selectedProjects(argv: string[], all: string[]): string[] {
  const patterns = selectionPatterns(argv);
  if (patterns.length === 0) return all;
  const matchers = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .trim()
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')}$`,
        'i',
      ),
  );
  return all.filter((name) => matchers.some((m) => m.test(name)));
}

/** The `--project` patterns of a command line, one per name (`--project=a,b` gives two). */
export function selectionPatterns(argv: string[]): string[] {
  const patterns: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--project=')) patterns.push(arg.slice('--project='.length));
    else if (arg === '--project' && argv[i + 1] !== undefined) patterns.push(argv[++i]);
  }
  return patterns
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
}

/** `sikka@reference` (the faithful reading) and `sikka@reference-alt` (the alternate one) run against reference sandboxes. */
export const isReferenceProject = (name: string): boolean => /@reference(-alt)?$/.test(name);
