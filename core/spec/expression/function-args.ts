import type { Budget } from './budget';
import { ExpressionError } from './expression-error';
import { isPlainObject, toValue, typeName, type JsonObject, type JsonValue } from './values';

// Argument checking for built-in functions. Every refusal names the function, the parameter and
// the full signature, because the reader is often an LLM repairing its own template.

/** What a built-in sees of one call: its checked arguments and the evaluation budget. */
export class CallArgs {
  constructor(
    readonly name: string,
    readonly signature: string,
    readonly values: readonly JsonValue[],
    readonly budget: Budget,
  ) {}

  /** Throws an ExpressionError about this call. */
  fail(problem: string): never {
    throw new ExpressionError(`${this.name}(): ${problem}`, null, `expected ${this.signature}`);
  }

  /** Argument `index` as given (null when left out). */
  any(index: number): JsonValue {
    return this.values[index] ?? null;
  }

  /** True when argument `index` was given and is not null. */
  has(index: number): boolean {
    return this.any(index) !== null;
  }

  private wrongType(index: number, param: string, wanted: string): never {
    return this.fail(`argument ${index + 1} (${param}) must be ${wanted}, got ${typeName(this.any(index))}`);
  }

  string(index: number, param: string): string {
    const value = this.any(index);
    return typeof value === 'string' ? value : this.wrongType(index, param, 'a string');
  }

  number(index: number, param: string): number {
    const value = this.any(index);
    return typeof value === 'number' ? value : this.wrongType(index, param, 'a number');
  }

  integer(index: number, param: string): number {
    const value = this.any(index);
    return typeof value === 'number' && Number.isInteger(value)
      ? value
      : this.wrongType(index, param, 'a whole number');
  }

  array(index: number, param: string): readonly unknown[] {
    const value = this.any(index);
    return Array.isArray(value) ? value : this.wrongType(index, param, 'an array');
  }

  object(index: number, param: string): JsonObject {
    const value = this.any(index);
    return isPlainObject(value) ? value : this.wrongType(index, param, 'an object');
  }

  /** Item `index` of `list` (a scope collection, so each item passes `toValue`) with a message naming the item on failure. */
  item(list: readonly unknown[], index: number): JsonValue {
    try {
      return toValue(list[index]);
    } catch (error) {
      if (error instanceof ExpressionError) this.fail(`item ${index}: ${error.reason}`);
      throw error;
    }
  }
}

/** One whitelisted function: catalog entry, arity, and implementation. */
export interface Builtin {
  readonly name: string;
  readonly signature: string;
  /** One short, exact sentence; shown to LLMs and in the editor. */
  readonly description: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly run: (call: CallArgs) => JsonValue;
}
