import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTRPC } from '../../trpc';
import { ErrorMessage } from '../../ui/query-view';
import type { ChatMessage } from './chat-message';
import { ProposalTabs } from './proposal-tabs';
import { ProposalTest } from './proposal-test';
import { ReplyWarnings } from './reply-warnings';

const headingId = 'proposal-title';

/**
 * The right-hand side: the latest proposal of the conversation with what it would change, and the
 * decision on it. Accepting saves it as the workflow (a new draft for a new conversation, a new
 * version otherwise); discarding sets it aside.
 */
export function ProposalPanel({
  conversationId,
  workflowId,
  workflowName,
  messages,
}: {
  conversationId: string;
  workflowId: string | null;
  workflowName: string | null;
  messages: ChatMessage[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const latest = messages.findLast((m) => m.proposedSpec !== null) ?? null;

  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.chat.messages.queryFilter({ conversationId }));
    // The panel's content changes under the button just pressed: keep focus in the panel.
    document.getElementById(headingId)?.focus();
  };
  const accept = useMutation(
    trpc.chat.accept.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.workflows.pathFilter());
        await refresh();
      },
    }),
  );
  const discard = useMutation(trpc.chat.discard.mutationOptions({ onSuccess: refresh }));
  const deciding = accept.isPending || discard.isPending;
  const savedWorkflowId = accept.data?.workflowId ?? workflowId;

  return (
    <section className="panel proposal-panel" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1}>
        Proposal
      </h2>
      {(!latest || latest.proposalStatus === 'discarded') && (
        <div className="empty-state">
          {latest ? (
            <p>Proposal discarded. Tell the assistant what to do differently and it will propose again.</p>
          ) : (
            <p>
              No proposal yet. Describe what should happen and when; the proposed workflow appears here as a graph, its
              spec and the changes it makes.
            </p>
          )}
        </div>
      )}
      {latest?.proposalStatus === 'accepted' && (
        <p className="success" role="status">
          Accepted and saved{workflowName ? ` to “${workflowName}”` : ''}.{' '}
          {savedWorkflowId && <Link to={`/workflows/${savedWorkflowId}`}>Open the workflow</Link>}
        </p>
      )}
      {latest?.proposalStatus === 'invalid' && (
        <p className="error">
          This proposal has problems the assistant could not fix, so it cannot be accepted. Tell it what to change.
        </p>
      )}
      {latest?.proposalStatus === 'proposed' && <ReplyWarnings warnings={latest.replyWarnings} />}
      {latest?.proposalStatus === 'proposed' && <ProposalTest key={latest.id} runId={latest.testRunId} />}
      {latest?.proposalStatus === 'proposed' && (
        <div className="proposal-decision">
          <p>
            {workflowId
              ? `Accepting saves this as a new version of “${workflowName ?? 'the workflow'}”.`
              : `Accepting saves this as a new draft workflow named “${latest.proposedName ?? 'New workflow'}”.`}
          </p>
          <div className="toolbar">
            <button type="button" disabled={deciding} onClick={() => accept.mutate({ messageId: latest.id })}>
              {accept.isPending ? 'Accepting…' : 'Accept'}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={deciding}
              onClick={() => discard.mutate({ messageId: latest.id })}
            >
              {discard.isPending ? 'Discarding…' : 'Discard'}
            </button>
          </div>
        </div>
      )}
      {/* A failed decision is about the proposal it was made on, not a newer one. */}
      {accept.error && accept.variables?.messageId === latest?.id && (
        <ErrorMessage message={`Could not accept the proposal: ${accept.error.message}`} />
      )}
      {discard.error && discard.variables?.messageId === latest?.id && (
        <ErrorMessage message={`Could not discard the proposal: ${discard.error.message}`} />
      )}
      {latest && latest.proposalStatus !== 'discarded' && (
        <ProposalTabs key={latest.id} message={latest} isNew={workflowId === null} />
      )}
    </section>
  );
}
