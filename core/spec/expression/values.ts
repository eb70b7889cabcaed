import type { Budget } from './budget';
import { ExpressionError } from './expression-error';

// The value model: expressions see and produce JSON values only. Everything read from the scope
// passes `toValue`, the one gate that keeps functions, class instances and other host objects
// out of reach, and `readMember`, the one gate for property access.

/** A value an expression can see or produce. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A plain object of JSON values. */
export interface JsonObject {
  [key: string]: JsonValue;
}

// Names that lead from data to prototypes and constructors (and from there to Function). They are
// refused outright rather than looked up, so no data shape can make them reachable.
const forbiddenNames: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

const hasOwn = (target: object, key: string): boolean => Object.prototype.hasOwnProperty.call(target, key);

/** Throws for `__proto__`, `prototype` and `constructor`. */
export function assertAllowedName(name: string): void {
  if (forbiddenNames.has(name)) throw new ExpressionError(`Access to "${name}" is not allowed`);
}

/** True for objects whose prototype is Object.prototype (of any realm) or null, i.e. data bags. */
export function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // Checking "the prototype's prototype is null" instead of `=== Object.prototype` also accepts
  // objects made in another realm, e.g. inside Temporal's workflow sandbox.
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Short type name for messages: null, boolean, number, string, array, object, function, or the host class. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isPlainObject(value)) return 'object';
  if (typeof value === 'object') return Object.prototype.toString.call(value).slice(8, -1);
  return typeof value;
}

/**
 * Admits a value read from the scope (or from inside a scope collection): undefined becomes null;
 * functions, symbols, bigints, non-finite numbers and non-plain objects are refused with an error.
 * The check is shallow; items inside a collection are checked when something touches them.
 */
export function toValue(value: unknown): JsonValue {
  switch (typeof value) {
    case 'undefined':
      return null;
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new ExpressionError(`Number ${String(value)} is not finite`);
      return value;
    case 'object':
      if (value === null || Array.isArray(value) || isPlainObject(value)) return value as JsonValue;
      throw new ExpressionError(`Values of type ${typeName(value)} cannot be used in expressions`);
    case 'function':
      throw new ExpressionError('Functions cannot be used in expressions');
    default:
      throw new ExpressionError(`Values of type ${typeof value} cannot be used in expressions`);
  }
}

/**
 * Reads an own, enumerable data property. Accessors are refused rather than run: the name comes
 * from untrusted text, and reading must never execute host code.
 */
export function readOwn(target: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor === undefined || !descriptor.enumerable) return undefined;
  if (!('value' in descriptor)) throw new ExpressionError(`Property "${key}" is computed by code and cannot be read`);
  return descriptor.value;
}

const arrayIndex = /^(?:0|[1-9][0-9]*)$/;

/** The name a member key stands for: strings as-is, numbers in their decimal form. */
export function keyName(key: JsonValue): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return String(key);
  throw new ExpressionError(`Property key must be a string or a number, not ${typeName(key)}`);
}

/**
 * `target[key]` under the language's rules: own data properties of plain objects, indexes and
 * `length` of arrays, `length` of strings; anything missing (or any property of null, numbers,
 * booleans) is null. Forbidden names throw even when the target is null, so they fail loudly.
 */
export function readMember(target: JsonValue, key: JsonValue): JsonValue {
  const name = keyName(key);
  assertAllowedName(name);
  if (typeof target === 'string') return name === 'length' ? target.length : null;
  if (Array.isArray(target)) {
    if (name === 'length') return target.length;
    return arrayIndex.test(name) ? toValue(readOwn(target, name)) : null;
  }
  if (isPlainObject(target)) return toValue(readOwn(target, name));
  return null;
}

/** Item `index` of a scope array, admitted by `toValue`. */
export function itemAt(list: readonly unknown[], index: number): JsonValue {
  return toValue(list[index]);
}

/** Defines `obj[key] = value` as a data property, so a key like `__proto__` can never hit a setter. */
export function setOwn(obj: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Falsy: null, false, 0, "" and the empty array; everything else (including `{}`) is truthy. */
export function isTruthy(value: JsonValue): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Returns `n` if finite (with -0 turned into 0 so results print and compare the same); throws otherwise. */
export function finiteNumber(n: number): number {
  if (!Number.isFinite(n)) throw new ExpressionError('Result is not a finite number');
  return n === 0 ? 0 : n;
}

/** Strict deep equality: same type, same array items in order, same object keys in any order. */
export function deepEqual(a: unknown, b: unknown, budget: Budget, depth = 0): boolean {
  budget.spend(1);
  budget.depth(depth);
  const x = toValue(a);
  const y = toValue(b);
  if (x === y) return true;
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], y[i], budget, depth + 1)) return false;
    return true;
  }
  if (isPlainObject(x)) {
    if (!isPlainObject(y)) return false;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    for (const key of keys) {
      if (!hasOwn(y, key) || !deepEqual(readOwn(x, key), readOwn(y, key), budget, depth + 1)) return false;
    }
    return true;
  }
  return false;
}

/**
 * Compact JSON text of `value`, built by hand so its cost is counted (one step per value), its
 * length is checked while it grows, and cycles end at maxDepth instead of overflowing the stack.
 * `sortKeys` gives a canonical form used to find equal values.
 */
export function toJsonText(value: unknown, budget: Budget, sortKeys = false): string {
  const parts: string[] = [];
  let length = 0;
  const push = (text: string): void => {
    length += text.length;
    budget.textLength(length);
    parts.push(text);
  };
  const visit = (item: unknown, depth: number): void => {
    budget.spend(1);
    budget.depth(depth);
    const x = toValue(item);
    if (x === null || typeof x === 'boolean' || typeof x === 'number') {
      push(String(x));
    } else if (typeof x === 'string') {
      push(JSON.stringify(x));
    } else if (Array.isArray(x)) {
      push('[');
      for (let i = 0; i < x.length; i++) {
        if (i > 0) push(',');
        visit(x[i], depth + 1);
      }
      push(']');
    } else {
      const keys = Object.keys(x);
      if (sortKeys) keys.sort();
      push('{');
      keys.forEach((key, i) => {
        push(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`);
        visit(readOwn(x, key), depth + 1);
      });
      push('}');
    }
  };
  visit(value, 0);
  return budget.text(parts.join(''));
}

/** Text form used by templates, `+` with a string, `join` and `string()`: null is "", containers are JSON. */
export function toText(value: JsonValue, budget: Budget): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return toJsonText(value, budget);
}
