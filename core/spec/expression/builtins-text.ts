import type { Builtin } from './function-args';
import { deepEqual, isPlainObject, toText, typeName, type JsonValue } from './values';

// Built-ins that read and build text (and `slice`, which works on text and arrays alike).

/** Text functions. */
export const textBuiltins: readonly Builtin[] = [
  {
    name: 'length',
    signature: 'length(value: string | array | object): number',
    description: 'Characters in a string, items in an array, or keys in an object.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => {
      const value = call.any(0);
      if (typeof value === 'string' || Array.isArray(value)) return value.length;
      if (isPlainObject(value)) return Object.keys(value).length;
      return call.fail(`argument 1 (value) must be a string, an array or an object, got ${typeName(value)}`);
    },
  },
  {
    name: 'upper',
    signature: 'upper(text: string): string',
    description: 'The text in upper case.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => call.budget.text(call.string(0, 'text').toUpperCase()),
  },
  {
    name: 'lower',
    signature: 'lower(text: string): string',
    description: 'The text in lower case.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => call.budget.text(call.string(0, 'text').toLowerCase()),
  },
  {
    name: 'trim',
    signature: 'trim(text: string): string',
    description: 'The text without leading and trailing whitespace.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => call.budget.text(call.string(0, 'text').trim()),
  },
  {
    name: 'contains',
    signature: 'contains(haystack: string | array, needle: any): boolean',
    description: 'True if the string contains the text needle, or the array has an item equal to needle.',
    minArgs: 2,
    maxArgs: 2,
    run: (call) => {
      const haystack = call.any(0);
      if (typeof haystack === 'string') {
        call.budget.scan(haystack.length);
        return haystack.includes(call.string(1, 'needle'));
      }
      if (Array.isArray(haystack)) {
        const needle = call.any(1);
        for (let i = 0; i < haystack.length; i++)
          if (deepEqual(call.item(haystack, i), needle, call.budget)) return true;
        return false;
      }
      return call.fail(`argument 1 (haystack) must be a string or an array, got ${typeName(haystack)}`);
    },
  },
  {
    name: 'startsWith',
    signature: 'startsWith(text: string, prefix: string): boolean',
    description: 'True if the text begins with prefix.',
    minArgs: 2,
    maxArgs: 2,
    run: (call) => call.string(0, 'text').startsWith(call.string(1, 'prefix')),
  },
  {
    name: 'endsWith',
    signature: 'endsWith(text: string, suffix: string): boolean',
    description: 'True if the text ends with suffix.',
    minArgs: 2,
    maxArgs: 2,
    run: (call) => call.string(0, 'text').endsWith(call.string(1, 'suffix')),
  },
  {
    name: 'replace',
    signature: 'replace(text: string, find: string, replacement: string): string',
    description: 'The text with every occurrence of find (literal text, not a pattern) replaced.',
    minArgs: 3,
    maxArgs: 3,
    run: (call) => {
      const text = call.string(0, 'text');
      const find = call.string(1, 'find');
      const replacement = call.string(2, 'replacement');
      if (find === '') return call.fail('argument 2 (find) must not be empty');
      call.budget.scan(text.length);
      // Built by hand instead of String.replaceAll, which would read `$&`-style patterns in the replacement.
      const parts: string[] = [];
      let length = 0;
      let from = 0;
      for (let at = text.indexOf(find); at !== -1; at = text.indexOf(find, from)) {
        call.budget.spend(1);
        length += at - from + replacement.length;
        call.budget.textLength(length);
        parts.push(text.slice(from, at), replacement);
        from = at + find.length;
      }
      parts.push(text.slice(from));
      return call.budget.text(parts.join(''));
    },
  },
  {
    name: 'split',
    signature: 'split(text: string, separator: string): array',
    description: 'The parts of the text between separators; an empty separator splits into characters.',
    minArgs: 2,
    maxArgs: 2,
    run: (call) => {
      const text = call.string(0, 'text');
      const separator = call.string(1, 'separator');
      call.budget.scan(text.length);
      // Asking for one part more than allowed detects an oversized result without building it.
      const parts = text.split(separator, call.budget.limits.maxCollectionSize + 1);
      call.budget.collection(parts.length);
      call.budget.spend(parts.length);
      return parts;
    },
  },
  {
    name: 'join',
    signature: 'join(list: array, separator: string): string',
    description: 'The items as one text with separator between them; null is "", objects and arrays are JSON.',
    minArgs: 2,
    maxArgs: 2,
    run: (call) => {
      const list = call.array(0, 'list');
      const separator = call.string(1, 'separator');
      call.budget.spend(list.length);
      const parts: string[] = [];
      let length = 0;
      for (let i = 0; i < list.length; i++) {
        const part = toText(call.item(list, i), call.budget);
        length += part.length + (i > 0 ? separator.length : 0);
        call.budget.textLength(length);
        parts.push(part);
      }
      return call.budget.text(parts.join(separator));
    },
  },
  {
    name: 'slice',
    signature: 'slice(value: string | array, start: number, end?: number): string | array',
    description:
      'The part from index start up to, not including, end (default: to the end); negative counts from the end.',
    minArgs: 2,
    maxArgs: 3,
    run: (call) => {
      const value = call.any(0);
      const start = call.integer(1, 'start');
      const end = call.has(2) ? call.integer(2, 'end') : undefined;
      if (typeof value === 'string') return call.budget.text(value.slice(start, end));
      if (!Array.isArray(value))
        return call.fail(`argument 1 (value) must be a string or an array, got ${typeName(value)}`);
      const from = clampIndex(start, value.length);
      const to = end === undefined ? value.length : clampIndex(end, value.length);
      const out: JsonValue[] = [];
      call.budget.collection(Math.max(0, to - from));
      call.budget.spend(Math.max(0, to - from));
      for (let i = from; i < to; i++) out.push(call.item(value, i));
      return out;
    },
  },
];

function clampIndex(index: number, length: number): number {
  return index < 0 ? Math.max(0, length + index) : Math.min(index, length);
}
