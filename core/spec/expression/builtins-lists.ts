import type { Builtin } from './function-args';
import {
  assertAllowedName,
  deepEqual,
  isPlainObject,
  readMember,
  readOwn,
  toJsonText,
  toValue,
  typeName,
  type JsonValue,
} from './values';

// Built-ins over arrays and objects. Items of scope collections are admitted one by one
// (`call.item`), and every produced collection is size-checked.

/** Array and object functions. */
export const listBuiltins: readonly Builtin[] = [
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
            return call.fail(
              `item ${i} ${key === null ? '' : `at "${key}" `}is ${typeName(sortKey)}; only numbers or strings can be sorted`,
            );
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
];

function compareSortKeys(a: JsonValue, b: JsonValue): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}
