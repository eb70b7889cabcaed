import type { Transaction } from 'sequelize';
import type { Models, Workflow, WorkflowVersion } from './models';
import type { VersionSource } from './enums';

/** Records the workflow's current spec as its next version (1, 2, …). */
export async function recordVersion(
  models: Models,
  workflow: Workflow,
  origin: { source: VersionSource; createdBy: string | null; chatMessageId?: string | null },
  transaction?: Transaction,
): Promise<WorkflowVersion> {
  const latest =
    (await models.WorkflowVersion.max<number, WorkflowVersion>('version', {
      where: { workflowId: workflow.id },
      transaction,
    })) ?? 0;
  return models.WorkflowVersion.create(
    {
      workflowId: workflow.id,
      version: latest + 1,
      specJson: workflow.specJson,
      llmPromptVersion: workflow.llmPromptVersion,
      source: origin.source,
      createdBy: origin.createdBy,
      chatMessageId: origin.chatMessageId ?? null,
    },
    { transaction },
  );
}
