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
    expect(resumePlan(original, original, failedAtReport)).toEqual({ ok: true, reused: ['fetch', 'check', 'notify'] });
  });

  it('runs again what succeeded only after a failure: a handler, a node after onError "continue"', () => {
    const original = spec();
    const plan = resumePlan(
      original,
      original,
      statuses({ fetch: 'failed', check: 'skipped', alert: 'success', notify: 'skipped', tail: 'skipped' }),
    );
    expect(plan).toEqual({ ok: true, reused: [] });
  });

  it('accepts the current spec when only what comes after the failure, or a name, changed', () => {
    const current = spec();
    current.nodes[6] = transform('tail', 'changed downstream');
    current.nodes[0] = { ...current.nodes[0]!, name: 'Fetch, renamed' };
    current.nodes.push(transform('extra'));
    current.edges.push(['tail', 'extra']);
    expect(resumePlan(spec(), current, failedAtReport)).toEqual({ ok: true, reused: ['fetch', 'check', 'notify'] });
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
});
