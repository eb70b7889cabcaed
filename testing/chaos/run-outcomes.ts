import type { AppServices } from '../../server/app-services';

/**
 * Waits up to `timeoutMs` for the runs' Temporal executions to end, then sorts them: completed
 * (Temporal and PostgreSQL agree on success), lost (ended otherwise, or gone from Temporal) and
 * stuck (still running, or rows left unfinished); each lost or stuck run comes with its reason.
 */
export async function runOutcomes(
  services: AppServices,
  runs: Array<{ runId: string; workflowId: string }>,
  timeoutMs: number,
) {
  const { client } = services.temporal;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([
    Promise.all(
      runs.map(({ workflowId }) =>
        client.workflow
          .getHandle(workflowId)
          .result()
          .catch(() => undefined),
      ),
    ),
    deadline,
  ]);
  clearTimeout(timer);

  let completed = 0;
  const lost: string[] = [];
  const stuck: string[] = [];
  let extraAttempts = 0;
  for (const { runId, workflowId } of runs) {
    const status = await client.workflow
      .getHandle(workflowId)
      .describe()
      .then(
        (d) => d.status.name,
        (error: Error) => `gone (${error.message})`,
      );
    const run = await services.models.WorkflowRun.findByPk(runId, { rejectOnEmpty: true });
    const tasks = await services.models.Task.findAll({ where: { workflowRunId: runId } });
    extraAttempts += tasks.reduce((sum, t) => sum + Math.max(0, t.attemptCount - 1), 0);
    const unfinished = tasks
      .filter((t) => t.taskStatus !== 'success')
      .map((t) => {
        const last = t.logs.error?.message ?? t.logs.entries?.at(-1)?.message;
        return `${t.nodeId} ${t.taskStatus}${last ? ` (${last})` : ''}`;
      });
    const why = `run ${runId}: Temporal ${status}, row ${run.runStatus}${unfinished.length ? `, ${unfinished.join(', ')}` : ''}`;
    if (status === 'COMPLETED' && run.runStatus === 'success' && unfinished.length === 0) completed += 1;
    else if (status === 'RUNNING' || status === 'COMPLETED') stuck.push(`stuck ${why}`);
    else lost.push(`lost ${why}`);
  }
  return { completed, lost, stuck, extraAttempts };
}
