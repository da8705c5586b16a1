/** `items` in consecutive parts of at most `size` (a statement binds a bounded number of parameters). */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += size) parts.push(items.slice(start, start + size));
  return parts;
}
