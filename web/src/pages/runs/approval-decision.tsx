import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc';
import { formatDateTime } from '../../ui/format';
import { ErrorMessage } from '../../ui/query-view';

/** The question an approval node asks, rendered by the worker into its output while it waits. */
function readQuestion(output: unknown): { question?: string; deadline?: string } {
  return output && typeof output === 'object' ? (output as { question?: string; deadline?: string }) : {};
}

/** Approve or reject a waiting approval node, with an optional comment kept in its output. */
export function ApprovalDecision({ runId, nodeId, output }: { runId: string; nodeId: string; output: unknown }) {
  const trpc = useTRPC();
  const [comment, setComment] = useState('');
  const decide = useMutation(trpc.runs.decideApproval.mutationOptions());
  const { question, deadline } = readQuestion(output);
  const submit = (decision: 'approved' | 'rejected') =>
    decide.mutate({ runId, nodeId, decision, comment: comment.trim() || null });

  return (
    <form className="approval" aria-label="Decision" onSubmit={(event) => event.preventDefault()}>
      <h3>Waiting for a decision</h3>
      {question && <p className="approval-question">{question}</p>}
      {deadline && (
        <p className="muted">Decide before {formatDateTime(deadline)}; after that the node's timeout rule applies.</p>
      )}
      {decide.isSuccess ? (
        <p className="success" role="status">
          Decision sent; the run carries on.
        </p>
      ) : (
        <>
          <label>
            Comment (optional)
            <textarea value={comment} maxLength={2000} onChange={(event) => setComment(event.target.value)} />
          </label>
          <div className="toolbar">
            <button type="button" disabled={decide.isPending} onClick={() => submit('approved')}>
              Approve
            </button>
            <button type="button" className="danger" disabled={decide.isPending} onClick={() => submit('rejected')}>
              Reject
            </button>
          </div>
        </>
      )}
      {decide.isError && <ErrorMessage message={`Could not send the decision: ${decide.error.message}`} />}
    </form>
  );
}
