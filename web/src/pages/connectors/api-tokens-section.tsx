import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { ConfirmButton } from '../../ui/confirm-button';
import { formatDateTime } from '../../ui/format';
import { QueryView } from '../../ui/query-view';
import { StackedTable } from '../../ui/stacked-table';
import { StatusBadge } from '../../ui/status-badge';
import { NewApiTokenForm } from './new-api-token-form';
import { OutcomeMessage, type Outcome } from '../../ui/outcome-message';

type ApiToken = RouterOutputs['apiTokens']['list'][number];

function tokenState(token: ApiToken): string {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

/** The signed-in person's API tokens (Bearer credentials for scripts and other apps). */
export function ApiTokensSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.apiTokens.list.queryOptions());
  const [outcome, setOutcome] = useState<Outcome>(null);
  const revoke = useMutation(
    trpc.apiTokens.revoke.mutationOptions({
      onSuccess: (token) => {
        setOutcome({ ok: true, message: `Revoked ${token.name}; requests using it are refused from now on.` });
        void queryClient.invalidateQueries({ queryKey: trpc.apiTokens.list.queryKey() });
      },
      onError: (error) => setOutcome({ ok: false, message: `Could not revoke the token: ${error.message}` }),
    }),
  );

  return (
    <section className="panel" aria-labelledby="api-tokens-title">
      <h2 id="api-tokens-title">API tokens</h2>
      <p className="muted">
        For scripts and other apps calling this API as you: send <code>Authorization: Bearer &lt;token&gt;</code>. A
        token is shown once, when it is created.
      </p>
      <OutcomeMessage outcome={outcome} />
      <QueryView query={tokens} label="API tokens" isEmpty={(list) => list.length === 0} empty="No API tokens yet.">
        {(list) => (
          <StackedTable
            rows={list}
            rowKey={(token) => token.id}
            columns={[
              { label: 'Name', className: 'wrap-anywhere', cell: (token) => token.name },
              { label: 'Starts with', cell: (token) => <code>{token.tokenPrefix}…</code> },
              { label: 'Status', cell: (token) => <StatusBadge status={tokenState(token)} /> },
              { label: 'Created', cell: (token) => formatDateTime(token.createdAt) },
              {
                label: 'Last used',
                cell: (token) =>
                  token.lastUsedAt ? formatDateTime(token.lastUsedAt) : <span className="muted">never</span>,
              },
              {
                label: 'Expires',
                cell: (token) =>
                  token.expiresAt ? formatDateTime(token.expiresAt) : <span className="muted">never</span>,
              },
              {
                label: 'Actions',
                cell: (token) =>
                  !token.revokedAt && (
                    <ConfirmButton
                      label="Revoke"
                      accessibleLabel={`Revoke token ${token.name}`}
                      question={`Revoke ${token.name}? Apps using it lose access at once.`}
                      disabled={revoke.isPending}
                      onConfirm={() => revoke.mutate({ id: token.id })}
                    />
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      <NewApiTokenForm onCreated={() => setOutcome(null)} />
    </section>
  );
}
