import { expect, it } from 'vitest';
import { diffSpecs } from './spec-diff';
import { fiveNodeSpec } from '../../testing/five-node-spec';

const ids = { http: '11111111-1111-4111-8111-111111111111', smtp: '22222222-2222-4222-8222-222222222222' };

it('shows everything as added for a new workflow, destinations and connectors called out', () => {
  const diff = diffSpecs(null, fiveNodeSpec(ids, 'https://billing.example.com/invoices'));
  expect(diff.nodesAdded.map((n) => n.id)).toEqual(['fetch', 'summarise', 'check', 'notify', 'all_clear']);
  expect(diff.triggerChanged).toEqual({ from: null, to: { type: 'manual' } });
  expect(diff.newDestinations).toEqual(['HTTP billing.example.com', 'email {{ trigger.recipient }}']);
  expect(diff.newConnectors.sort()).toEqual([ids.http, ids.smtp].sort());
});

it('shows only what a refinement changed', () => {
  const before = fiveNodeSpec(ids, 'https://billing.example.com/invoices');
  const after = structuredClone(before);
  (after.nodes[3]!.config as { cc: string[] }).cc = ['cfo@acme.test'];
  after.nodes[0]!.onError = 'continue';
  after.nodes = after.nodes.filter((n) => n.id !== 'all_clear');
  after.edges = after.edges.filter((e) => e[1] !== 'all_clear');
  const diff = diffSpecs(before, after);
  expect(diff).toEqual({
    triggerChanged: null,
    settingsChanged: [],
    nodesAdded: [],
    nodesRemoved: [{ id: 'all_clear', type: 'transform', name: 'Nothing to do' }],
    nodesChanged: [
      { id: 'fetch', name: 'Fetch open invoices', fields: ['onError'] },
      { id: 'notify', name: 'Email finance', fields: ['config.cc'] },
    ],
    edgesAdded: [],
    edgesRemoved: ['check → all_clear (false)'],
    newDestinations: ['email cfo@acme.test'],
    newConnectors: [],
  });
});

it('lists a changed setting, "default" where it is not set', () => {
  const before = fiveNodeSpec(ids, 'https://billing.example.com/invoices');
  const after = { ...structuredClone(before), settings: { overlap: 'buffer_one' as const } };
  expect(diffSpecs(before, after).settingsChanged).toEqual(['overlap: default → buffer_one']);
  expect(diffSpecs(after, { ...after, settings: { overlap: 'skip' } }).settingsChanged).toEqual([
    'overlap: buffer_one → skip',
  ]);
  expect(diffSpecs(after, structuredClone(after)).settingsChanged).toEqual([]);
});
