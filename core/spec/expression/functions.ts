import type { Budget } from './budget';
import { conversionBuiltins } from './builtins-conversion';
import { listBuiltins } from './builtins-lists';
import { numberBuiltins } from './builtins-numbers';
import { textBuiltins } from './builtins-text';
import { ExpressionError } from './expression-error';
import { CallArgs, type Builtin } from './function-args';
import type { JsonValue } from './values';

// The whitelist: the only code an expression can run. Each entry is pure, deterministic (no
// clock, no randomness, no locale) and charges the budget for the items it handles. The
// implementations live in builtins-*.ts by topic; this file is the one list and the dispatcher.

const builtins: readonly Builtin[] = [...textBuiltins, ...listBuiltins, ...numberBuiltins, ...conversionBuiltins];

const byName: ReadonlyMap<string, Builtin> = new Map(builtins.map((builtin) => [builtin.name, builtin]));

/** The functions expressions may call, with signature and one-line description (shown to LLMs and in the editor). */
export const expressionFunctions: ReadonlyArray<{ name: string; signature: string; description: string }> =
  Object.freeze(builtins.map(({ name, signature, description }) => Object.freeze({ name, signature, description })));

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
    call.fail(`takes ${wanted} argument${/\b1$/.test(wanted) ? '' : 's'}, got ${args.length}`);
  }
  return builtin.run(call);
}
