import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorCode, useTRPC, type RouterOutputs } from '../../trpc';
import { QueryView } from '../../ui/query-view';
import { AlertsPanel } from './alerts-panel';
import { AgentToolPanel } from './agent-tool-panel';
import { EditSpecPanel } from './edit-spec-panel';
import { RecentRunsPanel } from './recent-runs-panel';
import { PinnedOutputsPanel } from './pinned-outputs-panel';
import { RunNowPanel } from './run-now-panel';
import { SpecViews } from './spec-views';
import { TestRunPanel } from './test-run-panel';
import { TestRunResult } from './test-run-result';
import { TriggerPanel } from './trigger-panel';
import { VersionsPanel } from './versions-panel';
import { WorkflowHeader } from './workflow-header';
import './workflows.css';
import { isUuid } from '../../../../core/db/uuid';

type Workflow = RouterOutputs['workflows']['get'];

/** One workflow: graph, versions, trigger, activation, run now, test runs and their pinned outputs, failure alerts, agents. */
export function WorkflowPage() {
  const trpc = useTRPC();
  const { workflowId = '' } = useParams();
  // An address that is not a workflow id cannot name one: no need to ask the API.
  const wellFormed = isUuid(workflowId);
  const workflow = useQuery({ ...trpc.workflows.get.queryOptions({ workflowId }), enabled: wellFormed });
  if (!wellFormed || errorCode(workflow.error) === 'NOT_FOUND') return <WorkflowNotFound />;
  return (
    <section aria-labelledby="page-title" className="wf-page">
      <QueryView query={workflow} label="the workflow">
        {(data) => <WorkflowDetails workflow={data} />}
      </QueryView>
    </section>
  );
}

function WorkflowDetails({ workflow }: { workflow: Workflow }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<{ version: number | null } | null>(null);
  const [testRunId, setTestRunId] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  // Closing the editor returns focus to the button that opened it, instead of losing it with the form.
  const close = () => {
    setEditing(false);
    editButton.current?.focus();
  };
  return (
    <>
      <WorkflowHeader
        workflow={workflow}
        editButtonRef={editButton}
        editSpec={{
          open: editing,
          onToggle: () => {
            setSaved(null);
            if (editing) close();
            else setEditing(true);
          },
        }}
      />
      {saved && (
        <p className="success" role="status">
          Spec saved{saved.version === null ? '' : ` as version ${saved.version}`}: the graph and versions below show
          it.
        </p>
      )}
      {editing && (
        <EditSpecPanel
          workflow={workflow}
          onSaved={(version) => {
            setSaved({ version });
            close();
          }}
          onCancel={close}
        />
      )}
      <div className="two-columns">
        <section className="panel" aria-labelledby="spec-title">
          <h2 id="spec-title">Graph and spec</h2>
          <SpecViews spec={workflow.spec} label="Current spec" />
        </section>
        <div>
          <TriggerPanel workflow={workflow} />
          <RunNowPanel workflow={workflow} />
          <TestRunPanel workflow={workflow} onStarted={setTestRunId} />
          <AlertsPanel workflowId={workflow.id} />
          <AgentToolPanel workflow={workflow} />
        </div>
      </div>
      {testRunId && <TestRunResult runId={testRunId} />}
      <PinnedOutputsPanel workflow={workflow} />
      <RecentRunsPanel workflowId={workflow.id} />
      <VersionsPanel workflowId={workflow.id} />
    </>
  );
}

/** Missing and someone else's look the same: the API answers NOT_FOUND for both. */
function WorkflowNotFound() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Workflow not found</h1>
      <p>
        There is no workflow at this address that you can see: it may have been deleted, or it belongs to someone else.{' '}
        <Link to="/workflows">Back to your workflows</Link>.
      </p>
    </section>
  );
}
