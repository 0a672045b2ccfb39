/** Deeper than any command's shape (RecordPurchase's lines[i].unitPrice is 3) with room to spare. */
export const MAX_JSON_DEPTH = 16;

/**
 * The path of the first value nested deeper than `max` levels, or undefined. Walked with an
 * explicit stack: class-transformer and class-validator recurse, and a body nested a few thousand
 * levels deep (even in a field that would be refused as unknown) overflowed the call stack.
 */
export function tooDeepAt(value: unknown, max = MAX_JSON_DEPTH): string | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.value === null || typeof node.value !== 'object') continue;
    if (node.depth >= max) return node.path;
    const children = Array.isArray(node.value)
      ? node.value.map((child, i) => ({ value: child, path: `${node.path}[${i}]` }))
      : Object.entries(node.value).map(([key, child]) => ({ value: child, path: node.path ? `${node.path}.${key}` : key }));
    for (const child of children) stack.push({ ...child, depth: node.depth + 1 });
  }
  return undefined;
}
