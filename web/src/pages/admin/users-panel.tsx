import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc';
import { QueryView } from '../../ui/query-view';
import { formatDateTime } from '../../ui/format';
import { StackedTable } from '../../ui/stacked-table';
import { StatusBadge } from '../../ui/status-badge';
import { CreateUserForm } from './create-user-form';
import { UserActions } from './user-actions';
import { OutcomeMessage, type Outcome } from '../../ui/outcome-message';

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
            <StackedTable
              className="users-table"
              rows={list}
              rowKey={(user) => user.id}
              columns={[
                {
                  label: 'Name',
                  cell: (user) => (
                    <>
                      {user.name}
                      {user.id === me.data?.id && <span className="muted"> (you)</span>}
                    </>
                  ),
                },
                { label: 'Email', className: 'wrap-anywhere', cell: (user) => user.email },
                { label: 'Role', cell: (user) => user.role },
                { label: 'Status', cell: (user) => <StatusBadge status={user.disabledAt ? 'disabled' : 'active'} /> },
                { label: 'Created', cell: (user) => formatDateTime(user.createdAt) },
                {
                  label: 'Actions',
                  cell: (user) => (
                    <UserActions user={user} isSelf={user.id === me.data?.id} onChanged={changed} onFailed={failed} />
                  ),
                },
              ]}
            />
          )}
        </QueryView>
      </div>
      <CreateUserForm
        onCreated={(user) => changed(`Created ${user.name} (${user.email}) as ${user.role}. They can sign in now.`)}
      />
    </div>
  );
}
