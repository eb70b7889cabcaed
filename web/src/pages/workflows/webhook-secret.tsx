import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';
import { ConfirmButton } from '../../ui/confirm-button';
import { ActionError } from './action-error';
import { CopyButton } from './copy-button';

/**
 * Creates or rotates the webhook secret. The new value lives only in this mutation's result: it is
 * never cached with queries nor fetched again, so leaving or reloading the page hides it for good.
 */
export function WebhookSecret({ workflowId, hasSecret }: { workflowId: string; hasSecret: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rotate = useMutation(
    trpc.workflows.rotateWebhookSecret.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.workflows.triggerDetails.queryKey({ workflowId }) }),
    }),
  );
  const secret = rotate.data?.secret;
  return (
    <div className="wf-secret-actions">
      {hasSecret ? (
        <ConfirmButton
          label="Rotate secret"
          question="Replace the secret? The current one stops working at once: senders must switch to the new one."
          confirmLabel="Replace secret"
          disabled={rotate.isPending}
          onConfirm={() => rotate.mutate({ workflowId })}
        />
      ) : (
        <button
          type="button"
          className="small"
          disabled={rotate.isPending}
          onClick={() => rotate.mutate({ workflowId })}
        >
          Create secret
        </button>
      )}
      <ActionError error={rotate.error} action="create the secret" />
      {secret && (
        <div className="wf-new-secret" role="region" aria-label="New webhook secret">
          <p>
            <strong>Copy this secret now: it will not be shown again.</strong> Store it where the sender keeps its
            credentials.
          </p>
          <code className="wf-wrap">{secret}</code>
          <div className="toolbar">
            <CopyButton text={secret} label="Copy secret" />
            <button type="button" className="secondary small" onClick={() => rotate.reset()}>
              I have stored it
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
