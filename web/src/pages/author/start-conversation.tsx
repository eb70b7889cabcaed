import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, Navigate } from 'react-router';
import { errorCode, useTRPC } from '../../trpc';
import { ErrorMessage } from '../../ui/query-view';

/**
 * Opens a new conversation (about `workflowId`, when given) and moves to its own address, so the
 * conversation can be reopened; the start replaces /author in the history, so Back leaves the page.
 */
export function StartConversation({ workflowId }: { workflowId: string | null }) {
  const trpc = useTRPC();
  const start = useMutation(trpc.chat.start.mutationOptions());
  // Once per mount: StrictMode runs effects twice in development, and each start is a new conversation.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start.mutate({ workflowId });
  }, [start, workflowId]);

  if (start.data) return <Navigate to={`/author/${start.data.conversationId}`} replace />;
  if (start.isError) {
    return (
      <>
        <ErrorMessage
          message={`Could not start a conversation: ${start.error.message}`}
          // Trying again cannot bring back a workflow that is not there (or not yours).
          onRetry={errorCode(start.error) === 'NOT_FOUND' ? undefined : () => start.mutate({ workflowId })}
        />
        {workflowId && (
          <p>
            <Link to="/author">Start a new workflow instead</Link>
          </p>
        )}
      </>
    );
  }
  return (
    <p className="muted" role="status">
      Starting a conversation…
    </p>
  );
}
