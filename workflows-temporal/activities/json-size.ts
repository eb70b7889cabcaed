// How big a value would be as JSON, found without building the JSON. A template can return the
// same large value many times over (`{{ [trigger.file, trigger.file, …] }}` holds references, not
// copies), so the size must be known before anything serialises it.

/**
 * The UTF-8 size of `JSON.stringify(value)`, give or take escapes, counted by walking the value.
 * The walk stops as soon as the count passes `limit` (returning that partial count), so its cost is
 * bounded by `limit`, however often the value repeats itself.
 */
export function jsonSizeUpTo(value: unknown, limit: number): number {
  let size = 0;
  // An explicit stack instead of recursion: the value's depth cannot overflow the call stack.
  const pending: unknown[] = [value];
  while (pending.length > 0 && size <= limit) {
    const item = pending.pop();
    if (typeof item === 'string') size += Buffer.byteLength(item) + 2;
    else if (typeof item === 'number' || typeof item === 'boolean') size += String(item).length;
    else if (Array.isArray(item)) {
      size += 2 + Math.max(0, item.length - 1);
      for (let i = item.length - 1; i >= 0 && size <= limit; i--) pending.push(item[i]);
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      size += 2 + Math.max(0, entries.length - 1);
      for (let i = entries.length - 1; i >= 0 && size <= limit; i--) {
        const [key, child] = entries[i]!;
        size += Buffer.byteLength(key) + 3;
        pending.push(child);
      }
    } else size += 4; // null, and what JSON writes as null or leaves out
  }
  return size;
}
