import { FieldError } from './problem';

/** Deeper than any command's shape (RecordPurchase's lines[i].unitPrice is 3) with room to spare. */
export const MAX_JSON_DEPTH = 16;

/**
 * Names every JavaScript object answers to (`constructor`, `toString`, `__proto__`, …). As keys
 * of client input they confuse class-transformer (a `constructor` key made it throw, a
 * `toString` custom field was silently dropped), so they are refused wherever they appear.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * The first problem with the shape of client input, before any library walks it: a value nested
 * deeper than `maxDepth`, or a reserved key. Walked with an explicit stack: class-transformer and
 * class-validator recurse, and a body nested a few thousand levels deep (even in a field that
 * would be refused as unknown) overflowed the call stack.
 */
export function inputShapeProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): FieldError | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.value === null || typeof node.value !== 'object') continue;
    if (node.depth >= maxDepth) return { field: node.path, message: `is nested deeper than ${maxDepth} levels` };
    const isArray = Array.isArray(node.value);
    for (const [key, child] of Object.entries(node.value)) {
      const path = isArray ? `${node.path}[${key}]` : node.path ? `${node.path}.${key}` : key;
      if (!isArray && RESERVED_KEYS.has(key)) return { field: path, message: `"${key}" is a reserved name and cannot be used as a field or key` };
      stack.push({ value: child, depth: node.depth + 1, path });
    }
  }
  return undefined;
}
