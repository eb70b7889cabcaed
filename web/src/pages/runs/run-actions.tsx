import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTRPC } from '../../trpc';
import { ErrorMessage } from '../../ui/query-view';
import { FixInChat } from './fix-in-chat';
import type { RunDetail } from './run-labels';

/**
 * Cancel (while it runs, after a confirmation), re-run or, for a failed run, resume from its failed
 * nodes (on the current or the original spec) or fix it in chat, and the run in Temporal's own UI. A test run is
 * never re-run or resumed (its spec may be a proposal nobody accepted): a new test is started instead.
 */
export function RunActions({ run, live }: { run: RunDetail; live: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [spec, setSpec] = useState<'current' | 'original'>('current');
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: () => setConfirming(false),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() }),
    }),
  );
  const openNewRun = (again: { id: string }) => {
    void queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() });
    void navigate(`/runs/${again.id}`);
  };
  const rerun = useMutation(trpc.runs.rerun.mutationOptions({ onSuccess: openNewRun }));
  const resume = useMutation(trpc.runs.resume.mutationOptions({ onSuccess: openNewRun }));
  const test = run.trigger === 'test';
  const resumable = !test && run.status === 'failed' && run.spec !== null;

  return (
    <div className="run-actions">
      <div className="toolbar">
        {live && !confirming && !cancel.isSuccess && (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Cancel run
          </button>
        )}
        {live && cancel.isSuccess && <span className="muted">Cancellation requested…</span>}
        {!test && (
          <>
            <label className="inline-label">
              Re-run or resume on
              <select
                value={spec}
                onChange={(event) => setSpec(event.target.value === 'original' ? 'original' : 'current')}
              >
                <option value="current">the workflow's current spec</option>
                {run.spec && <option value="original">the spec this run executed</option>}
              </select>
            </label>
            <button
              type="button"
              className="secondary"
              disabled={rerun.isPending}
              onClick={() => rerun.mutate({ runId: run.id, spec })}
            >
              {rerun.isPending ? 'Starting…' : 'Re-run'}
            </button>
          </>
        )}
        {resumable && (
          <button
            type="button"
            className="secondary"
            disabled={resume.isPending}
            title="Runs the failed nodes and what follows them, reusing the outputs of the nodes that succeeded"
            onClick={() => resume.mutate({ runId: run.id, spec })}
          >
            {resume.isPending ? 'Starting…' : 'Resume from failed node'}
          </button>
        )}
        {resumable && <FixInChat runId={run.id} />}
        {run.temporalUrl && (
          <a className="temporal-link" href={run.temporalUrl} target="_blank" rel="noreferrer">
            Open in Temporal Web UI
          </a>
        )}
      </div>
      {confirming && live && (
        <div className="confirm" role="group" aria-label="Confirm cancelling">
          <p>Cancel this run? Nodes in flight are stopped and the ones not yet started never run.</p>
          <div className="toolbar">
            <button
              type="button"
              className="danger"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate({ runId: run.id })}
            >
              {cancel.isPending ? 'Cancelling…' : 'Yes, cancel the run'}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it running
            </button>
          </div>
        </div>
      )}
      {cancel.isError && <ErrorMessage message={`Could not cancel the run: ${cancel.error.message}`} />}
      {rerun.isError && <ErrorMessage message={`Could not re-run: ${rerun.error.message}`} />}
      {resume.isError && <ErrorMessage message={`Could not resume: ${resume.error.message}`} />}
    </div>
  );
}
