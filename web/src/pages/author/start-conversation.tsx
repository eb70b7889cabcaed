import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorCode, useTRPC } from '../../trpc';
import { ErrorMessage } from '../../ui/query-view';

/**
 * Opens a new conversation (about `workflowId`, when given) and moves to its own address, so the
 * conversation can be reopened; the start replaces /author in the history, so Back leaves the page.
 */
export function StartConversation({ workflowId }: { workflowId: string | null }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const start = useMutation(trpc.chat.start.mutationOptions());
  // Moves on when the start answers, from the callback of this call: a page left meanwhile has
  // unmounted, so the callback does not run and nobody is pulled back to a conversation they left
  // (a <Navigate> rendered with the answer could still fire after the person went elsewhere).
  const begin = () =>
    start.mutate(
      { workflowId },
      { onSuccess: ({ conversationId }) => void navigate(`/author/${conversationId}`, { replace: true }) },
    );
  // Once per mount: StrictMode runs effects twice in development, and each start is a new conversation.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    begin();
  });

  if (start.isError) {
    return (
      <>
        <ErrorMessage
          message={`Could not start a conversation: ${start.error.message}`}
          // Trying again cannot bring back a workflow that is not there (or not yours).
          onRetry={errorCode(start.error) === 'NOT_FOUND' ? undefined : begin}
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
