import type { CreationAttributes, Transaction } from 'sequelize';
import { WorkflowRun, type Models } from '../../core/db/models';
import { modelColumns } from '../../core/db/model-columns';
import { preparedStatement, runPrepared } from '../../core/db/prepared-statement';
import type { RunTrigger, TaskStatus } from '../../core/db/enums';
import type { TaskLogs } from '../../core/run/task-logs';
import type { TestPlan } from '../../core/run/test-plan';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import type { AuditEntry } from '../audit/audit.service';

/** A run as the API records it, before Temporal hears of it. */
export interface NewRun {
  id: string;
  workflowId: string;
  inputPayload: unknown;
  specSnapshot: WorkflowSpec;
  runTrigger: RunTrigger;
  /** Null for a run kept waiting by its workflow's overlap setting. */
  temporalWorkflowId: string | null;
  resumedFromRunId?: string | null;
  testPlan?: TestPlan | null;
}

/** A task row the run starts with: pending and empty, unless it is a reused one (`runs.resume`). */
export interface NewTask {
  nodeId: string;
  taskStatus?: TaskStatus;
  logs?: TaskLogs;
}

type InsertRunParam =
  | 'id'
  | 'workflowId'
  | 'inputPayload'
  | 'specSnapshot'
  | 'runTrigger'
  | 'temporalWorkflowId'
  | 'resumedFromRunId'
  | 'testPlan'
  | 'tasks'
  | 'actorId'
  | 'action'
  | 'details';

const insertRunStatement = preparedStatement<InsertRunParam, CreationAttributes<WorkflowRun>>(
  'insert-run',
  () =>
    `WITH run AS (
       INSERT INTO workflow_runs (id, workflow_id, input_payload, spec_snapshot, run_trigger, temporal_workflow_id,
                                  resumed_from_run_id, test_plan)
       VALUES (CAST(:id AS uuid), CAST(:workflowId AS uuid), CAST(:inputPayload AS jsonb), CAST(:specSnapshot AS jsonb),
               CAST(:runTrigger AS text), CAST(:temporalWorkflowId AS text), CAST(:resumedFromRunId AS uuid), CAST(:testPlan AS jsonb))
       RETURNING *
     ), tasks AS (
       INSERT INTO tasks (workflow_run_id, node_id, task_status, logs)
       SELECT r.id, t.node_id, coalesce(t.task_status, 'pending'), coalesce(t.logs, '{}')
         FROM run r, jsonb_to_recordset(CAST(:tasks AS jsonb)) AS t(node_id text, task_status text, logs jsonb)
     ), audit AS (
       INSERT INTO audit_logs (actor_id, action, resource_type, resource_id, details)
       SELECT CAST(:actorId AS uuid), CAST(:action AS text), 'workflow_run', r.id, CAST(:details AS jsonb) FROM run r
     )
     SELECT ${modelColumns(WorkflowRun, 'run')} FROM run`,
);

/**
 * Records a run, its task rows and the audit entry of its start in one prepared statement: one
 * round trip and one commit where there were six (BEGIN, the run's and the tasks' INSERTs, COMMIT,
 * and the audit entry's INSERT after Temporal's start), on the path every webhook delivery takes
 * (decision 0007). A statement is atomic, so the rows are all there or none is;
 * foreign keys are checked at its end, after the run's row exists. The audit entry is written
 * before Temporal hears of the run, so a run kept waiting is never claimed without it.
 */
export async function insertRun(
  models: Models,
  run: NewRun,
  tasks: NewTask[],
  audit: Pick<AuditEntry, 'actorId' | 'action' | 'details'>,
  transaction?: Transaction,
): Promise<WorkflowRun> {
  const [row] = await runPrepared(
    models.WorkflowRun.sequelize!,
    insertRunStatement,
    {
      id: run.id,
      workflowId: run.workflowId,
      inputPayload: JSON.stringify(run.inputPayload ?? {}),
      specSnapshot: JSON.stringify(run.specSnapshot),
      runTrigger: run.runTrigger,
      temporalWorkflowId: run.temporalWorkflowId,
      resumedFromRunId: run.resumedFromRunId ?? null,
      testPlan: run.testPlan ? JSON.stringify(run.testPlan) : null,
      tasks: JSON.stringify(
        tasks.map((task) => ({ node_id: task.nodeId, task_status: task.taskStatus ?? null, logs: task.logs ?? null })),
      ),
      actorId: audit.actorId,
      action: audit.action,
      details: JSON.stringify(audit.details ?? {}),
    },
    transaction,
  );
  return models.WorkflowRun.build(row!, { isNewRecord: false, raw: true });
}
