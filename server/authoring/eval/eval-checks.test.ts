import { describe, expect, it } from 'vitest';
import type { WorkflowSpec } from '../../../core/spec/spec.schema';
import { validateSpec } from '../../../core/spec/validate-spec';
import {
  errorRoute,
  handlesNoFailure,
  hasLoop,
  loopContinuesOnFailure,
  loopsOver,
  noLoop,
  onErrorContinue,
  overlap,
  type Check,
} from './eval-checks';

// The loop and error-route checks on specs the validator accepts (as the eval's specs are).

const transform = (id: string, value: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'transform',
  name: id,
  config: { fields: [{ name: 'value', value }] },
  ...extra,
});

function valid(input: unknown): WorkflowSpec {
  const result = validateSpec(input, { ownerId: 'owner', connectors: null });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.spec;
}

/** fetch (http) → each (body: outer → nested loop inner (body: deep)) → after; fetch fails to alert. */
const spec = valid({
  trigger: { type: 'manual' },
  nodes: [
    { id: 'fetch', type: 'http_request', name: 'fetch', onError: 'continue', config: { url: 'https://a.test/x' } },
    { id: 'each', type: 'for_each', name: 'each', config: { items: '{{ nodes.fetch.body }}' } },
    transform('outer', '{{ item }}', { loop: 'each' }),
    { id: 'inner', type: 'for_each', name: 'inner', loop: 'each', config: { items: '{{ item.parts }}' } },
    { ...transform('deep', '{{ item }}', { loop: 'inner' }), onError: 'continue' },
    transform('after', '{{ nodes.each.count }}'),
    transform('alert', '{{ nodes.fetch.error.message }}'),
  ],
  edges: [
    ['fetch', 'each'],
    ['each', 'after'],
    ['fetch', 'alert', 'error'],
  ],
});
const plain = valid({ trigger: { type: 'manual' }, nodes: [transform('only', 'x')], edges: [] });
const run = (check: Check, on: WorkflowSpec) => check({ spec: on, questions: [], previous: null });

describe('eval checks for loops and error routes', () => {
  it('finds a loop by the types in its body, nested bodies included', () => {
    expect(run(hasLoop('transform', 'for_each'), spec)).toBeNull();
    expect(run(hasLoop('http_request'), spec)).toBe('no loop whose body has http_request');
    expect(run(hasLoop('transform'), plain)).toBe('no for_each loop');
    expect(run(noLoop, plain)).toBeNull();
    expect(run(noLoop, spec)).toBe('a for_each loop where none was asked for');
  });

  it('tells what a loop iterates over and whether it carries on past a failed item', () => {
    expect(run(loopsOver('http_request'), spec)).toBeNull();
    expect(run(loopsOver('google_sheets'), spec)).toBe('no loop over the output of a google_sheets node');
    // "deep", in the nested loop's body, continues: that carries the outer loop on too.
    expect(run(loopContinuesOnFailure, spec)).toBeNull();
    const stops = valid({ ...spec, nodes: spec.nodes.map(({ onError: _, ...n }) => n) });
    expect(run(loopContinuesOnFailure, stops)).toBe('no loop carries on past a failed item (onItemError "continue")');
  });

  it('finds error edges and onError "continue", and their absence', () => {
    expect(run(errorRoute('http_request', 'transform'), spec)).toBeNull();
    expect(run(errorRoute('http_request', 'send_email'), spec)).toBe(
      'no "error" edge from a http_request to a send_email',
    );
    expect(run(onErrorContinue('a.test/x'), spec)).toBeNull();
    expect(run(onErrorContinue('elsewhere.test'), spec)).toBe('no node mentions "elsewhere.test"');
    expect(run(handlesNoFailure, spec)).toBe('handles failures nobody asked about');
    expect(run(handlesNoFailure, plain)).toBeNull();
  });

  it('reads the overlap setting', () => {
    expect(run(overlap('buffer_one'), valid({ ...plain, settings: { overlap: 'buffer_one' } }))).toBeNull();
    expect(run(overlap('skip'), plain)).toBe('settings.overlap is not set, expected "skip"');
  });
});
