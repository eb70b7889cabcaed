import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTRPC } from '../../trpc';
import { ErrorMessage } from '../../ui/query-view';

/**
 * "Fix in chat" for a failed run: opens a conversation about its workflow with the failure written
 * out as the first message, ready in the message box, so the person sees what the assistant will be
 * told before sending it; the assistant explains the cause and proposes a fix.
 */
export function FixInChat({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const fix = useMutation(
    trpc.chat.fixRun.mutationOptions({
      onSuccess: ({ conversationId, message }) =>
        void navigate(`/author/${conversationId}`, { state: { draft: message } }),
    }),
  );
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={fix.isPending}
        title="Asks the assistant why this run failed and how to fix it, with the failure attached"
        onClick={() => fix.mutate({ runId })}
      >
        {fix.isPending ? 'Opening…' : 'Fix in chat'}
      </button>
      {fix.isError && <ErrorMessage message={`Could not open a chat about this run: ${fix.error.message}`} />}
    </>
  );
}
