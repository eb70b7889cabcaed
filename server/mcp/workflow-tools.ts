import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { AppServices } from '../app-services';
import type { Models, User, Workflow } from '../../core/db/models';
import { runInputSchema } from '../../core/run/run-input';
import { startRun } from '../runs/runs.service';
import { runResultSchema, waitForRunResult } from '../runs/run-result.service';
import { agentArgumentsProblem } from '../workflows/agent-input-schema';
import { jsonSchemaOf } from './json-schema-of';
import { refusalsAsToolErrors, toolError, toolResult, type McpTool } from './mcp-tool';

/**
 * How long a tool call waits for its run: under the 60 s an MCP client waits for an answer by
 * default. A longer run is answered "running", with its id for `get_run`.
 */
export const AGENT_RUN_WAIT_SECONDS = 30;
/** Most workflow tools offered: a model reads every tool's description on every session. */
export const MAX_AGENT_TOOLS = 100;
/**
 * Most tool calls one person's agents may have waiting for runs at once, per API process: each
 * holds a request open for up to AGENT_RUN_WAIT_SECONDS.
 */
export const MAX_WAITING_AGENT_CALLS = 10;
const waitingCalls = new Map<string, number>();

/**
 * A workflow's tool name: its name in lower-case words joined by "_" (MCP names allow letters,
 * digits, "_", "-" and "."), then the first `idChars` hex digits of its id, which keep it unique
 * and stable while the workflow keeps its name.
 */
export function toolNameFor(workflow: Pick<Workflow, 'id' | 'name'>, idChars = 8): string {
  const words = workflow.name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 48)
    .replace(/^_+|_+$/g, '');
  return `${words || 'workflow'}_${workflow.id.replace(/-/g, '').slice(0, idChars)}`;
}

/**
 * The workflows `user` offers agents, with their tool names: their own (an admin's agent is not
 * offered every member's workflows), active, and marked available to agents; the most recently
 * changed first. Two whose short names clash (ids alike in their first 8 digits) get the whole id.
 */
export async function agentWorkflows(models: Models, user: User) {
  const rows = await models.Workflow.findAll({
    where: { ownerId: user.id, status: 'active', agentTool: true },
    // Not the spec: a tool needs its name, description and schema, on every list and call.
    attributes: ['id', 'name', 'description', 'agentInputSchema', 'updatedAt'],
    order: [
      ['updatedAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: MAX_AGENT_TOOLS,
  });
  const names = rows.map((workflow) => toolNameFor(workflow));
  return rows.map((workflow, i) => ({
    workflow,
    name: names.indexOf(names[i]!) === names.lastIndexOf(names[i]!) ? names[i]! : toolNameFor(workflow, 32),
  }));
}

const freeObject = { type: 'object', additionalProperties: true } as const;
const runResultJsonSchema = jsonSchemaOf(runResultSchema);

/** The tool that runs `workflow` as `user` and waits for its result. */
export function workflowTool(services: AppServices, user: User, workflow: Workflow, name: string): McpTool {
  const declared = workflow.agentInputSchema;
  return {
    definition: {
      name,
      title: workflow.name,
      description:
        `Runs the workflow "${workflow.name}"${workflow.description ? `: ${workflow.description}` : ''}. ` +
        `The arguments are the run's input. Waits up to ${AGENT_RUN_WAIT_SECONDS} s for the run to end and returns ` +
        'its runId, status and the output of its final node; a run still going comes back with status "running" ' +
        'or "pending": read it later with get_run.',
      inputSchema: (declared ?? freeObject) as Tool['inputSchema'],
      outputSchema: runResultJsonSchema,
    },
    async call(args) {
      const problem = declared ? agentArgumentsProblem(declared, args) : null;
      if (problem) return toolError(`Invalid arguments: ${problem}.`);
      const input = runInputSchema.safeParse(args);
      if (!input.success) return toolError(`Invalid arguments: ${input.error.issues[0]?.message}.`);
      const waiting = waitingCalls.get(user.id) ?? 0;
      if (waiting >= MAX_WAITING_AGENT_CALLS)
        return toolError(
          `${MAX_WAITING_AGENT_CALLS} runs you started are already being waited for; call again once one has answered.`,
        );
      waitingCalls.set(user.id, waiting + 1);
      try {
        return await refusalsAsToolErrors(async () => {
          const run = await startRun(services, user, { workflowId: workflow.id, input: input.data, trigger: 'agent' });
          const result = await waitForRunResult(services, run, AGENT_RUN_WAIT_SECONDS * 1000);
          return toolResult(result, result.status === 'failed' || result.status === 'cancelled');
        });
      } finally {
        const left = (waitingCalls.get(user.id) ?? 1) - 1;
        if (left === 0) waitingCalls.delete(user.id);
        else waitingCalls.set(user.id, left);
      }
    },
  };
}
