import { Background, Controls, ReactFlow, type Edge as FlowEdge, type Node as FlowNode } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo, type ReactNode } from 'react';
import { errorBranch } from '../../../core/spec/spec-graph';
import type { Edge, SpecNode } from '../../../core/spec/spec.schema';
import { boxParents, layoutSpec } from './graph-layout';

type GraphNode = Pick<SpecNode, 'id' | 'name' | 'type' | 'onError'> & { loop?: string; config?: unknown };

interface GraphSpec {
  nodes: readonly GraphNode[];
  edges: readonly Edge[];
}

/** "http request", and "continues on error" for a node whose failure does not stop the run. */
function nodeKind(node: GraphNode): string {
  const type = node.type.replaceAll('_', ' ');
  return node.onError === 'continue' ? `${type}, continues on error` : type;
}

/**
 * What a loop does, from its config as far as it can be read (a proposal may be invalid):
 * "for each {{ trigger.invoices }} · 5 at once · continues past failed items".
 */
export function loopSummary(config: unknown): string {
  const { items, concurrency, onItemError } = (config && typeof config === 'object' ? config : {}) as Record<
    string,
    unknown
  >;
  return [
    `for each ${typeof items === 'string' ? items : '(no list)'}`,
    `${typeof concurrency === 'number' ? concurrency : 1} at once`,
    onItemError === 'continue' ? 'continues past failed items' : 'stops at a failed item',
  ].join(' · ');
}

/** For the outline: where a node's failure goes, as the dashed edges show it on the canvas. */
function errorHandlers(spec: GraphSpec, nodeId: string) {
  const handlers = spec.edges.filter(([from, , branch]) => from === nodeId && branch === errorBranch);
  if (handlers.length === 0) return null;
  const names = handlers.map(([, to]) => spec.nodes.find((n) => n.id === to)?.name ?? to);
  return <span className="muted"> — on failure: {names.join(', ')}</span>;
}

/**
 * A spec as a read-only graph. A loop is a box holding its body, laid out as a graph of its own;
 * the edges into and out of the loop meet its box. Error edges (taken only when their source
 * fails) are dashed red. With `statuses` (a run's tasks by node id) each node shows how it went,
 * and `notes` add a line to a node (a loop's progress, a body node's count per item); with
 * `onSelect` clicking a node (or Enter on it) selects it. A list beside the canvas gives keyboard
 * and screen-reader users the same nodes in order, a loop's body nested under it.
 */
export function SpecGraphView({
  spec,
  statuses,
  notes,
  selectedId,
  onSelect,
  label = 'Workflow graph',
}: {
  spec: GraphSpec;
  statuses?: Readonly<Record<string, string>>;
  notes?: Readonly<Record<string, string>>;
  selectedId?: string | null;
  onSelect?: (nodeId: string) => void;
  label?: string;
}) {
  const parents = useMemo(() => boxParents(spec.nodes), [spec]);
  const { nodes, edges } = useMemo(() => {
    const placed = layoutSpec(spec.nodes, spec.edges);
    const depthOf = (id: string): number => {
      const parent = parents.get(id);
      return parent ? depthOf(parent) + 1 : 0;
    };
    // React Flow wants a box before the nodes inside it.
    const ordered = [...spec.nodes].sort((a, b) => depthOf(a.id) - depthOf(b.id));
    const nodes: FlowNode[] = ordered.map((node) => {
      const place = placed.get(node.id) ?? { x: 0, y: 0, width: 190, height: 60, parent: null };
      const isLoop = node.type === 'for_each' && [...parents.values()].includes(node.id);
      const status = statuses?.[node.id];
      return {
        id: node.id,
        position: { x: place.x, y: place.y },
        ...(place.parent && { parentId: place.parent }),
        data: {
          label: (
            <span className="graph-node-label">
              <strong>{node.name}</strong>
              <small>
                {node.type === 'for_each' ? loopSummary(node.config) : nodeKind(node)}
                {status ? ` · ${status}` : ''}
              </small>
              {notes?.[node.id] && <small className="graph-note">{notes[node.id]}</small>}
            </span>
          ),
        },
        className: [
          'graph-node',
          isLoop ? 'graph-loop' : '',
          status ? `status-${status}` : '',
          selectedId === node.id ? 'selected-node' : '',
        ].join(' '),
        style: isLoop ? { width: place.width, height: place.height } : { width: place.width },
        connectable: false,
        draggable: false,
      };
    });
    const edges: FlowEdge[] = spec.edges.map(([from, to, branch], index) => ({
      id: `${from}-${to}-${branch ?? ''}-${index}`,
      source: from,
      target: to,
      label: branch,
      className: branch === errorBranch ? 'error-edge' : undefined,
      animated: statuses?.[from] === (branch === errorBranch ? 'failed' : 'success') && statuses?.[to] === 'running',
    }));
    return { nodes, edges };
  }, [spec, parents, statuses, notes, selectedId]);

  const outline = (scope: string | null): ReactNode => {
    const members = spec.nodes.filter((node) => (parents.get(node.id) ?? null) === scope);
    if (members.length === 0) return null;
    return (
      <ol
        className={scope === null ? 'graph-outline' : 'graph-outline-body'}
        aria-label={
          scope === null ? `${label}: nodes` : `Body of ${spec.nodes.find((n) => n.id === scope)?.name ?? scope}`
        }
      >
        {members.map((node) => (
          <li key={node.id}>
            {onSelect ? (
              <button
                type="button"
                className={selectedId === node.id ? 'link selected' : 'link'}
                onClick={() => onSelect(node.id)}
              >
                {node.name}
              </button>
            ) : (
              node.name
            )}{' '}
            <span className="muted">
              ({node.type === 'for_each' ? loopSummary(node.config) : nodeKind(node)}
              {statuses?.[node.id] ? `, ${statuses[node.id]}` : ''}
              {notes?.[node.id] ? `, ${notes[node.id]}` : ''})
            </span>
            {errorHandlers(spec, node.id)}
            {node.type === 'for_each' && outline(node.id)}
          </li>
        ))}
      </ol>
    );
  };

  return (
    <div className="graph" role="group" aria-label={label}>
      <div className="graph-canvas">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          fitView
          // Small graphs would otherwise be blown up to fill the canvas.
          fitViewOptions={{ maxZoom: 1 }}
          nodesConnectable={false}
          nodesDraggable={false}
          onNodeClick={onSelect ? (_, node) => onSelect(node.id) : undefined}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      {outline(null)}
    </div>
  );
}
