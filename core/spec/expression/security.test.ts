import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError } from './expression-error';
import { evaluateExpression, parseExpression, renderTemplate } from './index';

// The expression language reads untrusted text. These tests try the classic JavaScript escapes
// and prove each one is refused with an ExpressionError or is harmless (gives null).

const scope = () => ({
  trigger: { name: 'Ann', list: [1, 2] },
  nodes: { x: { out: 1 } },
  run: { id: 'r' },
});

function refusal(source: string, s: Record<string, unknown> = scope()): ExpressionError {
  try {
    evaluateExpression(source, s);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${source} to be refused`);
}

const prototypeIsClean = () => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  expect(Object.prototype.hasOwnProperty.call(Array.prototype, 'polluted')).toBe(false);
};

describe('security: constructors and prototypes are unreachable', () => {
  it.each([
    ['constructor', 'Access to "constructor" is not allowed'],
    ['trigger.constructor', 'Access to "constructor" is not allowed'],
    ['trigger.constructor.constructor("return process")()', 'Access to "constructor" is not allowed'],
    ['trigger["constructor"]', 'Access to "constructor" is not allowed'],
    ['trigger["__proto__"]', 'Access to "__proto__" is not allowed'],
    ['trigger.__proto__', 'Access to "__proto__" is not allowed'],
    ['trigger["__pro" + "to__"]', 'Access to "__proto__" is not allowed'],
    ['trigger["con" + "structor"]', 'Access to "constructor" is not allowed'],
    ['trigger[lower("CONSTRUCTOR")]', 'Access to "constructor" is not allowed'],
    ['nodes.x.__proto__.polluted', 'Access to "__proto__" is not allowed'],
    ['nodes.missing.prototype', 'Access to "prototype" is not allowed'],
    ['trigger.list.constructor', 'Access to "constructor" is not allowed'],
    ['trigger.name.constructor', 'Access to "constructor" is not allowed'],
    ['null["constructor"]', 'Access to "constructor" is not allowed'],
    ['__proto__', 'Access to "__proto__" is not allowed'],
    ['pluck([trigger], "constructor")', 'Access to "constructor" is not allowed'],
    ['where([trigger], "__proto__", null)', 'Access to "__proto__" is not allowed'],
    ['sort([trigger], "constructor")', 'Access to "constructor" is not allowed'],
  ])('refuses %s', (source, message) => {
    expect(refusal(source).message).toContain(message);
    prototypeIsClean();
  });

  it('refuses __proto__ in object literals, so they cannot pollute Object.prototype', () => {
    expect(refusal('{"__proto__": {"polluted": 1}}').message).toContain('Access to "__proto__" is not allowed');
    expect(refusal('{__proto__: {polluted: 1}}').message).toContain('Access to "__proto__" is not allowed');
    expect(refusal('{constructor: {prototype: {polluted: 1}}}').message).toContain('not allowed');
    prototypeIsClean();
  });

  it('parses JSON with a __proto__ key into an own property, without polluting', () => {
    const value = evaluateExpression('parseJson(text)', { text: '{"__proto__": {"polluted": 1}}' }) as object;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(refusal('parseJson(text).__proto__', { text: '{"__proto__": {"polluted": 1}}' }).message).toContain(
      'not allowed',
    );
    prototypeIsClean();
  });

  it('does not let values call methods or be called', () => {
    for (const source of [
      'trigger.name.toUpperCase()',
      '(trigger)()',
      'upper(trigger.name)(1)',
      'trigger.list.map(x)',
    ]) {
      expect(() => parseExpression(source)).toThrow(ExpressionError);
    }
  });
});

describe('security: no globals', () => {
  it.each([
    'this',
    'globalThis',
    'window',
    'process',
    'process.env',
    'require("fs")',
    'import("fs")',
    'eval("1")',
    'Function("x")',
    'setTimeout(1)',
    'Math.PI',
    'JSON',
  ])('%s is refused', (source) => {
    const error = refusal(source);
    expect(error.message).toMatch(/Unknown (name|function)/);
  });

  it("knows only the scope's own names, never its prototype's", () => {
    const proto = { secret: 'from prototype', polluted: 1 };
    const s = Object.assign(Object.create(proto) as Record<string, unknown>, { trigger: {} });
    expect(refusal('secret', s).message).toContain('Unknown name "secret"');
    for (const name of ['toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf']) {
      expect(refusal(name).message).toContain(`Unknown name "${name}"`);
    }
  });

  it('reads only own properties of objects in the scope', () => {
    const withInherited = Object.assign(Object.create({ inherited: 'secret' }) as Record<string, unknown>, { own: 1 });
    // An object whose prototype is not Object.prototype is not plain data: it is refused outright.
    expect(refusal('x.own', { x: withInherited }).message).toContain('cannot be used in expressions');
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { own: 1 });
    expect(evaluateExpression('x.own', { x: nullProto })).toBe(1);
    expect(evaluateExpression('x.toString', { x: nullProto })).toBeNull();
  });
});

describe('security: inherited members read as null', () => {
  it.each([
    'trigger.toString',
    'trigger.valueOf',
    'trigger.hasOwnProperty',
    'trigger["toString"]',
    'trigger.isPrototypeOf',
    'trigger.__defineGetter__',
    'trigger.list.push',
    'trigger.list.map',
    'trigger.name.toUpperCase',
    'trigger.name.charAt',
    'run.id.length.toFixed',
  ])('%s is null', (source) => {
    expect(evaluateExpression(source, scope())).toBeNull();
  });
});

describe('security: functions and host objects in the scope', () => {
  // Choice: reading a function (or any non-JSON value) is an error, never null, so a mistake in
  // the host's scope shows up instead of silently rendering as empty text.
  it('refuses to read a function, at the root or nested', () => {
    let called = false;
    const fn = () => {
      called = true;
      return 'ran';
    };
    expect(refusal('fn', { fn }).message).toContain('Functions cannot be used in expressions');
    expect(refusal('fn()', { fn }).message).toContain('Unknown function "fn"');
    expect(refusal('x.fn', { x: { fn } }).message).toContain('Functions cannot be used in expressions');
    expect(refusal('x[0]', { x: [fn] }).message).toContain('Functions cannot be used in expressions');
    expect(refusal('first(x)', { x: [fn] }).message).toContain('Functions cannot be used');
    expect(refusal('values(x)', { x: { fn } }).message).toContain('Functions cannot be used');
    expect(refusal('json(x)', { x: { fn } }).message).toContain('Functions cannot be used');
    expect(refusal('"" + x', { x: [fn] }).message).toContain('Functions cannot be used');
    expect(() => renderTemplate('{{ fn }}', { fn })).toThrow(ExpressionError);
    expect(called).toBe(false);
  });

  it('never runs getters defined on scope data', () => {
    let ran = false;
    const x = {};
    Object.defineProperty(x, 'secret', {
      enumerable: true,
      get() {
        ran = true;
        return 'leaked';
      },
    });
    expect(refusal('x.secret', { x }).message).toContain('computed by code');
    expect(ran).toBe(false);
  });

  it('refuses class instances, dates, maps, symbols and bigints', () => {
    class Secret {
      value = 1;
    }
    for (const value of [new Secret(), new Date(0), new Map(), Symbol('s'), 10n, Promise.resolve(1)]) {
      expect(refusal('x', { x: value }).message).toContain('cannot be used in expressions');
    }
    expect(refusal('x', { x: Number.NaN }).message).toContain('not finite');
  });

  it('refuses globalThis and process even when a careless host puts them in the scope', () => {
    expect(refusal('g.process', { g: globalThis }).message).toContain('cannot be used in expressions');
    expect(refusal('p.env', { p: process }).message).toContain('cannot be used in expressions');
  });
});

/** True for null, booleans, finite numbers, strings, arrays and plain objects of those (never undefined). */
function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.values(value).every(isJsonValue);
  return false;
}

describe('security: random input never crashes or hangs', () => {
  const onlyExpressionErrors = (action: () => unknown) => {
    try {
      action();
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
    }
  };

  // Characters the grammar cares about, so random strings often get deep into the parser.
  const grammarChars = fc.constantFrom(
    ...'()[]{}.,:?!-+*/%<>=&|"\'\\ abxyz019_eE'.split(''),
    'trigger',
    'nodes',
    'upper(',
    'length(',
    'join(',
    '__proto__',
    'constructor',
    '{{',
    '}}',
    '??',
    '&&',
    '||',
    '==',
  );
  const grammarString = fc.array(grammarChars, { maxLength: 60 }).map((parts) => parts.join(''));

  it('parseExpression returns or throws ExpressionError for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), grammarString), (source) => {
        onlyExpressionErrors(() => parseExpression(source));
      }),
      { numRuns: 3000 },
    );
  });

  it('evaluateExpression returns or throws ExpressionError for any string', () => {
    fc.assert(
      fc.property(grammarString, (source) => {
        onlyExpressionErrors(() => evaluateExpression(source, scope()));
        prototypeIsClean();
      }),
      { numRuns: 3000 },
    );
  });

  it('renderTemplate returns or throws ExpressionError for any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          grammarString,
          grammarString.map((s) => `a {{ ${s} }} b`),
        ),
        (text) => {
          onlyExpressionErrors(() => renderTemplate(text, scope()));
          prototypeIsClean();
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('random JSON scopes never produce undefined or non-JSON results', () => {
    fc.assert(
      fc.property(fc.jsonValue(), grammarString, (data, source) => {
        try {
          const result = evaluateExpression(source, { trigger: data, nodes: {}, run: {} });
          expect(isJsonValue(result)).toBe(true);
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw error;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
