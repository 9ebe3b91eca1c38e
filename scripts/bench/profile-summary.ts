/**
 * Where the time of a V8 CPU profile goes (`node --cpu-prof`): self time summed by function and by module
 * (a package under node_modules, a folder of this project, or Node's internals), top entries first.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof node_modules/@playwright/test/cli.js test --project=sikka
 *   node --import tsx scripts/bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function moduleOf(url: string): string {
  if (!url) return '(native/idle)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const local = url.match(/\/(src|fixtures|suites|scripts)\/([^/]+)/);
  return local ? `${local[1]}/${local[2]}` : url.replace(/^file:\/\//, '');
}

export function summarise(profile: Profile): { totalMs: number; byModule: [string, number][]; byFunction: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const modules = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += ms;
    const mod = moduleOf(url);
    modules.set(mod, (modules.get(mod) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${mod}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  }
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 25);
  return { totalMs: total, byModule: top(modules), byFunction: top(functions) };
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  for (const file of process.argv.slice(2)) {
    const { totalMs, byModule, byFunction } = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile);
    process.stdout.write(`\n${file}: ${totalMs.toFixed(0)} ms busy\n  by module:\n`);
    for (const [name, ms] of byModule)
      process.stdout.write(`    ${ms.toFixed(0).padStart(6)} ms  ${((100 * ms) / totalMs).toFixed(1).padStart(5)} %  ${name}\n`);
    process.stdout.write('  by function:\n');
    for (const [name, ms] of byFunction.slice(0, 15)) process.stdout.write(`    ${ms.toFixed(0).padStart(6)} ms  ${name}\n`);
    process.stdout.write("  this project's functions, inclusive:\n");
    for (const [name, ms] of projectInclusive(JSON.parse(readFileSync(file, 'utf8')) as Profile))
      process.stdout.write(`    ${ms.toFixed(0).padStart(6)} ms  ${name}\n`);
  }
}

/** Inclusive time of this project's own functions (self plus everything they call), top first. */
export function projectInclusive(profile: Profile): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const inclusive = new Map<string, number>();
  for (const [id, ms] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      if (!/\/(src|fixtures)\//.test(url)) continue;
      const key = `${functionName || '(anonymous)'} ${moduleOf(url)}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  return [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30);
}
