import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { ConfirmButton } from '../../ui/confirm-button';
import { formatDateTime } from '../../ui/format';
import { ErrorMessage } from '../../ui/query-view';
import { StackedTable } from '../../ui/stacked-table';
import { NewSecretForm } from './new-secret-form';
import { useOwnerLabel } from './owner-label';
import { ReplaceSecretForm } from './replace-secret-form';
import { OutcomeMessage, type Outcome } from '../../ui/outcome-message';

type Secret = RouterOutputs['secrets']['list']['items'][number];

/** Named secrets: their names and dates are listed; values go in and never come back out. */
export function SecretsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const secrets = useInfiniteQuery(
    trpc.secrets.list.infiniteQueryOptions({ limit: 25 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const ownerOf = useOwnerLabel();
  const [replacing, setReplacing] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.secrets.list.pathKey() });
  // Returning the refetch keeps the deletion pending until the list no longer shows the secret.
  const remove = useMutation(trpc.secrets.delete.mutationOptions({ onSuccess: refresh }));
  const items = secrets.data?.pages.flatMap((page) => page.items) ?? [];

  function deleteSecret(secret: Secret) {
    setOutcome(null);
    remove.mutate(
      { id: secret.id },
      {
        onSuccess: () => setOutcome({ ok: true, message: `Deleted ${secret.name}.` }),
        onError: (error) => setOutcome({ ok: false, message: `Could not delete ${secret.name}: ${error.message}` }),
      },
    );
  }

  return (
    <section className="panel" aria-labelledby="secrets-title">
      <h2 id="secrets-title">Secrets</h2>
      <p className="muted">
        Values workflows need but nobody should read back, such as API keys. Stored encrypted; only the names are ever
        shown.
      </p>
      <OutcomeMessage outcome={outcome} />
      {secrets.isPending ? (
        <p className="muted" role="status">
          Loading secrets…
        </p>
      ) : secrets.isError && items.length === 0 ? (
        <ErrorMessage
          message={`Could not load secrets: ${secrets.error.message}`}
          onRetry={() => void secrets.refetch()}
        />
      ) : items.length === 0 ? (
        <div className="empty-state">No secrets yet. Add one below.</div>
      ) : (
        <StackedTable
          rows={items}
          rowKey={(secret) => secret.id}
          columns={[
            { label: 'Name', className: 'wrap-anywhere', cell: (secret) => <code>{secret.name}</code> },
            ownerOf && { label: 'Owner', cell: (secret) => ownerOf(secret.ownerId) },
            { label: 'Value last set', cell: (secret) => formatDateTime(secret.updatedAt) },
            {
              label: 'Actions',
              cell: (secret) =>
                replacing === secret.id ? (
                  <ReplaceSecretForm
                    secret={secret}
                    onDone={(message) => {
                      setReplacing(null);
                      if (message) setOutcome({ ok: true, message });
                      void refresh();
                    }}
                  />
                ) : (
                  <div className="row-actions">
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={`Replace the value of ${secret.name}`}
                      onClick={() => setReplacing(secret.id)}
                    >
                      Replace value
                    </button>
                    <ConfirmButton
                      label="Delete"
                      accessibleLabel={`Delete secret ${secret.name}`}
                      question={`Delete ${secret.name}? Whatever uses it stops working.`}
                      disabled={remove.isPending}
                      onConfirm={() => deleteSecret(secret)}
                    />
                  </div>
                ),
            },
          ]}
        />
      )}
      {secrets.hasNextPage && (
        <button
          type="button"
          className="secondary load-more"
          disabled={secrets.isFetchingNextPage}
          onClick={() => void secrets.fetchNextPage()}
        >
          {secrets.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
      <NewSecretForm
        onCreated={(name) => {
          setOutcome({ ok: true, message: `Saved ${name}. Its value will not be shown again.` });
          void refresh();
        }}
      />
    </section>
  );
}
