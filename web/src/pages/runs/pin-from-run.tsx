import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTRPC } from '../../trpc';
import { ErrorMessage } from '../../ui/query-view';

/**
 * "Pin this output": pins the node's output in this run on the workflow's current version
 * (`fromRunId`), so test runs answer with it. The API refuses an output cut for storage, a node
 * the current spec no longer has, or one of another shape; its message is shown as it is.
 */
export function PinFromRun({ workflowId, runId, nodeId }: { workflowId: string; runId: string; nodeId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pin = useMutation(
    trpc.workflows.pin.mutationOptions({
      onSuccess: (pins) => queryClient.setQueryData(trpc.workflows.pins.queryKey({ workflowId }), pins),
    }),
  );
  return (
    <div className="pin-from-run">
      {pin.isSuccess ? (
        <p className="success" role="status">
          Pinned on version {pin.data.version}: test runs of this workflow answer with this output.{' '}
          <Link to={`/workflows/${workflowId}`}>See the pinned outputs</Link>
        </p>
      ) : (
        <button
          type="button"
          className="secondary small"
          disabled={pin.isPending}
          title="Test runs of this workflow answer with this output instead of calling; real runs never read it"
          onClick={() => pin.mutate({ workflowId, nodeId, fromRunId: runId })}
        >
          {pin.isPending ? 'Pinning…' : 'Pin this output'}
        </button>
      )}
      {pin.isError && <ErrorMessage message={`Could not pin the output: ${pin.error.message}`} />}
    </div>
  );
}
