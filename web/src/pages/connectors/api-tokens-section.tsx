import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { ConfirmButton } from '../../ui/confirm-button';
import { formatDateTime } from '../../ui/format';
import { QueryView } from '../../ui/query-view';
import { StatusBadge } from '../../ui/status-badge';
import { NewApiTokenForm } from './new-api-token-form';
import '../../ui/stacked-table.css';
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
        For scripts and other apps calling this API as you: send <code>Authorization: Bearer &lt;token&gt;</code>. A token is shown once, when it is created.
      </p>
      <OutcomeMessage outcome={outcome} />
      <QueryView query={tokens} label="API tokens" isEmpty={(list) => list.length === 0} empty="No API tokens yet.">
        {(list) => (
          <div className="table-wrap">
            <table className="stack-on-phone">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Starts with</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {list.map((token) => (
                  <tr key={token.id}>
                    <td data-label="Name" className="wrap-anywhere">{token.name}</td>
                    <td data-label="Starts with">
                      <code>{token.tokenPrefix}…</code>
                    </td>
                    <td data-label="Status">
                      <StatusBadge status={tokenState(token)} />
                    </td>
                    <td data-label="Created">{formatDateTime(token.createdAt)}</td>
                    <td data-label="Last used">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : <span className="muted">never</span>}</td>
                    <td data-label="Expires">{token.expiresAt ? formatDateTime(token.expiresAt) : <span className="muted">never</span>}</td>
                    <td data-label="Actions">
                      {!token.revokedAt && (
                        <ConfirmButton
                          label="Revoke"
                          accessibleLabel={`Revoke token ${token.name}`}
                          question={`Revoke ${token.name}? Apps using it lose access at once.`}
                          disabled={revoke.isPending}
                          onConfirm={() => revoke.mutate({ id: token.id })}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      <NewApiTokenForm onCreated={() => setOutcome(null)} />
    </section>
  );
}
