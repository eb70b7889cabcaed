import type { Budget } from './budget';
import type { Builtin } from './function-args';
import { finiteNumber, isTruthy, readOwn, toJsonText, toText, toValue, typeName, type JsonObject } from './values';

// Conversions between types, JSON in and out, defaults and type inspection.

const numberText = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** Conversion functions. */
export const conversionBuiltins: readonly Builtin[] = [
  {
    name: 'number',
    signature: 'number(value: number | string): number',
    description: 'The number written in a decimal text such as "42" or "-1.5e3"; error if the text is not a number.',
    minArgs: 1,
    maxArgs: 1,
    run: (call) => {
      const value = call.any(0);
      if (typeof value === 'number') return value;
      if (typeof value !== 'string')
        return call.fail(`argument 1 (value) must be a number or a string, got ${typeName(value)}`);
      const text = value.trim();
      if (!numberText.test(text))
        return call.fail(`${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)} is not a number`);
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
