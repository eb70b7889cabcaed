import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { QueryView } from '../../ui/query-view';
import { formatDateTime } from '../../ui/format';
import { StatusBadge } from '../../ui/status-badge';
import { CreateUserForm } from './create-user-form';
import { UserActions } from './user-actions';
import '../../ui/stacked-table.css';
import { OutcomeMessage, type Outcome } from '../../ui/outcome-message';

type AdminUser = RouterOutputs['users']['list'][number];

/** Every account, with its role and whether it may sign in, and a form to add one. */
export function UsersPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const me = useQuery(trpc.auth.me.queryOptions());
  // One line for the outcome of the last change, so a refusal ("last admin") is not missed.
  const [outcome, setOutcome] = useState<Outcome>(null);

  const changed = (message: string) => {
    setOutcome({ ok: true, message });
    // The audit log has a new entry too.
    void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.auditLogs.list.pathKey() });
  };
  const failed = (message: string) => setOutcome({ ok: false, message });

  return (
    <div className="admin-users">
      <div className="panel">
        <h2>Users</h2>
        <OutcomeMessage outcome={outcome} />
        <QueryView query={users} label="users" isEmpty={(list) => list.length === 0} empty="No accounts yet.">
          {(list) => (
            <div className="table-wrap">
              <table className="users-table stack-on-phone">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((user: AdminUser) => (
                    <tr key={user.id}>
                      <td data-label="Name">
                        {user.name}
                        {user.id === me.data?.id && <span className="muted"> (you)</span>}
                      </td>
                      <td data-label="Email" className="wrap-anywhere">{user.email}</td>
                      <td data-label="Role">{user.role}</td>
                      <td data-label="Status">
                        <StatusBadge status={user.disabledAt ? 'disabled' : 'active'} />
                      </td>
                      <td data-label="Created">{formatDateTime(user.createdAt)}</td>
                      <td data-label="Actions">
                        <UserActions user={user} isSelf={user.id === me.data?.id} onChanged={changed} onFailed={failed} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      </div>
      <CreateUserForm onCreated={(user) => changed(`Created ${user.name} (${user.email}) as ${user.role}. They can sign in now.`)} />
    </div>
  );
}
