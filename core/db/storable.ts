import { z } from 'zod';

// What PostgreSQL can store as it was sent. Text columns refuse the NUL character (and Sequelize,
// rather than failing, rewrites it in bind parameters to the two characters `\0`); jsonb refuses
// `\u0000` too, and an unpaired UTF-16 surrogate is not valid Unicode, so jsonb refuses it and a
// text column would get U+FFFD instead. Input schemas use the two schemas below so that such input
// is a 400 naming the field, never a 500 or a silently changed value. Pure zod: the spec language,
// the web client and the workflow sandbox import this file.

/**
 * Deepest nesting of arrays and objects accepted in stored JSON. Real payloads stay far below it
 * (webhook bodies of GitHub or Stripe nest about ten levels, a spec seven), and it keeps every
 * recursive walk over a stored value (JSON.stringify, Sequelize's cloning, the expression
 * language, PostgreSQL's jsonb parser) far from its stack limit.
 */
export const MAX_JSON_DEPTH = 64;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What in `text` PostgreSQL cannot store, as a noun phrase, or null when it can store it all. */
function unstorableInText(text: string): string | null {
  if (text.includes('\u0000')) return 'the NUL character (U+0000)';
  if (loneSurrogate.test(text)) return 'an unpaired surrogate (U+D800 to U+DFFF), which is not valid Unicode';
  return null;
}

/** Where a JSON value cannot be stored, and why. */
export interface JsonProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * The first part of a JSON value that PostgreSQL cannot store as it is, in document order, or
 * null. It walks with its own stack, not recursion, so any depth is safe to check.
 */
export function unstorableJson(value: unknown): JsonProblem | null {
  const pending: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      const what = unstorableInText(value);
      if (what) return { path, message: `must not contain ${what}` };
    } else if (typeof value === 'number') {
      // JSON.parse reads 1e400 as Infinity, which JSON.stringify would store as null.
      if (!Number.isFinite(value)) return { path, message: 'must be a finite number' };
    } else if (typeof value === 'object' && value !== null) {
      if (path.length >= MAX_JSON_DEPTH)
        return { path, message: `must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep` };
      const entries: Array<[string | number, unknown]> = Array.isArray(value)
        ? value.map((item, index) => [index, item])
        : Object.entries(value);
      // Pushed last to first, so the first problem in the text is the one reported.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        const what = typeof key === 'string' ? unstorableInText(key) : null;
        if (what) return { path, message: `must not have a key containing ${what}` };
        pending.push({ value: item, path: [...path, key] });
      }
    }
  }
  return null;
}

/** Text that PostgreSQL stores exactly as sent; chain length and format checks after it. */
export const storableText = z.string().check((ctx) => {
  const what = unstorableInText(ctx.value);
  if (what) ctx.issues.push({ code: 'custom', message: `must not contain ${what}`, input: ctx.value });
});

/** Any JSON value that PostgreSQL stores exactly as sent; the issue's path points inside it. */
export const storableJson = z.unknown().check((ctx) => {
  const problem = unstorableJson(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', message: problem.message, input: ctx.value, path: problem.path });
});

// NUL, or what `loneSurrogate` finds; global, to replace them all.
const unstorableCharacters = new RegExp(String.raw`\u0000|` + loneSurrogate.source, 'g');

/**
 * A copy of `value` with every NUL and unpaired surrogate, in strings and keys, replaced by U+FFFD
 * (as a UTF-8 decoder replaces bytes it cannot read), and how many were replaced. For what must be
 * kept rather than refused: an API's answer, a message quoting it. `value` itself comes back when
 * nothing needed replacing. It walks with its own stack, so an answer of any depth is safe.
 */
export function withStorableText(value: unknown): { value: unknown; replaced: number } {
  let replaced = 0;
  const clean = (text: string) =>
    text.replace(unstorableCharacters, () => {
      replaced += 1;
      return '\uFFFD';
    });
  const root: { copy?: unknown } = {};
  // Each entry: an item to copy, and the container and key its copy goes to.
  const pending: Array<[unknown, Record<string | number, unknown>, string | number]> = [[value, root, 'copy']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, into, key] = next;
    if (typeof item === 'string') into[key] = clean(item);
    else if (Array.isArray(item)) {
      const copy: unknown[] = new Array(item.length);
      into[key] = copy;
      item.forEach((child, i) => pending.push([child, copy as unknown as Record<number, unknown>, i]));
    } else if (typeof item === 'object' && item !== null) {
      const copy: Record<string, unknown> = {};
      into[key] = copy;
      for (const [childKey, child] of Object.entries(item)) {
        const cleanKey = clean(childKey);
        // defineProperty keeps the key order and makes "__proto__" an ordinary key.
        Object.defineProperty(copy, cleanKey, { value: null, enumerable: true, writable: true, configurable: true });
        pending.push([child, copy, cleanKey]);
      }
    } else into[key] = item;
  }
  return replaced === 0 ? { value, replaced } : { value: root.copy, replaced };
}
