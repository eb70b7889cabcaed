import { describe, expect, it } from 'vitest';
import { validateSpec } from './validate-spec';

// The validator's checks of for_each loops and their bodies (decision 0009).

const context = { ownerId: '00000000-0000-4000-8000-000000000001', connectors: null };

const transform = (id: string, value: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'transform',
  name: id,
  config: { fields: [{ name: 'value', value }] },
  ...extra,
});
const loop = (id: string, items = '{{ nodes.fetch.list }}', extra: Record<string, unknown> = {}) => ({
  id,
  type: 'for_each',
  name: id,
  config: { items },
  ...extra,
});

/** fetch → each (body: shape → use) → after */
function spec(changes: (s: { nodes: any[]; edges: any[] }) => void = () => {}) {
  const s = {
    trigger: { type: 'manual' },
    nodes: [
      transform('fetch', '{{ trigger.list }}'),
      loop('each'),
      transform('shape', '{{ item.name }} #{{ index }} of {{ nodes.fetch.list }}', { loop: 'each' }),
      transform('use', '{{ nodes.shape.value }}', { loop: 'each' }),
      transform('after', '{{ nodes.each.results }}'),
    ],
    edges: [
      ['fetch', 'each'],
      ['shape', 'use'],
      ['each', 'after'],
    ],
  };
  changes(s);
  return s;
}

function messages(input: unknown): string[] {
  const result = validateSpec(input, context);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('validateSpec: loops', () => {
  it('accepts a loop whose body reads item, index, earlier body nodes and nodes before the loop', () => {
    const result = validateSpec(spec(), context);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.spec.nodes[1]!.config).toEqual({
        items: '{{ nodes.fetch.list }}',
        concurrency: 1,
        onItemError: 'stop',
        maxItems: 1000,
      });
  });

  it('refuses "loop" naming no node, or a node that is not a for_each', () => {
    expect(messages(spec((s) => (s.nodes[2].loop = 'ghost')))).toContain(
      'nodes.2.loop: "ghost" is not a node of this spec; "loop" names a for_each node',
    );
    expect(messages(spec((s) => (s.nodes[3].loop = 'fetch')))).toContain(
      'nodes.3.loop: "fetch" is a transform node; "loop" names the for_each node whose body this node is in',
    );
  });

  it('refuses edges across a loop body’s edge, with a hint for an edge into the body', () => {
    expect(messages(spec((s) => s.edges.push(['each', 'shape'])))).toContain(
      'edges.3: "shape" is in the body of loop "each": leave out the edge each → shape, the loop runs its body once per item by itself',
    );
    expect(messages(spec((s) => s.edges.push(['use', 'after'])))).toContain(
      'edges.3: edge use → after crosses a loop\'s edge: "use" is in the body of loop "each" and "after" is not in a loop body; edges join nodes of the same body, and nodes after a loop read nodes.<loop>.results',
    );
  });

  it('refuses item and index outside a body, and body nodes read from outside', () => {
    const problems = messages(
      spec((s) => {
        s.nodes[0].config.fields[0].value = '{{ item }}';
        s.nodes[4].config.fields[0].value = '{{ nodes.use.value }}';
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'nodes.0.config.fields.0.value: "item" is only defined in a loop body (a node whose "loop" names a for_each node)',
        'nodes.4.config.fields.0.value: references "use", which is in the body of loop "each"; after the loop, read nodes.each.results',
      ]),
    );
  });

  it('refuses a body node reading its own loop, a later body node, or a node after the loop', () => {
    const problems = messages(
      spec((s) => {
        s.nodes[2].config.fields[0].value = '{{ nodes.each.count }} {{ nodes.use.value }} {{ nodes.after.value }}';
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'nodes.2.config.fields.0.value: references its own loop "each", whose results exist only after the loop',
        'nodes.2.config.fields.0.value: references node "use", which does not run before "shape"; add an edge or reference an upstream node',
        'nodes.2.config.fields.0.value: references node "after", which does not run before "shape"; add an edge or reference an upstream node',
      ]),
    );
  });

  it('refuses a loop without a body, items that are not one expression, an approval in a body, and a third level', () => {
    const problems = messages(
      spec((s) => {
        s.nodes.push(loop('empty'));
        s.nodes[1].config.items = 'list: {{ nodes.fetch.list }}';
        s.nodes.push({
          id: 'ask',
          type: 'approval',
          name: 'ask',
          loop: 'each',
          config: { message: 'ok?' },
        });
        s.nodes.push(
          loop('inner', '{{ item.parts }}', { loop: 'each' }),
          loop('innermost', '{{ item }}', { loop: 'inner' }),
        );
        s.nodes.push(transform('deep', '{{ item }}', { loop: 'innermost' }));
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'nodes.5: loop "empty" has no body: give the nodes it runs per item "loop": "empty"',
        'nodes.1.config.items: items must be one {{ expression }} giving a list, with no text around it',
        'nodes.6.loop: an approval cannot be in a loop body; ask once, before or after loop "each"',
        'nodes.9.loop: loops nest at most 2 deep; "deep" is inside "innermost" inside "inner" inside "each"',
      ]),
    );
  });

  it('refuses loops that hold each other', () => {
    const problems = messages(
      spec((s) => {
        s.nodes[1].loop = 'other';
        s.nodes.push(loop('other', '{{ trigger.list }}', { loop: 'each' }));
      }),
    );
    expect(problems).toContain('nodes.1.loop: "each" is inside itself through "loop"');
  });

  it('keeps concurrency and maxItems within their bounds', () => {
    const problems = messages(spec((s) => Object.assign(s.nodes[1].config, { concurrency: 50, maxItems: 20_000 })));
    expect(problems.filter((p) => p.startsWith('nodes.1.config.'))).toHaveLength(2);
  });
});
