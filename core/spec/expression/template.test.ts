import { describe, expect, it } from 'vitest';
import { ExpressionError } from './expression-error';
import { isTemplate, parseTemplate, renderDeep, renderTemplate } from './template';

const scope = {
  trigger: { name: 'Ann', items: [1, 2], count: 3, ok: true, info: { a: 1 } },
  nodes: { fetch: { body: { rows: [{ id: 'r1' }] } } },
  run: { id: 'run-7' },
};

function failure(action: () => unknown): ExpressionError {
  try {
    action();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('isTemplate', () => {
  it.each([
    ['Hello {{ trigger.name }}', true],
    ['{{x}}', true],
    ['no braces', false],
    ['{{ unclosed', true],
    ['}} {{', true],
    ['{ single }', false],
  ])('%j is %s', (text, expected) => {
    expect(isTemplate(text)).toBe(expected);
  });
});

describe('parseTemplate', () => {
  it('splits text and expressions with their offsets', () => {
    const parts = parseTemplate('Hi {{ trigger.name }}, you have {{count}}!');
    expect(parts.map((p) => (p.kind === 'text' ? p.text : `<${p.source}@${p.start}>`))).toEqual([
      'Hi ',
      '<trigger.name@6>',
      ', you have ',
      '<count@34>',
      '!',
    ]);
  });

  it('finds the closing braces past object literals and strings', () => {
    const parts = parseTemplate('{{ {a: {b: "}}"}} }} tail');
    expect(parts[0]).toMatchObject({ kind: 'expression', source: '{a: {b: "}}"}}' });
    expect(parts[1]).toEqual({ kind: 'text', text: ' tail' });
  });

  it('keeps stray closing braces as text', () => {
    expect(parseTemplate('a }} b')).toEqual([{ kind: 'text', text: 'a }} b' }]);
  });

  it('refuses an unclosed {{ with its position', () => {
    const error = failure(() => parseTemplate('Hello {{ trigger.name'));
    expect(error.message).toContain('Unclosed "{{"');
    expect(error.position).toBe(6);
  });

  it('refuses an empty expression', () => {
    expect(failure(() => parseTemplate('a {{  }} b')).position).toBe(2);
  });

  it('reports expression errors at their position in the template', () => {
    const error = failure(() => parseTemplate('Dear {{ lenght(trigger.name) }}'));
    expect(error.position).toBe(8);
    expect(error.message).toBe('Unknown function "lenght" at 8; did you mean "length"?');
    expect(failure(() => parseTemplate('ab {{ 1 + }}')).position).toBe(9);
  });
});

describe('renderTemplate', () => {
  it('tells each hole that rendered nothing, in text and alone, and only those', () => {
    const empty: string[] = [];
    const note = (source: string) => empty.push(source);
    expect(renderTemplate('Hi {{ trigger.missing }}, {{ trigger.name }}{{ "" }}', scope, undefined, note)).toBe(
      'Hi , Ann',
    );
    expect(renderTemplate('{{ trigger.missing }}', scope, undefined, note)).toBe(null);
    expect(renderTemplate('{{ trigger.count }} {{ trigger.ok }}', scope, undefined, note)).toBe('3 true');
    expect(empty).toEqual(['trigger.missing', '""', 'trigger.missing']);
  });

  it('returns text without {{ unchanged', () => {
    expect(renderTemplate('plain text }}', scope)).toBe('plain text }}');
    expect(renderTemplate('', scope)).toBe('');
  });

  it('returns the raw value when the whole string is one expression', () => {
    expect(renderTemplate('{{ trigger.items }}', scope)).toEqual([1, 2]);
    expect(renderTemplate('{{trigger.count}}', scope)).toBe(3);
    expect(renderTemplate('{{ trigger.missing }}', scope)).toBeNull();
    expect(renderTemplate('{{ nodes.fetch.body }}', scope)).toEqual({ rows: [{ id: 'r1' }] });
  });

  it('joins text when there is anything around the expression', () => {
    expect(renderTemplate(' {{ trigger.count }}', scope)).toBe(' 3');
    expect(renderTemplate('Hello {{ trigger.name }}!', scope)).toBe('Hello Ann!');
    expect(renderTemplate('{{ trigger.count }}{{ trigger.ok }}', scope)).toBe('3true');
    expect(renderTemplate('[{{ trigger.missing }}]', scope)).toBe('[]');
    expect(renderTemplate('items={{ trigger.items }} info={{ trigger.info }}', scope)).toBe('items=[1,2] info={"a":1}');
  });

  it('reports evaluation errors at their position in the template', () => {
    const error = failure(() => renderTemplate('Total: {{ trigger.count / 0 }}', scope));
    expect(error.message).toContain('Division by zero');
    expect(error.position).toBe(10);
    expect(failure(() => renderTemplate('x {{ nope }}', scope)).position).toBe(5);
  });
});

describe('renderDeep', () => {
  it('renders every string in nested arrays and objects, leaving keys and other values', () => {
    const input = {
      url: 'https://api/{{ run.id }}',
      body: {
        rows: '{{ nodes.fetch.body.rows }}',
        count: 2,
        flag: false,
        nothing: null,
        list: ['{{ trigger.name }}', 4],
      },
      '{{ key }}': 'kept key',
    };
    const output = renderDeep(input, scope);
    expect(output).toEqual({
      url: 'https://api/run-7',
      body: { rows: [{ id: 'r1' }], count: 2, flag: false, nothing: null, list: ['Ann', 4] },
      '{{ key }}': 'kept key',
    });
    expect(output).not.toBe(input);
    expect(input.body.rows).toBe('{{ nodes.fetch.body.rows }}');
  });

  it('returns non-string scalars and non-plain objects unchanged', () => {
    expect(renderDeep(5, scope)).toBe(5);
    expect(renderDeep(null, scope)).toBeNull();
    const date = new Date(0);
    expect(renderDeep({ date }, scope)).toEqual({ date });
  });

  it('keeps a __proto__ key an ordinary property', () => {
    const input = JSON.parse('{"__proto__": {"x": "{{ run.id }}"}}') as unknown;
    const output = renderDeep(input, scope) as Record<string, unknown>;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(output, '__proto__')?.value).toEqual({ x: 'run-7' });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
