/**
 * Splits items, in order, into batches within an API's limits: at most `maxCount` items and
 * `maxBytes` bytes (by `sizeOf`) per batch. An item larger than `maxBytes` gets a batch of its own;
 * callers reject such items before batching.
 */
export function batchesWithin<T>(items: readonly T[], limits: { readonly maxCount: number; readonly maxBytes: number }, sizeOf: (item: T) => number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length === limits.maxCount || bytes + size > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
