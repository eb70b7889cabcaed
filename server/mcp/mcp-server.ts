import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { AppServices } from '../app-services';
import type { User } from '../../core/db/models';
import type { Logger } from '../../core/logging/logger';
import type { McpTool } from './mcp-tool';
import { proposeTool } from './propose-tool';
import { readTools } from './read-tools';
import { agentWorkflows, workflowTool } from './workflow-tools';

/** The version of the tools this server offers, for clients that show it. */
const MCP_SERVER_VERSION = '1.0.0';

/** Every tool `user` has: one per workflow they offer agents, then the app's own. */
async function toolsOf(services: AppServices, user: User): Promise<Map<string, McpTool>> {
  const offered = await agentWorkflows(services.models, user);
  const tools = [
    ...offered.map(({ workflow, name }) => workflowTool(services, user, workflow, name)),
    ...readTools(services, user, new Map(offered.map(({ workflow, name }) => [workflow.id, name]))),
    proposeTool(services, user),
  ];
  return new Map(tools.map((tool) => [tool.definition.name, tool]));
}

/**
 * The MCP server of one request, acting as `user` (the API token's owner). The tools are built
 * from the database when first asked for: workflow tools take JSON Schemas declared at run time,
 * which the SDK's registerTool (zod shapes) does not take, so the server answers tools/list and
 * tools/call itself.
 */
export function createMcpServer(services: AppServices, user: User, log: Logger): McpServer {
  const server = new McpServer(
    { name: 'ai-workflow-agent', title: 'AI Workflow Agent', version: MCP_SERVER_VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        'Runs the workflows its owner offers to agents (one tool each), reads workflows and runs, and proposes new workflows for the owner to accept in the app.',
    },
  );
  let tools: Promise<Map<string, McpTool>> | null = null;
  const load = () => (tools ??= toolsOf(services, user));
  server.server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [...(await load()).values()].map((tool) => tool.definition),
  }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = (await load()).get(request.params.name);
    // A workflow of someone else, not offered to agents, or not active is no tool of this caller.
    if (!tool)
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}. Call tools/list for yours.`);
    try {
      return await tool.call(request.params.arguments ?? {});
    } catch (error) {
      // The message and stack, not the error object: a database error carries its SQL and values.
      log.error(
        { tool: request.params.name, stack: error instanceof Error ? error.stack : String(error) },
        'tool failed',
      );
      throw new McpError(ErrorCode.InternalError, `The tool ${request.params.name} failed on the server.`);
    }
  });
  return server;
}
