import { describe, expect, it } from 'vitest';
import type { TaskStatus } from '../../core/db/enums';
import type { SpecNode, WorkflowSpec } from '../../core/spec/spec.schema';
import { resumePlan } from './resume-plan';

const transform = (id: string, value = 'x'): SpecNode => ({
  id,
  type: 'transform',
  name: id.toUpperCase(),
  config: { fields: [{ name: 'v', value }] },
});

/** fetch → check → (true) notify / (false) quiet, both → report; check → alert on error. */
function spec(): WorkflowSpec {
  return {
    trigger: { type: 'manual' },
    nodes: [
      transform('fetch'),
      { id: 'check', type: 'condition', name: 'CHECK', config: { expression: 'true' } },
      transform('notify'),
      transform('quiet'),
      transform('report'),
      transform('alert'),
      transform('tail'),
    ],
    edges: [
      ['fetch', 'check'],
      ['check', 'notify', 'true'],
      ['check', 'quiet', 'false'],
      ['notify', 'report'],
      ['quiet', 'report'],
      ['report', 'tail'],
      ['fetch', 'alert', 'error'],
    ],
  };
}

const statuses = (entries: Record<string, TaskStatus>) => new Map(Object.entries(entries));
// `report` failed: everything before it settled, `quiet` off the branch not taken.
const failedAtReport = statuses({
  fetch: 'success',
  check: 'success',
  notify: 'success',
  quiet: 'skipped',
  alert: 'skipped',
  report: 'failed',
  tail: 'skipped',
});

describe('resumePlan', () => {
  it('reuses every node that succeeded before the failure, through branches not taken', () => {
    const original = spec();
    expect(resumePlan(original, original, failedAtReport)).toEqual({
      ok: true,
      reused: ['fetch', 'check', 'notify'],
      items: [],
    });
  });

  it('runs again what succeeded only after a failure: a handler, a node after onError "continue"', () => {
    const original = spec();
    const plan = resumePlan(
      original,
      original,
      statuses({ fetch: 'failed', check: 'skipped', alert: 'success', notify: 'skipped', tail: 'skipped' }),
    );
    expect(plan).toEqual({ ok: true, reused: [], items: [] });
  });

  it('accepts the current spec when only what comes after the failure, or a name, changed', () => {
    const current = spec();
    current.nodes[6] = transform('tail', 'changed downstream');
    current.nodes[0] = { ...current.nodes[0]!, name: 'Fetch, renamed' };
    current.nodes.push(transform('extra'));
    current.edges.push(['tail', 'extra']);
    expect(resumePlan(spec(), current, failedAtReport)).toEqual({
      ok: true,
      reused: ['fetch', 'check', 'notify'],
      items: [],
    });
  });

  it('refuses the current spec, naming each node of the settled part that changed or went', () => {
    const current = spec();
    current.nodes[0] = transform('fetch', 'another value');
    current.nodes = current.nodes.filter((node) => node.id !== 'quiet');
    current.edges = current.edges.filter((edge) => edge[1] !== 'quiet' && edge[0] !== 'quiet');
    current.nodes.push(transform('before_notify'));
    current.edges.push(['before_notify', 'notify']);
    expect(resumePlan(spec(), current, failedAtReport)).toEqual({
      ok: false,
      changed: [
        { id: 'fetch', name: 'FETCH', how: 'changed' },
        { id: 'notify', name: 'NOTIFY', how: 'changed' },
        { id: 'quiet', name: 'QUIET', how: 'removed' },
      ],
    });
  });

  describe('loops', () => {
    /** fetch → each (body: charge → mail) → report */
    function loopSpec(): WorkflowSpec {
      return {
        trigger: { type: 'manual' },
        nodes: [
          transform('fetch'),
          {
            id: 'each',
            type: 'for_each',
            name: 'EACH',
            config: { items: '{{ nodes.fetch.v }}', concurrency: 1, onItemError: 'stop', maxItems: 100 },
          },
          { ...transform('charge'), loop: 'each' },
          { ...transform('mail'), loop: 'each' },
          transform('report'),
        ],
        edges: [
          ['fetch', 'each'],
          ['charge', 'mail'],
          ['each', 'report'],
        ],
      };
    }
    // Item 1 failed at mail; item 2 never ran.
    const failedInItem = statuses({
      fetch: 'success',
      each: 'failed',
      report: 'skipped',
      'each[0]': 'success',
      'charge[0]': 'success',
      'mail[0]': 'success',
      'each[1]': 'failed',
      'charge[1]': 'success',
      'mail[1]': 'failed',
      'each[2]': 'skipped',
      'charge[2]': 'skipped',
    });

    it('keeps the items that succeeded, with the rows under them, when the loop runs again', () => {
      const original = loopSpec();
      expect(resumePlan(original, original, failedInItem)).toEqual({
        ok: true,
        reused: ['fetch'],
        items: ['each[0]', 'charge[0]', 'mail[0]'],
      });
    });

    it('keeps no item when the loop’s body changed, or what feeds its list runs again', () => {
      const changed = loopSpec();
      changed.nodes[3] = { ...transform('mail', 'y'), loop: 'each' };
      expect(resumePlan(loopSpec(), changed, failedInItem)).toMatchObject({ ok: true, items: [] });
      expect(
        resumePlan(loopSpec(), loopSpec(), new Map([...failedInItem, ['fetch', 'failed' as TaskStatus]])),
      ).toMatchObject({ ok: true, reused: [], items: [] });
    });

    it('refuses the current spec when the body of a loop that succeeded changed', () => {
      const done = statuses({ fetch: 'success', each: 'success', report: 'failed', 'each[0]': 'success' });
      const changed = loopSpec();
      changed.nodes[2] = { ...transform('charge', 'z'), loop: 'each' };
      expect(resumePlan(loopSpec(), changed, done)).toEqual({
        ok: false,
        changed: [{ id: 'each', name: 'EACH', how: 'changed' }],
      });
    });
  });
});
