import { z } from 'zod';
import type { AppServices } from '../app-services';
import { storableJson } from '../../core/db/storable';
import { recordAudit } from '../audit/audit.service';
import type { User, Workflow } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { agentInputSchemaProblem } from './agent-input-schema';
import { findAccessibleWorkflow } from './workflow-access';

/** `workflows.setAgentTool`'s input. */
export const agentToolSettingsSchema = z.object({
  workflowId: z.uuid(),
  /** Offered to AI agents (the MCP server) as a tool while the workflow is active. */
  enabled: z.boolean(),
  /** The JSON Schema of the tool's arguments; null for any JSON object. */
  inputSchema: storableJson.nullable().default(null),
});
type AgentToolSettings = z.infer<typeof agentToolSettingsSchema>;

/** Makes a workflow available to AI agents, or not, with the schema of its tool's arguments. */
export async function setAgentTool(
  services: Pick<AppServices, 'models' | 'sequelize'>,
  user: User,
  settings: AgentToolSettings,
): Promise<Workflow> {
  const workflow = await findAccessibleWorkflow(services.models, user, settings.workflowId);
  const problem = settings.inputSchema === null ? null : agentInputSchemaProblem(settings.inputSchema);
  if (problem) throw new AppError('BAD_REQUEST', problem);
  await services.sequelize.transaction(async (transaction) => {
    await workflow.update(
      {
        agentTool: settings.enabled,
        agentInputSchema: settings.inputSchema as Record<string, unknown> | null,
      },
      { transaction },
    );
    await recordAudit(
      services.models,
      {
        actorId: user.id,
        action: 'workflow.set_agent_tool',
        resourceType: 'workflow',
        resourceId: workflow.id,
        details: { enabled: settings.enabled, inputSchema: settings.inputSchema !== null },
      },
      transaction,
    );
  });
  return workflow;
}
