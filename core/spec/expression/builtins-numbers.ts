import type { Builtin, CallArgs } from './function-args';
import { finiteNumber, typeName, type JsonValue } from './values';

// Numeric built-ins. Rounding works on the decimal representation so results match what a
// person expects (round(1.005, 2) is 1.01), and formatting never depends on the locale.

/** Number functions. */
export const numberBuiltins: readonly Builtin[] = [
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
    description:
      'The number rounded to digits decimals (default 0, negative rounds to tens, hundreds...); halves round away from zero.',
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
];

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
