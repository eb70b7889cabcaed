import { useState } from 'react';
import type { SpecDiff } from '../../../../core/spec/spec-diff';
import type { WorkflowSpec } from '../../../../core/spec/spec.schema';
import { SpecGraphView } from '../../graph/spec-graph-view';
import { JsonView } from '../../ui/json-view';
import { Tabs } from '../../ui/tabs';
import type { ChatMessage } from './chat-message';
import { SpecChanges } from '../../ui/spec-changes';
import { describeTrigger } from '../../ui/trigger-text';

type TabId = 'graph' | 'spec' | 'changes' | 'problems';

type GraphableSpec = Parameters<typeof SpecGraphView>[0]['spec'];

const isText = (value: unknown): value is string => typeof value === 'string';

/**
 * An invalid proposal may be any shape: draw it only when its nodes and edges can be read. A node
 * of an unknown type is still drawn (its type is only displayed), so the person sees what is wrong.
 */
function isGraphable(spec: unknown): spec is GraphableSpec {
  const { nodes, edges } = (spec ?? {}) as Record<string, unknown>;
  return (
    Array.isArray(nodes) &&
    nodes.every(
      (n: Record<string, unknown> | null) =>
        n !== null && typeof n === 'object' && isText(n.id) && isText(n.name) && isText(n.type),
    ) &&
    Array.isArray(edges) &&
    edges.every((e: unknown) => Array.isArray(e) && (e.length === 2 || e.length === 3) && e.every(isText))
  );
}

/** The proposal as a graph, as JSON, as changes against the current version, and its problems. */
export function ProposalTabs({ message, isNew }: { message: ChatMessage; isNew: boolean }) {
  const spec = message.proposedSpec;
  // The API sends the diff only for an open proposal; it is a SpecDiff (typed loosely on the wire).
  const diff = message.diff as SpecDiff | null;
  const tabs: Array<{ id: TabId; label: string }> = [
    ...(message.problems.length > 0
      ? [{ id: 'problems' as const, label: `Problems (${message.problems.length})` }]
      : []),
    { id: 'graph', label: 'Graph' },
    { id: 'spec', label: 'Spec' },
    ...(diff ? [{ id: 'changes' as const, label: 'Changes' }] : []),
  ];
  const [chosen, setChosen] = useState<TabId>(tabs[0]!.id);
  const current = tabs.some((tab) => tab.id === chosen) ? chosen : tabs[0]!.id;
  const trigger = message.proposalStatus === 'invalid' ? null : (spec as WorkflowSpec).trigger;

  return (
    <>
      {trigger && <p className="proposal-trigger">Starts {describeTrigger(trigger)}.</p>}
      <Tabs label="Proposal views" tabs={tabs} current={current} onChange={setChosen}>
        {current === 'problems' && (
          <ul className="proposal-problems" aria-label="Problems">
            {message.problems.map((problem, index) => (
              <li key={index}>
                <code>{problem.path || 'spec'}</code>: {problem.message}
              </li>
            ))}
          </ul>
        )}
        {current === 'graph' &&
          (isGraphable(spec) ? (
            <SpecGraphView spec={spec} label="Proposed workflow" />
          ) : (
            <p className="empty-state">This proposal is too malformed to draw; see its spec and problems.</p>
          ))}
        {current === 'spec' && <JsonView value={spec} label="Proposed spec (JSON)" />}
        {current === 'changes' && diff && (
          <>
            {isNew && <p className="muted">A new workflow: everything below is new.</p>}
            <SpecChanges
              diff={diff}
              label="Changes against the current version"
              unchanged="No changes against the current version."
            />
          </>
        )}
      </Tabs>
    </>
  );
}
