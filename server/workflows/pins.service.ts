import { z } from 'zod';
import type { AppServices } from '../app-services';
import { recordAudit } from '../audit/audit.service';
import type { Models, User, Workflow } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { pinRefusal } from '../../core/run/pins';
import type { TaskLogs } from '../../core/run/task-logs';
import { nodeTypeDefinitions } from '../../core/spec/node-types';
import { findAccessibleRun } from '../runs/run-access';
import { findAccessibleWorkflow } from './workflow-access';

/** The workflow's current version: pins belong to it. */
async function currentVersion(models: Models, workflow: Workflow) {
  const version = await models.WorkflowVersion.findOne({
    where: { workflowId: workflow.id },
    order: [['version', 'DESC']],
  });
  if (!version) throw new AppError('CONFLICT', 'This workflow has no saved version to pin outputs on.');
  return version;
}

/** A version's pinned outputs, by node id. */
export const pinsDtoSchema = z.object({ version: z.number().int(), pins: z.record(z.string(), z.unknown()) });
type PinsDto = z.infer<typeof pinsDtoSchema>;

/** The pinned outputs of the workflow's current version, by node id. */
export async function listPins(models: Models, user: User, workflowId: string): Promise<PinsDto> {
  const workflow = await findAccessibleWorkflow(models, user, workflowId);
  const version = await currentVersion(models, workflow);
  return { version: version.version, pins: version.pinnedOutputs };
}

/** The output a node had in a run of the workflow: whole, and a success. */
async function outputFromRun(models: Models, user: User, workflow: Workflow, runId: string, nodeId: string) {
  const run = await findAccessibleRun(models, user, runId);
  if (run.workflowId !== workflow.id) throw new AppError('BAD_REQUEST', 'That run is of another workflow.');
  const task = await models.Task.findOne({ where: { workflowRunId: run.id, nodeId } });
  const logs = (task?.logs ?? {}) as TaskLogs;
  if (task?.taskStatus !== 'success' || !('output' in logs))
    throw new AppError('BAD_REQUEST', `"${nodeId}" did not succeed in that run, so it has no output to pin.`);
  if (logs.outputTruncated)
    throw new AppError(
      'BAD_REQUEST',
      `"${nodeId}"'s output in that run was cut for storage; pin it typed as JSON instead.`,
    );
  return logs.output;
}

/**
 * Pins what `nodeId` answers in test runs, on the workflow's current version: `output` as given, or
 * the node's output in run `fromRunId`. Only nodes with outside effects take pins (core/run/pins.ts),
 * and the output must have the shape of what the node's type outputs, so that later templates
 * read in a test what they will read in a real run.
 */
export async function pinOutput(
  services: AppServices,
  user: User,
  input: { workflowId: string; nodeId: string } & ({ output: unknown } | { fromRunId: string }),
): Promise<PinsDto> {
  const { models } = services;
  const workflow = await findAccessibleWorkflow(models, user, input.workflowId);
  const refusal = pinRefusal(workflow.specJson, input.nodeId);
  if (refusal) throw new AppError('BAD_REQUEST', refusal);
  const output =
    'output' in input ? input.output : await outputFromRun(models, user, workflow, input.fromRunId, input.nodeId);
  const node = workflow.specJson.nodes.find((n) => n.id === input.nodeId)!;
  const shape = nodeTypeDefinitions[node.type].output.safeParse(output);
  if (!shape.success)
    throw new AppError(
      'BAD_REQUEST',
      `The output does not have the shape a ${node.type} node outputs: ${shape.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || 'the output'}: ${issue.message}`)
        .join('; ')}.`,
    );
  const version = await currentVersion(models, workflow);
  await services.sequelize.transaction(async (transaction) => {
    await version.update({ pinnedOutputs: { ...version.pinnedOutputs, [input.nodeId]: output } }, { transaction });
    await recordAudit(
      models,
      {
        actorId: user.id,
        action: 'workflow.pin',
        resourceType: 'workflow',
        resourceId: workflow.id,
        details: {
          nodeId: input.nodeId,
          version: version.version,
          ...('fromRunId' in input ? { fromRunId: input.fromRunId } : {}),
        },
      },
      transaction,
    );
  });
  return { version: version.version, pins: version.pinnedOutputs };
}

/** Removes a node's pin from the workflow's current version; test runs go back to other samples. */
export async function unpinOutput(
  services: AppServices,
  user: User,
  input: { workflowId: string; nodeId: string },
): Promise<PinsDto> {
  const { models } = services;
  const workflow = await findAccessibleWorkflow(models, user, input.workflowId);
  const version = await currentVersion(models, workflow);
  if (!Object.hasOwn(version.pinnedOutputs, input.nodeId))
    throw new AppError('BAD_REQUEST', `"${input.nodeId}" has no pinned output on version ${version.version}.`);
  const { [input.nodeId]: _removed, ...rest } = version.pinnedOutputs;
  await services.sequelize.transaction(async (transaction) => {
    await version.update({ pinnedOutputs: rest }, { transaction });
    await recordAudit(
      models,
      {
        actorId: user.id,
        action: 'workflow.unpin',
        resourceType: 'workflow',
        resourceId: workflow.id,
        details: { nodeId: input.nodeId, version: version.version },
      },
      transaction,
    );
  });
  return { version: version.version, pins: rest };
}
