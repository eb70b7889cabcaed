import { Link } from 'react-router';
import type { RouterOutputs } from '../../trpc';
import { formatDateTime } from '../../ui/format';
import { StatusBadge } from '../../ui/status-badge';
import { triggerText } from '../../ui/trigger-text';

type WorkflowItem = RouterOutputs['workflows']['list']['items'][number];
type Owner = RouterOutputs['users']['list'][number];

/** The workflows as a table; with `owners` (admins only) an Owner column says whose each one is. */
export function WorkflowsTable({ items, owners }: { items: WorkflowItem[]; owners: Owner[] | null }) {
  const ownerById = new Map((owners ?? []).map((owner) => [owner.id, owner]));
  return (
    <div className="table-wrap">
      <table className="workflows-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            {owners && <th scope="col">Owner</th>}
            <th scope="col">Status</th>
            <th scope="col">Trigger</th>
            <th scope="col">Last updated</th>
          </tr>
        </thead>
        <tbody>
          {items.map((workflow) => {
            const owner = ownerById.get(workflow.ownerId);
            return (
              <tr key={workflow.id}>
                <td className="wf-cell-name">
                  <Link to={`/workflows/${workflow.id}`}>{workflow.name}</Link>
                  {workflow.description && <p className="muted wf-description">{workflow.description}</p>}
                </td>
                {owners && (
                  <td className="wf-wrap">
                    {owner ? owner.email : <code title={workflow.ownerId}>{workflow.ownerId.slice(0, 8)}</code>}
                  </td>
                )}
                <td>
                  <StatusBadge status={workflow.status} />
                </td>
                <td>{triggerText(workflow.trigger)}</td>
                <td className="wf-cell-updated">
                  <time dateTime={new Date(workflow.updatedAt).toISOString()}>
                    {formatDateTime(workflow.updatedAt)}
                  </time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
