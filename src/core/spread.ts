/**
 * `count` items spread evenly over the list (the whole list when it has no more), so that every part of a long
 * list gets a turn when only some of it can be run: negative cases of an operation, operations of a large document.
 */
export function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]);
}
