import type { Budget } from './budget';
import { ExpressionError } from './expression-error';
import { CallArgs } from './function-args';
import {
  assertAllowedName,
  deepEqual,
  finiteNumber,
  isPlainObject,
  isTruthy,
  readMember,
  readOwn,
  toJsonText,
  toText,
  toValue,
  typeName,
  type JsonObject,
  type JsonValue,
} from './values';

// The whitelist: the only code an expression can run. Each entry is pure, deterministic (no
// clock, no randomness, no locale) and charges the budget for the items it handles.

interface Builtin {
  readonly name: string;
  readonly signature: string;
  readonly description: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly run: (call: CallArgs) => JsonValue;
}

const numberText = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

const builtins: readonly Builtin[] = [
  // Text
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
        for (let i = 0; i < haystack.length; i++) if (deepEqual(call.item(haystack, i), needle, call.budget)) return true;
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
    description: 'The part from index start up to, not including, end (default: to the end); negative counts from the end.',
    minArgs: 2,
    maxArgs: 3,
    run: (call) => {
      const value = call.any(0);
      const start = call.integer(1, 'start');
      const end = call.has(2) ? call.integer(2, 'end') : undefined;
      if (typeof value === 'string') return call.budget.text(value.slice(start, end));
      if (!Array.isArray(value)) return call.fail(`argument 1 (value) must be a string or an array, got ${typeName(value)}`);
      const from = clampIndex(start, value.length);
      const to = end === undefined ? value.length : clampIndex(end, value.length);
      const out: JsonValue[] = [];
      call.budget.collection(Math.max(0, to - from));
      call.budget.spend(Math.max(0, to - from));
      for (let i = from; i < to; i++) out.push(call.item(value, i));
      return out;
    },
  },
  // Lists and objects
  {
    name: 'concat',
    signature: 'concat(list: array, ...more: array): array',
    description: 'One array with the items of all the given arrays, in order.',
    minArgs: 1,
    maxArgs: Infinity,
    run: (call) => {
      const lists = call.values.map((_, i) => call.array(i, `list ${i + 1}`));
      const total = lists.reduce((sum, list) => sum + list.length, 0);
      call.budget.collection(total);
      call.budget.spend(total);
      const out: JsonValue[] = [];
      for (const list of lists) for (let i = 0; i < list.length; i++) out.push(call.item(list, i));
      return out;
    },
  },
  {
    name: 'keys',
    signature: 'keys(object: object): array',
    description: 'The key names of the object, in insertion order.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => {
      const keys = Object.keys(call.object(0, 'object'));
      call.budget.collection(keys.length);
      call.budget.spend(keys.length);
      return keys;
    },
  },
  {
    name: 'values',
    signature: 'values(object: object): array',
    description: 'The values of the object, in key insertion order.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => {
      const object = call.object(0, 'object');
      const keys = Object.keys(object);
      call.budget.collection(keys.length);
      call.budget.spend(keys.length);
      return keys.map((key) => toValue(readOwn(object, key)));
    },
  },
  {
    name: 'first',
    signature: 'first(list: array): any',
    description: 'The first item, or null if the list is empty.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => {
      const list = call.array(0, 'list');
      return list.length === 0 ? null : call.item(list, 0);
    },
  },
  {
    name: 'last',
    signature: 'last(list: array): any',
    description: 'The last item, or null if the list is empty.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => {
      const list = call.array(0, 'list');
      return list.length === 0 ? null : call.item(list, list.length - 1);
    },
  },
  {
    name: 'count',
    signature: 'count(list: array): number',
    description: 'The number of items in the array.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => call.array(0, 'list').length,
  },
  {
    name: 'pluck',
    signature: 'pluck(list: array, key: string): array',
    description: 'The value at key of each item (null where an item lacks it).',
    minArgs: 2,
    maxArgs: 2,
    run: (call) => {
      const list = call.array(0, 'list');
      const key = call.string(1, 'key');
      assertAllowedName(key);
      call.budget.collection(list.length);
      call.budget.spend(list.length);
      const out: JsonValue[] = [];
      for (let i = 0; i < list.length; i++) out.push(readMember(call.item(list, i), key));
      return out;
    },
  },
  {
    name: 'where',
    signature: 'where(list: array, key: string, value: any): array',
    description: 'The items whose value at key equals value (deep, strict equality).',
    minArgs: 3,
    maxArgs: 3,
    run: (call) => {
      const list = call.array(0, 'list');
      const key = call.string(1, 'key');
      const wanted = call.any(2);
      assertAllowedName(key);
      call.budget.spend(list.length);
      const out: JsonValue[] = [];
      for (let i = 0; i < list.length; i++) {
        const item = call.item(list, i);
        if (isPlainObject(item) && deepEqual(readMember(item, key), wanted, call.budget)) out.push(item);
      }
      call.budget.collection(out.length);
      return out;
    },
  },
  {
    name: 'unique',
    signature: 'unique(list: array): array',
    description: 'The items without duplicates (deep equality), keeping first occurrences in order.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => {
      const list = call.array(0, 'list');
      call.budget.spend(list.length);
      const seen = new Set<string>();
      const out: JsonValue[] = [];
      for (let i = 0; i < list.length; i++) {
        const item = call.item(list, i);
        // Canonical JSON (sorted keys) is equal exactly when the values are deeply equal.
        const identity = toJsonText(item, call.budget, true);
        if (seen.has(identity)) continue;
        seen.add(identity);
        out.push(item);
      }
      call.budget.collection(out.length);
      return out;
    },
  },
  {
    name: 'sort',
    signature: 'sort(list: array, key?: string): array',
    description: 'Ascending copy of a list of numbers or strings, or of objects by their value at key; nulls last.',
    minArgs: 1,
    maxArgs: 2,
    run: (call) => {
      const list = call.array(0, 'list');
      const key = call.has(1) ? call.string(1, 'key') : null;
      if (key !== null) assertAllowedName(key);
      call.budget.collection(list.length);
      call.budget.spend(list.length * Math.max(1, Math.ceil(Math.log2(list.length + 1))));
      const rows: Array<{ item: JsonValue; sortKey: JsonValue }> = [];
      let kind: 'number' | 'string' | null = null;
      for (let i = 0; i < list.length; i++) {
        const item = call.item(list, i);
        const sortKey = key === null ? item : readMember(item, key);
        if (sortKey !== null) {
          if (typeof sortKey !== 'number' && typeof sortKey !== 'string') {
            return call.fail(`item ${i} ${key === null ? '' : `at "${key}" `}is ${typeName(sortKey)}; only numbers or strings can be sorted`);
          }
          if (kind !== null && typeof sortKey !== kind) return call.fail('cannot sort a mix of numbers and strings');
          kind = typeof sortKey === 'number' ? 'number' : 'string';
        }
        rows.push({ item, sortKey });
      }
      // Array.prototype.sort is stable; strings compare by code unit, not locale, to stay deterministic.
      rows.sort((a, b) => compareSortKeys(a.sortKey, b.sortKey));
      return rows.map((row) => row.item);
    },
  },
  {
    name: 'reverse',
    signature: 'reverse(list: array): array',
    description: 'The items in reverse order.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => {
      const list = call.array(0, 'list');
      call.budget.collection(list.length);
      call.budget.spend(list.length);
      const out: JsonValue[] = [];
      for (let i = list.length - 1; i >= 0; i--) out.push(call.item(list, i));
      return out;
    },
  },
  // Numbers
  {
    name: 'sum',
    signature: 'sum(list: array): number',
    description: 'The sum of a list of numbers; 0 for an empty list.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => finiteNumber(numbersOf(call).reduce((total, n) => total + n, 0)),
  },
  {
    name: 'avg',
    signature: 'avg(list: array): number | null',
    description: 'The average of a list of numbers; null for an empty list.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => {
      const numbers = numbersOf(call);
      return numbers.length === 0 ? null : finiteNumber(numbers.reduce((total, n) => total + n / numbers.length, 0));
    },
  },
  {
    name: 'min',
    signature: 'min(list: array): number | string | null',
    description: 'The smallest of a list of numbers (or of strings); null for an empty list.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => extreme(call, -1),
  },
  {
    name: 'max',
    signature: 'max(list: array): number | string | null',
    description: 'The largest of a list of numbers (or of strings); null for an empty list.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => extreme(call, 1),
  },
  {
    name: 'round',
    signature: 'round(number: number, digits?: number): number',
    description: 'The number rounded to digits decimals (default 0, negative rounds to tens, hundreds...); halves round away from zero.',
    minArgs: 1,
    maxArgs: 2,
    run: (call) => roundTo(call.number(0, 'number'), call.has(1) ? digitsArg(call, -20, 20) : 0),
  },
  {
    name: 'floor',
    signature: 'floor(number: number): number',
    description: 'The largest whole number not above the number.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => finiteNumber(Math.floor(call.number(0, 'number'))),
  },
  {
    name: 'ceil',
    signature: 'ceil(number: number): number',
    description: 'The smallest whole number not below the number.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => finiteNumber(Math.ceil(call.number(0, 'number'))),
  },
  {
    name: 'abs',
    signature: 'abs(number: number): number',
    description: 'The number without its sign.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => finiteNumber(Math.abs(call.number(0, 'number'))),
  },
  {
    name: 'formatNumber',
    signature: 'formatNumber(number: number, digits: number): string',
    description: 'Text with exactly digits decimals (0 to 20) and "," between thousands, e.g. "1,234.50".',
    minArgs: 2,
    maxArgs: 2,
    run: (call) => formatNumber(call.number(0, 'number'), digitsArg(call, 0, 20)),
  },
  // Conversion
  {
    name: 'number',
    signature: 'number(value: number | string): number',
    description: 'The number written in a decimal text such as "42" or "-1.5e3"; error if the text is not a number.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => {
      const value = call.any(0);
      if (typeof value === 'number') return value;
      if (typeof value !== 'string') return call.fail(`argument 1 (value) must be a number or a string, got ${typeName(value)}`);
      const text = value.trim();
      if (!numberText.test(text)) return call.fail(`${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)} is not a number`);
      const parsed = Number(text);
      return Number.isFinite(parsed) ? finiteNumber(parsed) : call.fail('the number is too large');
    },
  },
  {
    name: 'string',
    signature: 'string(value: any): string',
    description: 'The value as text: null is "", numbers and booleans as written, objects and arrays as JSON.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => call.budget.text(toText(call.any(0), call.budget)),
  },
  {
    name: 'boolean',
    signature: 'boolean(value: any): boolean',
    description: 'False for null, false, 0, "" and []; true for everything else (even "false").',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => isTruthy(call.any(0)),
  },
  {
    name: 'json',
    signature: 'json(value: any): string',
    description: 'Compact JSON text of the value (strings get quotes).',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => toJsonText(call.any(0), call.budget),
  },
  {
    name: 'parseJson',
    signature: 'parseJson(text: string): any',
    description: 'The value the JSON text describes; error if the text is not valid JSON.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => {
      const text = call.string(0, 'text');
      call.budget.scan(text.length);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return call.fail('argument 1 (text) is not valid JSON');
      }
      checkParsed(parsed, call.budget, 0);
      return toValue(parsed);
    },
  },
  {
    name: 'default',
    signature: 'default(value: any, fallback: any): any',
    description: 'fallback when value is null or ""; otherwise value.',
    minArgs: 2,
    maxArgs: 2,
    run: (call) => {
      const value = call.any(0);
      return value === null || value === '' ? call.any(1) : value;
    },
  },
  {
    name: 'type',
    signature: 'type(value: any): string',
    description: 'One of "null", "boolean", "number", "string", "array", "object".',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => typeName(call.any(0)),
  },
];

const byName: ReadonlyMap<string, Builtin> = new Map(builtins.map((builtin) => [builtin.name, builtin]));

/** The functions expressions may call, with signature and one-line description (shown to LLMs and in the editor). */
export const expressionFunctions: ReadonlyArray<{ name: string; signature: string; description: string }> = Object.freeze(
  builtins.map(({ name, signature, description }) => Object.freeze({ name, signature, description })),
);

/** Names of all built-in functions. */
export const builtinNames: readonly string[] = builtins.map((builtin) => builtin.name);

/** True if `name` is a built-in function. */
export function isBuiltinName(name: string): boolean {
  return byName.has(name);
}

/** Runs built-in `name` on already evaluated arguments; throws ExpressionError for unknown names, wrong counts or types. */
export function callBuiltin(name: string, args: readonly JsonValue[], budget: Budget): JsonValue {
  const builtin = byName.get(name);
  if (builtin === undefined) throw new ExpressionError(`Unknown function "${name}"`);
  const call = new CallArgs(name, builtin.signature, args, budget);
  if (args.length < builtin.minArgs || args.length > builtin.maxArgs) {
    const wanted =
      builtin.minArgs === builtin.maxArgs
        ? `${builtin.minArgs}`
        : builtin.maxArgs === Infinity
          ? `at least ${builtin.minArgs}`
          : `${builtin.minArgs} to ${builtin.maxArgs}`;
    call.fail(`takes ${wanted} argument${wanted === '1' ? '' : 's'}, got ${args.length}`);
  }
  return builtin.run(call);
}

// Helpers

function clampIndex(index: number, length: number): number {
  return index < 0 ? Math.max(0, length + index) : Math.min(index, length);
}

function numbersOf(call: CallArgs): number[] {
  const list = call.array(0, 'list');
  call.budget.spend(list.length);
  const numbers: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = call.item(list, i);
    if (typeof item !== 'number') return call.fail(`item ${i} is ${typeName(item)}, not a number`);
    numbers.push(item);
  }
  return numbers;
}

function extreme(call: CallArgs, direction: 1 | -1): JsonValue {
  const list = call.array(0, 'list');
  call.budget.spend(list.length);
  let best: number | string | null = null;
  for (let i = 0; i < list.length; i++) {
    const item = call.item(list, i);
    if (typeof item !== 'number' && typeof item !== 'string') {
      return call.fail(`item ${i} is ${typeName(item)}; only numbers or strings can be compared`);
    }
    if (best !== null && typeof best !== typeof item) return call.fail('cannot compare a mix of numbers and strings');
    if (best === null || (direction === 1 ? item > best : item < best)) best = item;
  }
  return best;
}

function compareSortKeys(a: JsonValue, b: JsonValue): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

function digitsArg(call: CallArgs, min: number, max: number): number {
  const digits = call.integer(1, 'digits');
  return digits >= min && digits <= max ? digits : call.fail(`argument 2 (digits) must be between ${min} and ${max}`);
}

/** `n` times 10^places, computed on the decimal exponent so that 1.005 shifted by 2 is exactly 100.5. */
function shiftDecimal(n: number, places: number): number {
  const [mantissa = '0', exponent = '0'] = n.toExponential().split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}

function roundTo(n: number, digits: number): number {
  // Above 2^52 every double is already whole; shifting would only lose precision.
  if (Math.abs(n) >= 2 ** 52 && digits >= 0) return n;
  const rounded = shiftDecimal(Math.round(shiftDecimal(Math.abs(n), digits)), -digits);
  return finiteNumber(n < 0 ? -rounded : rounded);
}

function formatNumber(n: number, digits: number): string {
  const rounded = roundTo(n, digits);
  const fixed = Math.abs(rounded).toFixed(digits);
  if (fixed.includes('e')) return String(rounded);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Bounds what parseJson may hand back: item counts, nesting, and one step per value. */
function checkParsed(value: unknown, budget: Budget, depth: number): void {
  budget.spend(1);
  budget.depth(depth);
  if (Array.isArray(value)) {
    budget.collection(value.length);
    for (const item of value) checkParsed(item, budget, depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    const object = value as JsonObject;
    const keys = Object.keys(object);
    budget.collection(keys.length);
    for (const key of keys) checkParsed(readOwn(object, key), budget, depth + 1);
  }
}
