import { z } from 'zod';
import type { AppServices } from '../app-services';
import type { Task, User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import type { TaskLogs } from '../../core/run/task-logs';
import { nodesRead } from '../../core/spec/node-references';
import type { SpecNode, WorkflowSpec } from '../../core/spec/spec.schema';
import { findAccessibleRun } from '../runs/run-access';
import { startConversation } from './chat.service';

/** The report must fit one chat message (`chat.send` takes 8,000 characters). */
const MAX_REPORT = 7500;
const MAX_VALUE = 1200;
const MAX_LOG_LINES = 8;

const brief = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}… (cut)` : text;
};

/** What one failed node did and read, in words the model and the person can both follow. */
function nodeReport(node: SpecNode, task: Task, tasks: Map<string, Task>, input: unknown): string {
  const logs = (task.logs ?? {}) as TaskLogs;
  const lines = [
    `Failed node: "${node.name}" (id ${node.id}, ${node.type}) after ${task.attemptCount} attempt(s).`,
    `Error${logs.error?.type ? ` (${logs.error.type})` : ''}: ${logs.error?.message ?? 'no message was recorded'}`,
    `Its config: ${brief(node.config)}`,
  ];
  const entries = (logs.entries ?? []).slice(-MAX_LOG_LINES);
  if (entries.length) lines.push('Its last log lines:', ...entries.map((e) => `- ${e.level}: ${e.message}`));
  const reads = nodesRead(node).map((id) => {
    const upstream = tasks.get(id);
    const output = (upstream?.logs as TaskLogs | undefined)?.output;
    return `- nodes.${id}: ${upstream?.taskStatus === 'success' ? brief(output) : `(${upstream?.taskStatus ?? 'not run'})`}`;
  });
  lines.push('What its templates read:', `- trigger: ${brief(input)}`, ...reads);
  return lines.join('\n');
}

/** The conversation opened about a failed run, and the message ready to send in it. */
export const fixConversationDtoSchema = z.object({
  conversationId: z.uuid(),
  workflowId: z.uuid(),
  message: z.string(),
});

/**
 * Opens a conversation about a failed run's workflow, and returns it with the message that asks the
 * model why the run failed and how to fix it, holding the failure: the failed nodes, their errors,
 * attempts, config, last log lines and the data they read. Secrets are never in any of these: specs
 * hold none, and tasks store no rendered credentials. The person sends the message as their own turn
 * (`chat.send`), so they see exactly what the model is told.
 */
export async function startFixConversation(
  services: AppServices,
  user: User,
  runId: string,
): Promise<z.infer<typeof fixConversationDtoSchema>> {
  const run = await findAccessibleRun(services.models, user, runId);
  if (run.runStatus !== 'failed')
    throw new AppError('CONFLICT', `Only a failed run can be fixed in chat; this one is ${run.runStatus}.`);
  if (run.runTrigger === 'test')
    throw new AppError('CONFLICT', 'This is a test run: its preview tells what failed; fix the spec it tested.');
  const spec = run.specSnapshot as WorkflowSpec | null;
  if (!spec) throw new AppError('CONFLICT', 'This run kept no copy of its spec, so its failure cannot be explained.');
  const tasks = new Map(
    (await services.models.Task.findAll({ where: { workflowRunId: run.id } })).map((t) => [t.nodeId, t]),
  );
  const failed = spec.nodes.flatMap((node) => {
    const task = tasks.get(node.id);
    return task?.taskStatus === 'failed' ? [nodeReport(node, task, tasks, run.inputPayload)] : [];
  });
  const summary = (run.resultSummary as { error?: string } | null)?.error;
  const report = [
    `Run ${run.id} of this workflow failed${run.finishedAt ? ` at ${run.finishedAt.toISOString()}` : ''}.`,
    'Explain the cause in plain words. If a change to the workflow fixes it, propose that change; if something outside the workflow must change (a connector, its credentials, the remote API), say what.',
    ...(summary ? [`The run's error: ${summary}`] : []),
    ...(failed.length ? failed : ['No node recorded a failure; the run failed as a whole.']),
  ].join('\n\n');
  const conversation = await startConversation(services, user, run.workflowId);
  return {
    conversationId: conversation.id,
    workflowId: run.workflowId,
    message: report.length > MAX_REPORT ? `${report.slice(0, MAX_REPORT)}\n… (the rest is cut)` : report,
  };
}
