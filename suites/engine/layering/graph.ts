/**
 * The import graph of the tree and the rules a layered codebase keeps over it: no import from a lower layer into a
 * higher one, no cycle between folders, no cycle between modules. Pure functions of a graph, so each rule is shown
 * red on a small planted graph before it is run on the real tree.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** A module graph: files and their resolved relative imports, as paths relative to the tree's root. */
export interface ImportGraph {
  files: string[];
  edges: { from: string; to: string }[];
}

/** Layers from the bottom up; each holds units (a folder, or a subfolder that is a unit of its own). */
export type LayerOrder = readonly (readonly string[])[];

/**
 * Relative module specifiers a source file imports: static, dynamic, side-effect and `import type` / `export … from`
 * alike, since a type import still ties one layer to another. TypeScript's own pre-processor reads them, so an
 * import spelt inside a comment or a string is not taken for one.
 */
export const relativeImportsOf = (text: string): string[] =>
  ts
    .preProcessFile(text, true, true)
    .importedFiles.map((file) => file.fileName)
    .filter((name) => name.startsWith('./') || name.startsWith('../'));

export function tsFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFilesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The graph of every .ts file under the given folders of `root`; an import that names no file is listed apart. */
export function readImportGraph(root: string, folders: readonly string[]): ImportGraph & { unresolved: string[] } {
  const files = folders.flatMap((folder) => tsFilesUnder(join(root, folder)));
  const edges: ImportGraph['edges'] = [];
  const unresolved: string[] = [];
  for (const file of files) {
    for (const spec of relativeImportsOf(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), spec);
      if (existsSync(target) && statSync(target).isFile()) edges.push({ from: relative(root, file), to: relative(root, target) });
      else unresolved.push(`${relative(root, file)} → ${spec}`);
    }
  }
  return { files: files.map((file) => relative(root, file)), edges, unresolved };
}

/** The unit a file belongs to: the longest declared unit that contains it. */
export function unitOf(file: string, order: LayerOrder): string | undefined {
  return order
    .flat()
    .filter((unit) => file.startsWith(`${unit}/`))
    .sort((a, b) => b.length - a.length)[0];
}

const levelOf = (unit: string, order: LayerOrder): number => order.findIndex((layer) => layer.includes(unit));

/** Folders (directories holding .ts files) that no declared unit covers: a new folder must be given a layer. */
export function unplacedFolders(graph: ImportGraph, order: LayerOrder): string[] {
  return [...new Set(graph.files.filter((file) => unitOf(file, order) === undefined).map((file) => dirname(file)))].sort();
}

/**
 * Imports that break the order: into a higher layer, or sideways into another unit of the same layer (units of one
 * layer do not know each other, so no cycle can form between them).
 */
export function layerViolations(graph: ImportGraph, order: LayerOrder): string[] {
  return graph.edges.flatMap(({ from, to }) => {
    const source = unitOf(from, order);
    const target = unitOf(to, order);
    if (source === undefined || target === undefined || source === target) return [];
    const [up, down] = [levelOf(source, order), levelOf(target, order)];
    if (down < up) return [];
    return [`${from} → ${to} (${source} may not import ${down > up ? 'the higher layer' : 'its peer'} ${target})`];
  });
}

/** Strongly connected components of a directed graph with more than one node or a self-loop, each as a cycle path. */
export function cycles(nodes: readonly string[], edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, string[]>(nodes.map((node) => [node, []]));
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    next.get(from)!.push(to);
  }
  // Tarjan's algorithm, iterative so that a deep chain of modules cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  for (const start of next.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; child: number }[] = [{ node: start, child: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const children = next.get(frame.node)!;
      if (frame.child < children.length) {
        const child = children[frame.child++];
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      const selfLoop = edges.some((edge) => edge.from === frame.node && edge.to === frame.node);
      if (component.length > 1 || selfLoop) found.push(cyclePath(new Set(component), next));
    }
  }
  return found;
}

/** One concrete cycle through a component, as `a → b → … → a`, for a message a reader can follow. */
function cyclePath(component: ReadonlySet<string>, next: ReadonlyMap<string, string[]>): string[] {
  const start = [...component].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const child of next.get(node) ?? []) {
      if (!component.has(child)) continue;
      if (child === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(child)) {
        previous.set(child, node);
        queue.push(child);
      }
    }
  }
  return [start, start];
}

/** Cycles between modules, each as its path. */
export const moduleCycles = (graph: ImportGraph): string[][] => cycles(graph.files, graph.edges);

/** Cycles between units (folders), each as its path: what a module-level scan misses when no single file closes it. */
export function folderCycles(graph: ImportGraph, order: LayerOrder): string[][] {
  const edges = graph.edges.flatMap(({ from, to }) => {
    const [source, target] = [unitOf(from, order), unitOf(to, order)];
    return source && target && source !== target ? [{ from: source, to: target }] : [];
  });
  return cycles(order.flat(), edges);
}

/** Every file a module loads, itself included, following the graph's edges. */
export function closureOf(graph: ImportGraph, start: string): Set<string> {
  const next = new Map<string, string[]>();
  for (const { from, to } of graph.edges) next.set(from, [...(next.get(from) ?? []), to]);
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...(next.get(file) ?? []));
  }
  return seen;
}

/**
 * Entry points (a process's first module) that load a module waiting for data the vendor registry provides, without
 * loading the registry: in such a process the engine would have no vendor rules, profiles or secret names.
 */
export function entriesMissingProvider(
  graph: ImportGraph,
  entries: readonly string[],
  ports: readonly string[],
  provider: string,
): string[] {
  return entries.flatMap((entry) => {
    const loaded = closureOf(graph, entry);
    const waiting = ports.filter((port) => loaded.has(port));
    return waiting.length > 0 && !loaded.has(provider) ? [`${entry} loads ${waiting.join(', ')} but not ${provider}`] : [];
  });
}
