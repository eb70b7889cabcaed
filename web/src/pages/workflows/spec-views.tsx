import { useState } from 'react';
import { SpecGraphView } from '../../graph/spec-graph-view';
import { JsonView } from '../../ui/json-view';
import { Tabs } from '../../ui/tabs';
import { readSpec } from './read-spec';

const views = [
  { id: 'graph', label: 'Graph' },
  { id: 'json', label: 'Spec (JSON)' },
] as const;

/** A stored spec as a graph or as its JSON; `label` names it for the tabs and the graph, e.g. "Version 2". */
export function SpecViews({ spec, label }: { spec: unknown; label: string }) {
  const [view, setView] = useState<(typeof views)[number]['id']>('graph');
  const readable = readSpec(spec);
  return (
    <Tabs label={`${label} views`} tabs={views} current={view} onChange={setView}>
      {view === 'json' ? (
        <JsonView value={spec} label={`${label} (JSON)`} />
      ) : readable ? (
        <SpecGraphView spec={readable} label={`${label} graph`} />
      ) : (
        <p className="empty-state">
          This spec does not read as the current spec language, so it cannot be drawn; see its JSON.
        </p>
      )}
    </Tabs>
  );
}
