import type { Transaction } from 'sequelize';
import type { Models, Workflow, WorkflowVersion } from './models';
import type { VersionSource } from './enums';
import { keptPins } from '../run/pins';

/**
 * Records the workflow's current spec as its next version (1, 2, …). The pins of the version before
 * carry over for the nodes the new spec keeps (pins.ts), so editing a spec loses no test data.
 */
export async function recordVersion(
  models: Models,
  workflow: Workflow,
  origin: { source: VersionSource; createdBy: string | null; chatMessageId?: string | null },
  transaction?: Transaction,
): Promise<WorkflowVersion> {
  const latest = await models.WorkflowVersion.findOne({
    where: { workflowId: workflow.id },
    order: [['version', 'DESC']],
    attributes: ['version', 'pinnedOutputs'],
    transaction,
  });
  return models.WorkflowVersion.create(
    {
      workflowId: workflow.id,
      version: (latest?.version ?? 0) + 1,
      specJson: workflow.specJson,
      llmPromptVersion: workflow.llmPromptVersion,
      source: origin.source,
      createdBy: origin.createdBy,
      chatMessageId: origin.chatMessageId ?? null,
      pinnedOutputs: keptPins(latest?.pinnedOutputs ?? {}, workflow.specJson),
    },
    { transaction },
  );
}
