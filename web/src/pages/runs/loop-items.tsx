import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { SpecNode } from '../../../../core/spec/spec.schema';
import { useTRPC } from '../../trpc';
import { formatDuration, elapsed } from '../../ui/format';
import { JsonView } from '../../ui/json-view';
import { QueryView } from '../../ui/query-view';
import { StatusBadge } from '../../ui/status-badge';
import { NodeDetails } from './node-details';
import type { ItemCounts, LoopItem } from './run-labels';
import { progressText } from './run-nodes';

type Filter = 'failed' | 'all';
const PAGE_SIZE = 20;
type SpecNodes = ReadonlyArray<Pick<SpecNode, 'id' | 'name' | 'type' | 'config'>>;

/** "n of N done, k failed" with a bar, for a loop's items. */
export function LoopProgress({ counts, name }: { counts: ItemCounts; name: string }) {
  return (
    <div className="loop-progress">
      <progress
        max={Math.max(counts.total, 1)}
        value={counts.total - counts.pending}
        aria-label={`Progress of ${name}`}
      />
      <span>{counts.total === 0 ? 'No items yet' : progressText(counts)}</span>
    </div>
  );
}

/** An item in one line: its JSON, cut short. */
function itemPreview(item: LoopItem): string {
  const text = item.itemTruncated && typeof item.item === 'string' ? item.item : JSON.stringify(item.item);
  return text === undefined ? '—' : text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * A loop's items, a page at a time: its failed ones first when there are any, or all of them;
 * each opens to its item and its body's tasks, and a body task to its details (a loop inside the
 * loop to its own items). Refreshed every 2 s while the run is live.
 */
export function LoopItems({
  runId,
  loop,
  path = [],
  nodes,
  counts,
  live,
}: {
  runId: string;
  loop: Pick<SpecNode, 'id' | 'name'>;
  /** The item of each loop around this one, outermost first. */
  path?: number[];
  nodes: SpecNodes;
  counts?: ItemCounts | null;
  live: boolean;
}) {
  const trpc = useTRPC();
  const headingId = useId();
  const [filter, setFilter] = useState<Filter>(counts && counts.failed > 0 ? 'failed' : 'all');
  const [cursors, setCursors] = useState<number[]>([0]);
  const [open, setOpen] = useState<number | null>(null);
  const cursor = cursors.at(-1)!;
  const items = useQuery({
    ...trpc.runs.items.queryOptions({
      runId,
      loop: loop.id,
      path,
      status: filter === 'failed' ? 'failed' : null,
      cursor,
      limit: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
    refetchInterval: live ? 2000 : false,
  });
  const show = (next: Filter) => {
    setFilter(next);
    setCursors([0]);
    setOpen(null);
  };
  const where = path.length > 0 ? ` (item ${path.join(', ')} of the loop around it)` : '';
  return (
    <section className="loop-items" aria-labelledby={headingId}>
      <h3 id={headingId}>
        Items of {loop.name}
        {where}
      </h3>
      {counts && <LoopProgress counts={counts} name={loop.name} />}
      <div className="toolbar" role="group" aria-label={`Which items of ${loop.name}`}>
        <button
          type="button"
          className={filter === 'failed' ? 'small' : 'small secondary'}
          aria-pressed={filter === 'failed'}
          onClick={() => show('failed')}
        >
          Failed items{counts ? ` (${counts.failed.toLocaleString('en')})` : ''}
        </button>
        <button
          type="button"
          className={filter === 'all' ? 'small' : 'small secondary'}
          aria-pressed={filter === 'all'}
          onClick={() => show('all')}
        >
          All items{counts ? ` (${counts.total.toLocaleString('en')})` : ''}
        </button>
      </div>
      <QueryView
        query={items}
        label="the items"
        isEmpty={(page) => page.items.length === 0}
        empty={
          filter === 'failed'
            ? 'No item has failed.'
            : live
              ? 'The loop has not listed its items yet.'
              : 'This loop has no items.'
        }
      >
        {(page) => (
          <>
            <table
              className="loop-item-table"
              aria-label={`${filter === 'failed' ? 'Failed items' : 'Items'} of ${loop.name}`}
            >
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Status</th>
                  <th scope="col">Item, error</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((item) => (
                  <tr key={item.index} className={open === item.index ? 'selected-row' : undefined}>
                    <th scope="row">
                      <button
                        type="button"
                        className="link"
                        aria-expanded={open === item.index}
                        onClick={() => setOpen(open === item.index ? null : item.index)}
                      >
                        Item {item.index}
                      </button>
                    </th>
                    <td>
                      <StatusBadge status={item.status} />
                    </td>
                    <td className="item-cell">
                      <code>{itemPreview(item)}</code>
                      {item.error && <span className="error-text">{item.error}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="toolbar pager">
              <button
                type="button"
                className="small secondary"
                disabled={cursors.length === 1}
                onClick={() => setCursors(cursors.slice(0, -1))}
              >
                Previous
              </button>
              <button
                type="button"
                className="small secondary"
                disabled={page.nextCursor === null}
                onClick={() => page.nextCursor !== null && setCursors([...cursors, page.nextCursor])}
              >
                Next
              </button>
            </div>
            {open !== null && page.items.some((item) => item.index === open) && (
              <ItemDetails
                runId={runId}
                loop={loop}
                path={path}
                item={page.items.find((item) => item.index === open)!}
                nodes={nodes}
                live={live}
              />
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}

/** One item: what it was, why it failed, and its body's tasks; one of them opens to its details. */
function ItemDetails({
  runId,
  loop,
  path,
  item,
  nodes,
  live,
}: {
  runId: string;
  loop: Pick<SpecNode, 'id' | 'name'>;
  path: number[];
  item: LoopItem;
  nodes: SpecNodes;
  live: boolean;
}) {
  const [selected, setSelected] = useState<string | null>(
    item.tasks.find((task) => task.status === 'failed')?.node ?? item.tasks[0]?.node ?? null,
  );
  const nodeOf = (id: string) =>
    nodes.find((node) => node.id === id) ?? { id, name: id, type: null, config: undefined };
  const task = item.tasks.find((t) => t.node === selected);
  const title = `Item ${item.index} of ${loop.name}`;
  return (
    <section className="item-details" aria-label={title}>
      <div className="run-title">
        <h3>{title}</h3>
        <StatusBadge status={item.status} />
        <span className="muted">{formatDuration(elapsed(item.startedAt, item.finishedAt))}</span>
      </div>
      {item.error && (
        <p className="error node-error">
          <strong>Error:</strong> {item.error}
        </p>
      )}
      <JsonView value={item.item} label={`${title}: item`} />
      {item.itemTruncated && <p className="muted">The item is long; this is the beginning of its JSON.</p>}
      <h4>Its body’s tasks</h4>
      {item.tasks.length === 0 ? (
        <p className="muted">Its body has not started.</p>
      ) : (
        <ul className="item-tasks" aria-label={`${title}: tasks`}>
          {item.tasks.map((t) => (
            <li key={t.nodeId}>
              <button
                type="button"
                className={selected === t.node ? 'link selected' : 'link'}
                aria-pressed={selected === t.node}
                onClick={() => setSelected(t.node)}
              >
                {nodeOf(t.node).name}
              </button>{' '}
              <StatusBadge status={t.status} />
            </li>
          ))}
        </ul>
      )}
      {task && selected && (
        <>
          <NodeDetails
            key={task.nodeId}
            runId={runId}
            row={{ node: nodeOf(selected), task }}
            title={`${nodeOf(selected).name}, item ${item.index}`}
          />
          {nodeOf(selected).type === 'for_each' && (
            <LoopItems
              key={`${selected}-${item.index}`}
              runId={runId}
              loop={nodeOf(selected)}
              path={[...path, item.index]}
              nodes={nodes}
              live={live}
            />
          )}
        </>
      )}
    </section>
  );
}
