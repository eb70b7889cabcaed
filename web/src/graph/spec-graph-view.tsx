import { Background, Controls, ReactFlow, type Edge as FlowEdge, type Node as FlowNode } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { errorBranch } from '../../../core/spec/spec-graph';
import type { Edge, SpecNode } from '../../../core/spec/spec.schema';
import { layoutSpec, NODE_WIDTH } from './graph-layout';

interface GraphSpec {
  nodes: readonly Pick<SpecNode, 'id' | 'name' | 'type' | 'onError'>[];
  edges: readonly Edge[];
}

/** "http request", and "continues on error" for a node whose failure does not stop the run. */
function nodeKind(node: GraphSpec['nodes'][number]): string {
  const type = node.type.replaceAll('_', ' ');
  return node.onError === 'continue' ? `${type}, continues on error` : type;
}

/** For the outline: where a node's failure goes, as the dashed edges show it on the canvas. */
function errorHandlers(spec: GraphSpec, nodeId: string) {
  const handlers = spec.edges.filter(([from, , branch]) => from === nodeId && branch === errorBranch);
  if (handlers.length === 0) return null;
  const names = handlers.map(([, to]) => spec.nodes.find((n) => n.id === to)?.name ?? to);
  return <span className="muted"> — on failure: {names.join(', ')}</span>;
}

/**
 * A spec as a read-only graph. Error edges (taken only when their source fails) are dashed red. With `statuses` (a run's tasks by node id) each node shows how it
 * went; with `onSelect` clicking a node (or Enter on it) selects it. A list beside the canvas
 * gives keyboard and screen-reader users the same nodes in order.
 */
export function SpecGraphView({
  spec,
  statuses,
  selectedId,
  onSelect,
  label = 'Workflow graph',
}: {
  spec: GraphSpec;
  statuses?: Readonly<Record<string, string>>;
  selectedId?: string | null;
  onSelect?: (nodeId: string) => void;
  label?: string;
}) {
  const { nodes, edges } = useMemo(() => {
    const positions = layoutSpec(spec.nodes, spec.edges);
    const nodes: FlowNode[] = spec.nodes.map((node) => ({
      id: node.id,
      position: positions.get(node.id) ?? { x: 0, y: 0 },
      data: {
        label: (
          <span className="graph-node-label">
            <strong>{node.name}</strong>
            <small>
              {nodeKind(node)}
              {statuses?.[node.id] ? ` · ${statuses[node.id]}` : ''}
            </small>
          </span>
        ),
      },
      className: [
        'graph-node',
        statuses?.[node.id] ? `status-${statuses[node.id]}` : '',
        selectedId === node.id ? 'selected-node' : '',
      ].join(' '),
      style: { width: NODE_WIDTH },
      connectable: false,
      draggable: false,
    }));
    const edges: FlowEdge[] = spec.edges.map(([from, to, branch], index) => ({
      id: `${from}-${to}-${branch ?? ''}-${index}`,
      source: from,
      target: to,
      label: branch,
      className: branch === errorBranch ? 'error-edge' : undefined,
      animated: statuses?.[from] === (branch === errorBranch ? 'failed' : 'success') && statuses?.[to] === 'running',
    }));
    return { nodes, edges };
  }, [spec, statuses, selectedId]);

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
      <ol className="graph-outline" aria-label={`${label}: nodes`}>
        {spec.nodes.map((node) => (
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
              ({nodeKind(node)}
              {statuses?.[node.id] ? `, ${statuses[node.id]}` : ''})
            </span>
            {errorHandlers(spec, node.id)}
          </li>
        ))}
      </ol>
    </div>
  );
}
