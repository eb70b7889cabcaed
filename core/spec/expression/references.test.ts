import { describe, expect, it } from 'vitest';
import { ExpressionError } from './expression-error';
import { parseExpression } from './parser';
import { expressionReferences, templateReferences } from './references';

const refs = (source: string) => expressionReferences(parseExpression(source));

describe('expressionReferences', () => {
  it("follows literal keys and stops at the first computed one (the brief's example)", () => {
    expect(refs('length(nodes.fetch.body) > nodes["b"].x[0].y + trigger.a[idx]')).toEqual([
      ['nodes', 'fetch', 'body'],
      ['nodes', 'b', 'x', '0', 'y'],
      ['trigger', 'a'],
      ['idx'],
    ]);
  });

  it('lists references inside computed keys and after them', () => {
    expect(refs('nodes[trigger.which].out[run.i].x')).toEqual([['nodes'], ['trigger', 'which'], ['run', 'i']]);
  });

  it('walks every kind of expression in source order', () => {
    expect(refs('a ? [b.c, {k: d}] : -e ?? !f || upper(g.h) == i')).toEqual([
      ['a'],
      ['b', 'c'],
      ['d'],
      ['e'],
      ['f'],
      ['g', 'h'],
      ['i'],
    ]);
  });

  it('ignores literals, function names and object keys, and removes duplicates', () => {
    expect(refs('upper("x") + {trigger: 1}.trigger')).toEqual([]);
    expect(refs('a.b + a.b + a')).toEqual([['a', 'b'], ['a']]);
  });

  it('looks through calls and parentheses at the root', () => {
    expect(refs('first(nodes.list.items).name')).toEqual([['nodes', 'list', 'items']]);
    expect(refs('(nodes.a ?? nodes.b).c[x]')).toEqual([['nodes', 'a'], ['nodes', 'b'], ['x']]);
  });
});

describe('templateReferences', () => {
  it('collects the references of every expression', () => {
    expect(templateReferences('Hi {{ trigger.name }}, {{ nodes.fetch.body.count }} and {{ trigger.name }}')).toEqual([
      ['trigger', 'name'],
      ['nodes', 'fetch', 'body', 'count'],
    ]);
    expect(templateReferences('no expressions')).toEqual([]);
  });

  it('throws ExpressionError for a bad template', () => {
    expect(() => templateReferences('{{ nodes.a')).toThrow(ExpressionError);
    expect(() => templateReferences('{{ 1 + }}')).toThrow(ExpressionError);
  });
});
